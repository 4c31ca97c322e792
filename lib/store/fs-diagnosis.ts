// Saying what is wrong with a path in GVX_HOME. Node's recursive mkdir reports ENOENT where the
// real cause is a read-only or unwritable ancestor: find the nearest existing ancestor and ask
// it. A path that is not what gvx keeps there is named by its type.

import type { Stats } from 'node:fs';
import { access, constants } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function diagnoseCreateError(path: string, error: unknown): Promise<unknown> {
  if ((error as NodeJS.ErrnoException)?.code !== 'ENOENT') return error;
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    try {
      await access(dir, constants.F_OK);
    } catch {
      if (dirname(dir) === dir) return error;
      continue;
    }
    try {
      await access(dir, constants.W_OK);
      return error;
    } catch (cause) {
      return cause; // EROFS / EACCES on the ancestor: the real reason
    }
  }
}

/** "a FIFO", "a directory"…: what stands where gvx expected something else, for messages. */
export function fileTypeName(info: Stats): string {
  if (info.isSymbolicLink()) return 'a symlink';
  if (info.isDirectory()) return 'a directory';
  if (info.isFile()) return 'a regular file';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'a special file';
}
