// Node's recursive mkdir reports ENOENT where the real cause is a read-only or unwritable
// ancestor. Find the nearest existing ancestor and ask it, so the message says what is wrong.

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
