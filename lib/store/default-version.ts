// The global default (`gvx use --global`): one spec in GVX_HOME/default.

import { constants } from 'node:fs';
import { mkdir, open, stat } from 'node:fs/promises';
import { FileSystemError, fileSystemError } from '../errors.js';
import type { VersionSpec } from '../version/spec.js';
import { writeFileAtomic } from './atomic-write.js';
import { fileTypeName } from './fs-diagnosis.js';
import { HomeLayout } from './layout.js';

/** The .go-version budget the resolvers read the default with: more is a file that says something. */
const MAX_DEFAULT_BYTES = 4096;

/**
 * Whether a global default is set: the file exists with something in it. What it says is read
 * by lib/select/selection.ts, with the .go-version rules every resolver applies to it; this
 * only decides whether an install may make itself the default. It runs under the home lock,
 * so it must not block: a FIFO, a device (a symlink to /dev/zero) or a directory there is an
 * error naming the file, found before it is opened for reading.
 */
export async function defaultIsSet(layout: HomeLayout): Promise<boolean> {
  const file = layout.defaultFile;
  let info;
  try {
    info = await stat(file); // follows a symlink, as the resolvers do (`[ -f ]`)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false; // a dangling symlink too: the write replaces it
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw notAFile(file, 'a symlink loop');
    throw fileSystemError('read the global default', file, error);
  }
  if (!info.isFile()) throw notAFile(file, fileTypeName(info));
  let handle;
  try {
    // O_NONBLOCK: a FIFO swapped in since the stat still cannot block the open.
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw fileSystemError('read the global default', file, error);
  }
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) throw notAFile(file, fileTypeName(opened));
    const buffer = Buffer.alloc(MAX_DEFAULT_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return bytesRead > MAX_DEFAULT_BYTES || buffer.toString('latin1', 0, bytesRead).trim() !== '';
  } catch (error) {
    throw fileSystemError('read the global default', file, error);
  } finally {
    await handle.close();
  }
}

function notAFile(file: string, what: string): FileSystemError {
  return new FileSystemError('E_FS_OTHER', `the global default ${file} is ${what}, not a file holding a Go version`, {
    hint: `remove ${file}, then set the default again: gvx use --global 1.22`,
  });
}

export async function writeDefault(layout: HomeLayout, spec: VersionSpec): Promise<void> {
  await mkdir(layout.home, { recursive: true });
  await writeFileAtomic(layout.defaultFile, `${spec.text}\n`);
}
