// Can the go command write into (or create) this directory? A directory that does not exist
// yet is fine if go can create it: its nearest existing ancestor must be a writable directory.

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

export interface Writability {
  readonly ok: boolean;
  /** Why not, naming the path at fault. */
  readonly reason?: string;
}

export async function checkWritableDir(dir: string): Promise<Writability> {
  let path = resolve(dir);
  let exists = true;
  for (;;) {
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
    if (!(info instanceof Error)) {
      if (!info.isDirectory()) {
        return { ok: false, reason: exists ? `${path} is not a directory` : `${path} is a file, so ${dir} cannot be created` };
      }
      try {
        // access() also reports a read-only mount (EROFS), which matters when running as root.
        await access(path, constants.W_OK | constants.X_OK);
        return { ok: true };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return { ok: false, reason: `${path} is not writable (${code === 'EROFS' ? 'read-only file system' : code})` };
      }
    }
    if (info.code === 'ENOTDIR') {
      // Some ancestor is a regular file: keep walking up to name it.
    } else if (info.code !== 'ENOENT') {
      return { ok: false, reason: `${path}: ${info.code}` };
    }
    exists = false;
    const parent = dirname(path);
    if (parent === path) return { ok: false, reason: `no existing ancestor of ${dir}` };
    path = parent;
  }
}
