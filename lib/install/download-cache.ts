// The download cache: GVX_HOME/downloads holds archives being downloaded, so a download cut
// off by the network, Ctrl-C, kill -9 or a reboot is continued by the next install of the
// same file instead of starting over (a Go release is 65-100 MB). A file is keyed by what
// identifies its content, so a different mirror or a re-published file never continues the
// wrong bytes. It is removed once installed or proven bad; nothing in it is ever run or
// shown as a version. Files untouched for two weeks are swept (sweep.ts), but only names
// this file gives (isDownloadCacheName); `rm -rf` of the directory is always safe while no
// install runs.
//
// Hostile state: the directory must be a real directory (a symlink to ~/Downloads is refused,
// never written or swept through), and an entry is only continued when it is a regular file
// with one link; a symlink, FIFO, device or hard link at an entry's name is replaced, never
// read or written through.

import { createHash } from 'node:crypto';
import { lstat, mkdir, readlink, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { FileSystemError, fileSystemError } from '../errors.js';
import { atomicTempTarget, writeFileAtomic } from '../store/atomic-write.js';
import { diagnoseCreateError, fileTypeName } from '../store/fs-diagnosis.js';
import type { HomeLayout } from '../store/layout.js';

/**
 * "<16 hex key>-<file name, sanitised, its last 100 characters>" (cacheEntryName), of the two
 * kinds gvx downloads: release .tar.gz archives and toolchain module .zip files.
 */
const ENTRY_NAME = /^[0-9a-f]{16}-(?=[A-Za-z0-9._+@-]{0,100}$).*\.(?:tar\.gz|zip)$/;

function cacheEntryName(identity: string, name: string): string {
  const key = createHash('sha256').update(identity).digest('hex').slice(0, 16);
  const entry = `${key}-${name.replace(/[^A-Za-z0-9._+@-]/g, '_').slice(-100)}`;
  // The sweep removes only names ENTRY_NAME matches: a new kind of download must be added there.
  if (!ENTRY_NAME.test(entry)) throw new Error(`download cache: ${name} is not a .tar.gz or .zip`);
  return entry;
}

/** Whether gvx names files so in downloads/: an entry, or the temp file one is created under. */
export function isDownloadCacheName(name: string): boolean {
  return ENTRY_NAME.test(name) || ENTRY_NAME.test(atomicTempTarget(name) ?? '');
}

/**
 * Where a download is kept: "<key>-<name>", the key hashing what identifies its content: a
 * release archive's URL with the sha256 the index gives it, or a toolchain module's path and
 * version (the checksum database fixes a module version's content for ever). On return the
 * entry is a regular file with one link: what an earlier run kept (continued), or, when there
 * was none, it was not a plain file, or `fresh` asks to start over, a new empty file.
 */
export async function downloadCachePath(layout: HomeLayout, identity: string, name: string, options: { fresh?: boolean } = {}): Promise<string> {
  await ensureDownloadsDir(layout);
  const path = join(layout.downloadsDir, cacheEntryName(identity, name));
  if (options.fresh || !(await isContinuable(path))) await replaceWithEmptyFile(path);
  return path;
}

export async function removeCachedDownload(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Creates downloads/ when missing; refuses one that is a symlink or not a directory (a link
 * to ~/Downloads would have gvx write, and sweep, among the user's files).
 */
async function ensureDownloadsDir(layout: HomeLayout): Promise<void> {
  const dir = layout.downloadsDir;
  try {
    await mkdir(layout.home, { recursive: true });
    await mkdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fileSystemError('create the download cache', dir, await diagnoseCreateError(dir, error));
  }
  let info;
  try {
    info = await lstat(dir);
  } catch (error) {
    throw fileSystemError('read the download cache', dir, error);
  }
  if (info.isDirectory()) return;
  const what = info.isSymbolicLink() ? `a symlink (to ${await readlink(dir).catch(() => '?')})` : fileTypeName(info);
  throw new FileSystemError('E_FS_OTHER', `the download cache ${dir} is ${what}, not a directory: gvx writes and sweeps downloads only in a directory of its own`, {
    hint: `move ${dir} away (for a symlink, rm ${dir} removes only the link), then run the install again: gvx creates the directory itself`,
  });
}

/** An earlier run's partial download: a regular file with no other link to its content. */
async function isContinuable(path: string): Promise<boolean> {
  let info;
  try {
    info = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw fileSystemError('read the download', path, error);
  }
  if (info.isFile() && info.nlink === 1) return true;
  if (info.isDirectory()) {
    // Nothing gvx writes, but ours by name: an empty one goes, one with content is not ours to delete.
    try {
      await rmdir(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw fileSystemError('remove the directory', path, error);
      throw new FileSystemError('E_FS_OTHER', `${path} is a directory where gvx keeps a download, and it is not empty`, {
        hint: `look at what it holds, move it away or remove it (rm -r ${path}), then run the install again`,
      });
    }
  }
  return false;
}

/**
 * A new empty file at `path`, created under a temp name (O_EXCL|O_NOFOLLOW) and renamed over
 * whatever was there: a symlink, FIFO or hard link at that name is replaced, never followed
 * (the other name of a hard link keeps its content).
 */
async function replaceWithEmptyFile(path: string): Promise<void> {
  try {
    await writeFileAtomic(path, '', { mode: 0o644 });
  } catch (error) {
    throw fileSystemError('create the download', path, error);
  }
}
