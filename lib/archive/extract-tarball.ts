// One streaming pass over a release .tar.gz (already verified: the caller checks its sha256
// before unpacking): gunzip (node:zlib, which inflates on libuv's thread pool, in parallel
// with the rest), then
// node-tar's Parser, which reads the tar format (headers, pax and GNU long names, checksums,
// truncation). The entries are written here, synchronously, one chunk at a time: node-tar's
// Unpack is too slow for a Go release (~14k files) and does more than an install needs.
//
// Safety, entry by entry (a single refusal fails the whole extraction):
// - every entry passes checkEntry (unpack-policy.ts): under "go/", no absolute path, no "..",
//   links pointing inside the root, no devices or FIFOs;
// - nothing is written through a symlink: no parent of an entry may be a symlink this archive
//   created (dest starts empty, so those are the only ones), and files are created with
//   O_CREAT|O_EXCL|O_NOFOLLOW, so an existing path is never followed nor overwritten;
// - a hard link must name a regular file already extracted, reached without symlinks;
// - at the end, every symlink is resolved through the others: one that leads outside the root
//   (e.g. "a/b/../.." where "a/b" is itself a link) fails the extraction;
// - modes are the archive's & 0o777 (no setuid/setgid/sticky; the umask applies), no chown;
// - size and entry caps (UnpackBudget, Config.unpack): every entry is counted at its header, before
//   its data is written, and the inflated stream itself is bounded, for what headers do not
//   declare (pax records, padding, bytes after the end of the archive).
// Memory stays flat: zlib and the streams apply backpressure, no entry is held whole.

import {
  createReadStream,
  closeSync,
  constants as fsc,
  futimesSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  symlinkSync,
  writeSync,
  chmodSync,
} from 'node:fs';
import { posix, join } from 'node:path';
import { Transform, Writable, type Readable, type TransformOptions } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type ZlibOptions, createGunzip } from 'node:zlib';
import * as tar from 'tar';
import { GvxError, IntegrityError, fileSystemError } from '../errors.js';
import { readUmask } from '../umask.js';
import { type EntryKind, type UnpackLimits, UnpackBudget, checkEntry, refuseEntry } from './unpack-policy.js';

export interface ExtractResult {
  /** Compressed bytes read. */
  readonly bytes: number;
}

export interface ExtractOptions {
  readonly dest: string;
  readonly archiveName: string;
  /** The archive file the stream reads, for a message about a failed read. */
  readonly sourcePath: string;
  readonly limits: UnpackLimits;
  /** Called after each regular file is created, with the count so far (a progress display). */
  readonly onFile?: (files: number) => void;
}

const KINDS: Record<string, EntryKind> = {
  File: 'file',
  OldFile: 'file',
  ContiguousFile: 'file',
  Directory: 'directory',
  SymbolicLink: 'symlink',
  Link: 'hardlink',
};

/** The archive's single top directory (release tarballs: "go/"), stripped on extraction. */
const TOP = 'go';
/** Inflated output per zlib call: large chunks keep per-chunk overhead low. */
const GUNZIP_CHUNK = 256 * 1024;
/**
 * Compressed bytes read ahead of zlib (in the read-ahead stage and zlib's input), so zlib has
 * input to inflate while this thread is busy creating files and cannot read the socket.
 */
const INPUT_BUFFER = 1024 * 1024;
const GUNZIP_OPTIONS: ZlibOptions & TransformOptions = { chunkSize: GUNZIP_CHUNK, writableHighWaterMark: INPUT_BUFFER };
/** Inflated bytes queued ahead of the writer: zlib works ahead while files are written. */
const SINK_BUFFER = 1024 * 1024;
/**
 * Tar framing allowed per entry beyond the declared sizes: its header, padding to 512 bytes and
 * a pax header with a long name; plus the end-of-archive blocks and record padding.
 */
const FRAMING_PER_ENTRY = 2048;
const FRAMING_SLACK = 1024 * 1024;
const TAR_BLOCK = 512;
/** Symlink hops allowed when resolving a link (Linux's limit is 40). */
const MAX_HOPS = 40;
const FILE_FLAGS = fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL | fsc.O_NOFOLLOW;

/** Archive bytes per read: large reads keep the file stream's trips to the thread pool few. */
const FILE_CHUNK = 1024 * 1024;

/** Unpacks the archive file at `path` (see extractTarball). */
export async function extractTarballFile(path: string, options: Omit<ExtractOptions, 'sourcePath'>): Promise<ExtractResult> {
  return extractTarball(createReadStream(path, { highWaterMark: FILE_CHUNK }), { ...options, sourcePath: path });
}

export async function extractTarball(source: Readable, options: ExtractOptions): Promise<ExtractResult> {
  let bytes = 0;
  let sourceError: unknown;
  source.once('error', (error) => {
    sourceError = error;
  });

  // Reads ahead of zlib (see INPUT_BUFFER) and counts the compressed bytes.
  const readAhead = new Transform({
    highWaterMark: INPUT_BUFFER,
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });

  const budget = new UnpackBudget(options.archiveName, options.limits);
  const maxInflated = options.limits.maxBytes + options.limits.maxEntries * FRAMING_PER_ENTRY + FRAMING_SLACK;
  const writer = new TreeWriter(options.dest, options.archiveName, budget, options.onFile);
  // zstd: false, and no gzip magic in the first block (below): node-tar would inflate a second
  // layer itself, out of reach of the bound on the inflated stream.
  const parser = new tar.Parser({ strict: true, zstd: false });
  parser.on('entry', (entry: tar.ReadEntry) => writer.entry(entry));
  // Oversized pax headers, skipped by node-tar: still entries, still counted.
  parser.on('ignoredEntry', (entry: tar.ReadEntry) => writer.count(entry));
  parser.on('error', (error: Error) => writer.fail(corrupt(error, options)));
  let parserEnded = false;
  let sawEof = false;
  parser.on('end', () => {
    parserEnded = true;
  });
  parser.on('eof', () => {
    sawEof = true;
  });

  let inflated = 0;
  /** The first tar block, held until whole to be checked. */
  let head: Buffer | undefined = Buffer.alloc(0);
  /** Inflated tar bytes: node-tar parses them and TreeWriter writes each entry, synchronously. */
  const consume = (chunk: Buffer): void => {
    inflated += chunk.length;
    if (inflated > maxInflated) writer.fail(budget.tooLarge());
    if (head) {
      head = Buffer.concat([head, chunk]);
      if (head.length < TAR_BLOCK) return;
      [chunk, head] = [head, undefined];
      if (chunk[0] === 0x1f && chunk[1] === 0x8b) writer.fail(corrupt(new Error('it is a gzip inside a gzip, not a tar'), options));
    }
    // After the end-of-archive blocks node-tar would only buffer what follows: drop it (counted).
    if (!writer.error && !sawEof) parser.write(chunk);
  };
  const finish = (): GvxError | undefined => {
    if (!writer.error && head) parser.write(head);
    if (!writer.error) parser.end();
    if (!writer.error && !parserEnded) writer.fail(corrupt(new Error('the tar stream did not end'), options));
    if (!writer.error) writer.finish();
    return writer.error;
  };

  // Each inflated chunk is written out from a setImmediate, not from inside zlib's callback:
  // zlib then starts on the next chunk (on the thread pool) while this thread writes files.
  const sink = new Writable({
    highWaterMark: SINK_BUFFER,
    write(chunk: Buffer, _encoding, callback) {
      setImmediate(() => {
        try {
          consume(chunk);
        } catch (error) {
          writer.fail(corrupt(error as Error, options));
        }
        callback(writer.error);
      });
    },
    final(callback) {
      callback(finish());
    },
  });

  try {
    await pipeline(source, readAhead, createGunzip(GUNZIP_OPTIONS), sink);
  } catch (error) {
    writer.abandon();
    if (writer.error) throw writer.error;
    if (sourceError !== undefined) throw fileSystemError('read', options.sourcePath, sourceError);
    throw classifyError(error, options);
  }
  return { bytes };
}

/**
 * Writes entries under `dest`, synchronously: each call completes before node-tar parses the
 * next bytes, so the checks below see the tree exactly as the archive built it so far.
 */
class TreeWriter {
  error: GvxError | undefined;
  /** Directories known to exist (relative to dest; '' is dest itself). */
  private readonly dirs = new Set<string>(['']);
  /** Directories created implicitly for an entry's parents; an explicit entry sets their mode. */
  private readonly implicitDirs = new Set<string>();
  /** Symlinks created, relative path -> target as written. */
  private readonly symlinks = new Map<string, string>();
  /** The file being written, closed on failure. */
  private openFd: number | undefined;
  private readonly umask = readUmask();
  private files = 0;

  constructor(
    private readonly dest: string,
    private readonly archiveName: string,
    private readonly budget: UnpackBudget,
    private readonly onFile?: (files: number) => void,
  ) {}

  fail(error: GvxError): void {
    this.error ??= error;
  }

  /** Closes what a failed extraction left open. */
  abandon(): void {
    if (this.openFd !== undefined) {
      try {
        closeSync(this.openFd);
      } catch {
        // already failing
      }
      this.openFd = undefined;
    }
  }

  /** Counts an entry against the caps, at its header; false (and failed) past a cap. */
  count(entry: tar.ReadEntry): boolean {
    if (this.error) return false;
    try {
      this.budget.add(entry.size ?? 0);
      return true;
    } catch (error) {
      this.fail(error as GvxError);
      return false;
    }
  }

  entry(entry: tar.ReadEntry): void {
    if (!this.count(entry)) {
      entry.resume();
      return;
    }
    try {
      const kind = KINDS[entry.type] ?? 'other';
      const inside = checkEntry({ path: entry.path, kind, linkpath: entry.linkpath }, TOP, this.archiveName);
      if (inside === '') {
        if (kind !== 'directory') throw this.refuse(entry.path, `replaces the "${TOP}/" directory itself`);
        entry.resume();
        return;
      }
      const parent = posix.dirname(inside);
      this.ensureDir(parent === '.' ? '' : parent, entry.path);
      const abs = join(this.dest, inside);
      switch (kind) {
        case 'directory':
          this.directory(inside, abs, entry);
          entry.resume();
          return;
        case 'file':
          this.file(abs, entry);
          this.files++;
          this.onFile?.(this.files);
          return;
        case 'symlink':
          this.fsCall(abs, () => symlinkSync(entry.linkpath!, abs), entry.path);
          this.symlinks.set(inside, entry.linkpath!);
          entry.resume();
          return;
        case 'hardlink':
          this.hardlink(abs, entry);
          entry.resume();
          return;
        default:
          // checkEntry refuses every other kind
          throw this.refuse(entry.path, 'has an unsupported type');
      }
    } catch (error) {
      this.fail(error instanceof GvxError ? error : fileSystemError('write into', this.dest, error));
      entry.resume();
    }
  }

  /** After the last entry: every symlink must resolve inside the root, through the others. */
  finish(): void {
    for (const link of this.symlinks.keys()) {
      const why = this.escapes(link);
      if (why) {
        this.fail(this.refuse(`${TOP}/${link}`, why));
        return;
      }
    }
  }

  private file(abs: string, entry: tar.ReadEntry): void {
    const mode = (entry.mode ?? 0o644) & 0o777;
    const fd = this.fsCall(abs, () => openSync(abs, FILE_FLAGS, mode), entry.path);
    this.openFd = fd;
    const mtime = entry.mtime;
    let failed = false;
    const close = () => {
      this.openFd = undefined;
      try {
        if (!failed && mtime) futimesSync(fd, mtime, mtime);
        closeSync(fd);
      } catch (error) {
        if (!failed) this.fail(fileSystemError('write', abs, error));
      }
    };
    entry.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off, chunk.length - off);
      } catch (error) {
        failed = true;
        this.fail(fileSystemError('write', abs, error));
      }
    });
    entry.on('end', close);
  }

  private directory(inside: string, abs: string, entry: tar.ReadEntry): void {
    // Owner rwx always: the rest of the archive goes in, and the staging tree can be removed.
    const mode = ((entry.mode ?? 0o755) & 0o777) | 0o700;
    if (this.dirs.has(inside)) {
      if (this.implicitDirs.delete(inside)) this.fsCall(abs, () => chmodSync(abs, mode & ~this.umask), entry.path);
      return;
    }
    if (this.symlinks.has(inside)) throw this.refuse(entry.path, 'would replace a symlink');
    this.mkdir(inside, abs, mode, entry.path);
  }

  private hardlink(abs: string, entry: tar.ReadEntry): void {
    const parts = entry.linkpath!.split('/').filter((p) => p !== '' && p !== '.');
    const target = parts.slice(1).join('/'); // checkEntry: parts[0] is TOP, no ".."
    const why = `is a hard link to "${entry.linkpath}"`;
    if (target === '' || this.throughSymlink(target)) throw this.refuse(entry.path, `${why}, which is not a file extracted before it`);
    const targetAbs = join(this.dest, target);
    let isFile = false;
    try {
      isFile = lstatSync(targetAbs).isFile();
    } catch {
      // missing
    }
    if (!isFile) throw this.refuse(entry.path, `${why}, which is not a file extracted before it`);
    this.fsCall(abs, () => linkSync(targetAbs, abs), entry.path);
  }

  /** Creates `dir` and its parents (relative to dest), none of which may be a symlink. */
  private ensureDir(dir: string, entryPath: string): void {
    if (this.dirs.has(dir)) return;
    if (this.throughSymlink(dir)) throw this.refuse(entryPath, 'would be written through a symlink');
    const parent = posix.dirname(dir);
    this.ensureDir(parent === '.' ? '' : parent, entryPath);
    this.mkdir(dir, join(this.dest, dir), 0o755, entryPath);
    this.implicitDirs.add(dir);
  }

  private mkdir(inside: string, abs: string, mode: number, entryPath: string): void {
    try {
      mkdirSync(abs, mode);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fileSystemError('create', abs, error);
      // Made by an earlier entry: fine if it is a real directory, refused otherwise.
      if (!lstatSync(abs).isDirectory()) throw this.refuse(entryPath, 'would replace an earlier entry');
    }
    this.dirs.add(inside);
  }

  /** Whether `path` (relative) is, or passes through, a symlink this archive created. */
  private throughSymlink(path: string): boolean {
    if (this.symlinks.size === 0 || path === '') return false;
    const parts = path.split('/');
    for (let i = 1; i <= parts.length; i++) {
      if (this.symlinks.has(parts.slice(0, i).join('/'))) return true;
    }
    return false;
  }

  /** Why the symlink at `link` (relative) resolves outside the root, or undefined. */
  private escapes(link: string): string | undefined {
    const resolved = posix.dirname(link).split('/').filter((p) => p !== '' && p !== '.');
    let pending = this.symlinks.get(link)!.split('/');
    let hops = 0;
    while (pending.length > 0) {
      const part = pending.shift()!;
      if (part === '' || part === '.') continue;
      if (part === '..') {
        if (resolved.length === 0) return `is a symlink that leads outside the root through other links`;
        resolved.pop();
        continue;
      }
      const next = resolved.length ? `${resolved.join('/')}/${part}` : part;
      const target = this.symlinks.get(next);
      if (target === undefined) {
        resolved.push(part);
        continue;
      }
      if (++hops > MAX_HOPS) return 'is part of a symlink loop';
      pending = [...target.split('/'), ...pending];
    }
    return undefined;
  }

  /** Runs one fs call; EEXIST means the archive names a path twice, anything else is the fs. */
  private fsCall<T>(abs: string, call: () => T, entryPath: string): T {
    try {
      return call();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw this.refuse(entryPath, 'would replace an earlier entry');
      throw fileSystemError('write', abs, error);
    }
  }

  private refuse(path: string, why: string): IntegrityError {
    return refuseEntry(this.archiveName, path, why);
  }
}

function corrupt(error: Error, options: ExtractOptions): GvxError {
  if (error instanceof GvxError) return error;
  return new IntegrityError('E_ARCHIVE_CORRUPT', `cannot unpack ${options.archiveName}: ${error.message}`, {
    hint: 'the archive is corrupt or not a tar.gz; nothing was installed',
    cause: error,
  });
}

function classifyError(error: unknown, options: ExtractOptions): GvxError {
  if (error instanceof GvxError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EMFILE'].includes(code)) {
    return fileSystemError('write into', options.dest, error);
  }
  // zlib/tar format errors: a corrupt archive (a cut-off body is reported by the source above).
  return corrupt(error as Error, options);
}
