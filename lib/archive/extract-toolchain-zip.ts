// Unpacks a verified golang.org/toolchain module zip into a staging directory as a GOROOT:
// every entry must sit under "golang.org/toolchain@<version>/" (which is stripped), names must
// be clean relative paths (no absolute paths, "..", ".", empty parts, backslashes) and unique
// even ignoring case (as the go command's collision check requires), "_go.mod" files become
// "go.mod" again, and modes are set by location since module zips carry none: bin/ and
// pkg/tool/ executable, everything else 0644. Files are created with O_EXCL|O_NOFOLLOW and
// directories are checked to be real directories, so nothing is written outside destDir.
// Entry count and the sum of declared sizes are capped (UnpackBudget) before anything is
// written; the zip reader then holds each entry to its declared size.

import { constants } from 'node:fs';
import { lstat, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import { GvxError, IntegrityError, fileSystemError } from '../errors.js';
import { truncateForMessage } from '../version/go-version.js';
import { type UnpackLimits, UnpackBudget } from './unpack-policy.js';
import { type ZipEntry, withZip } from './zip-reader.js';

/** golang.org/x/mod/zip MaxZipFile: the largest module zip, downloaded or unpacked. */
export const MAX_MODULE_ZIP_BYTES = 500 * 1024 * 1024;

export interface ExtractResult {
  readonly files: number;
  readonly directories: number;
  readonly bytes: number;
}

interface PlannedEntry {
  readonly entry: ZipEntry;
  /** Path below destDir, "/"-separated, after the _go.mod rename. */
  readonly path: string;
  readonly isDirectory: boolean;
}

function refuse(zipPath: string, name: string, why: string, code: IntegrityError['code'] = 'E_ARCHIVE_REFUSED'): IntegrityError {
  return new IntegrityError(code, `refusing ${zipPath}: entry "${truncateForMessage(name, 120)}" ${why}`, {
    hint: 'the toolchain module zip is corrupt or hostile; nothing was installed. Check GOPROXY',
  });
}

/** Checks every name first, so a bad entry anywhere refuses the zip before anything is written. */
function planToolchainZip(zipPath: string, entries: readonly ZipEntry[], prefix: string, limits: UnpackLimits): PlannedEntry[] {
  const top = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const seen = new Map<string, 'file' | 'dir'>();
  const claim = (zipName: string, path: string, kind: 'file' | 'dir') => {
    const key = path.toLowerCase();
    const before = seen.get(key);
    if (before === undefined) seen.set(key, kind);
    else if (before === 'file' || kind === 'file') throw refuse(zipPath, zipName, 'collides with another entry (names must be unique, ignoring case)');
  };
  const plan: PlannedEntry[] = [];
  const budget = new UnpackBudget(zipPath, limits);
  let total = 0;
  for (const entry of entries) {
    const name = entry.name;
    budget.add(entry.uncompressedSize);
    if (!name.startsWith(top)) throw refuse(zipPath, name, `is outside the module's "${top}" prefix`, 'E_ARCHIVE_ENTRY_OUTSIDE');
    const rel = name.slice(top.length);
    if (rel === '') continue;
    const isDirectory = rel.endsWith('/');
    const path = isDirectory ? rel.slice(0, -1) : rel;
    if (path.includes('\\') || path.includes('\0')) throw refuse(zipPath, name, 'has a backslash or NUL in its name');
    if (path.startsWith('/')) throw refuse(zipPath, name, 'is an absolute path');
    const parts = path.split('/');
    if (parts.some((p) => p === '..')) throw refuse(zipPath, name, 'contains ".."');
    if (parts.some((p) => p === '' || p === '.')) throw refuse(zipPath, name, 'is not a clean path');
    if (parts[parts.length - 1] === '_go.mod') parts[parts.length - 1] = 'go.mod';
    for (let i = 1; i < parts.length; i++) claim(name, parts.slice(0, i).join('/'), 'dir');
    const finalPath = parts.join('/');
    claim(name, finalPath, isDirectory ? 'dir' : 'file');
    total += entry.uncompressedSize;
    if (total > MAX_MODULE_ZIP_BYTES) throw refuse(zipPath, name, `takes the zip past ${MAX_MODULE_ZIP_BYTES} bytes uncompressed`);
    plan.push({ entry, path: finalPath, isDirectory });
  }
  return plan;
}

function modeFor(path: string): number {
  return path.startsWith('bin/') || path.startsWith('pkg/tool/') ? 0o755 : 0o644;
}

/** Extracts into destDir (an existing, empty staging directory). */
/** `onFile` is called after each file is written, with the count so far (a progress display). */
export async function extractToolchainZip(zipPath: string, destDir: string, prefix: string, limits: UnpackLimits, onFile?: (files: number) => void): Promise<ExtractResult> {
  const root = await lstat(destDir).catch((e) => {
    throw fileSystemError('read', destDir, e);
  });
  if (!root.isDirectory()) throw fileSystemError('extract into', destDir, new Error('not a directory (or a symlink)'));

  return withZip(zipPath, async (zip) => {
    const plan = planToolchainZip(zipPath, zip.entries, prefix, limits);
    const made = new Set<string>(['']);
    let files = 0;
    let bytes = 0;

    // Creates each missing parent; an existing one must be a real directory, never a symlink.
    const ensureDir = async (path: string, zipName: string) => {
      const parts = path === '' ? [] : path.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const rel = parts.slice(0, i).join('/');
        if (made.has(rel)) continue;
        const abs = join(destDir, ...parts.slice(0, i));
        try {
          await mkdir(abs, { mode: 0o755 });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fileSystemError('create', abs, error);
          const st = await lstat(abs);
          if (!st.isDirectory()) throw refuse(zipPath, zipName, `would be written through ${abs}, which is not a directory (a symlink?)`);
        }
        made.add(rel);
      }
    };

    for (const item of plan) {
      if (item.isDirectory) {
        await ensureDir(item.path, item.entry.name);
        continue;
      }
      const slash = item.path.lastIndexOf('/');
      await ensureDir(slash < 0 ? '' : item.path.slice(0, slash), item.entry.name);
      const abs = join(destDir, ...item.path.split('/'));
      const mode = modeFor(item.path);
      let handle;
      try {
        handle = await open(abs, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST' || (error as NodeJS.ErrnoException).code === 'ELOOP') {
          throw refuse(zipPath, item.entry.name, `would overwrite ${abs}, which already exists`);
        }
        throw fileSystemError('create', abs, error);
      }
      try {
        for await (const chunk of await zip.openEntry(item.entry)) await handle.write(chunk as Buffer);
        await handle.chmod(mode); // exact bits, whatever the umask
      } catch (error) {
        if (error instanceof GvxError) throw error;
        throw fileSystemError('write', abs, error);
      } finally {
        await handle.close();
      }
      files++;
      bytes += item.entry.uncompressedSize;
      onFile?.(files);
    }
    return { files, directories: made.size - 1, bytes };
  });
}

/**
 * Unpacks into "<staging>/go", the Go root an install renames into place; the staging
 * directory (with the zip, if it was downloaded there) is removed by installVersion.
 */
export async function unpackModuleZip(zipPath: string, staging: string, prefix: string, limits: UnpackLimits, onFile?: (files: number) => void): Promise<string> {
  const root = join(staging, 'go');
  try {
    await mkdir(root);
  } catch (error) {
    throw fileSystemError('create', root, error);
  }
  await extractToolchainZip(zipPath, root, prefix, limits, onFile);
  return root;
}
