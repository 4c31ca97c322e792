// The one way gvx writes a file ("created exclusively and renamed into place"):
// a temp file with an unpredictable name in the same directory, opened with
// O_CREAT|O_EXCL|O_NOFOLLOW (a planted symlink or file at that name is never followed nor
// reused), written, closed, then renamed onto the target. rename replaces a symlink at the
// target itself instead of writing through it, and a reader never sees half a file.
// Used for every file gvx writes into a project or into GVX_HOME.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const CREATE_FLAGS = constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY | constants.O_NOFOLLOW;
/** EEXIST on a 64-bit random name is someone else's file (or a miracle): try another name. */
const ATTEMPTS = 5;

export interface AtomicWriteOptions {
  /** Mode of the new file (the umask applies, as with writeFile); default 0o666. */
  readonly mode?: number;
}

/** Temp name next to `path`: ".<name>.<16 hex>.tmp" (one leading dot even for dot-files). */
export function atomicTempName(path: string): string {
  const name = basename(path);
  return join(dirname(path), `${name.startsWith('.') ? '' : '.'}${name}.${randomBytes(8).toString('hex')}.tmp`);
}

/**
 * The name a temp file named by atomicTempName was made for ("x" for ".x.<16 hex>.tmp"), or
 * undefined for any other name: for sweeps that remove only what a killed writer left. (The
 * temp of a dot-file ".x" has the same name: a caller whose names never start with a dot
 * can tell them apart.)
 */
export function atomicTempTarget(tempName: string): string | undefined {
  const match = /^\.(.+)\.[0-9a-f]{16}\.tmp$/s.exec(tempName);
  return match ? match[1] : undefined;
}

export async function writeFileAtomic(path: string, content: string | Buffer, options: AtomicWriteOptions = {}): Promise<void> {
  const { tmp, handle } = await createTemp(path, options.mode ?? 0o666);
  try {
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => {});
    throw error;
  }
}

async function createTemp(path: string, mode: number): Promise<{ tmp: string; handle: FileHandle }> {
  for (let attempt = 1; ; attempt++) {
    const tmp = atomicTempName(path);
    try {
      return { tmp, handle: await open(tmp, CREATE_FLAGS, mode) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= ATTEMPTS) throw error;
    }
  }
}

/**
 * The content of the regular file at `path`, or undefined for anything else (missing, a
 * symlink, a FIFO, too big): for "unchanged, skip the write" checks, so that a planted link
 * whose target happens to hold the right text is still replaced, and a FIFO never blocks.
 */
export async function readRegularFile(path: string, maxBytes = 1024 * 1024): Promise<string | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxBytes) return undefined;
    return await handle.readFile('utf8');
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
