// Reading a file a cloned repository may hold (.go-version, .tool-versions, go.mod): it is
// hostile until proven otherwise. The shell resolvers test it with `[ -f ]` (regular file,
// symlinks followed) before reading; this does the same without ever blocking or reading
// without bound:
//   - opened with O_NONBLOCK, so a FIFO cannot hang us; then fstat: anything but a regular
//     file (FIFO, device, directory) counts as absent, as `[ -f ]` says;
//   - a symlink loop, a missing file, or a directory on the way that cannot be searched is
//     absent too (`[ -f ]` is false for each);
//   - an existing regular file we may not read is reported as unreadable (the shells' `[ -r ]`);
//   - at most `maxBytes` bytes are read: /proc files report size 0, so the size is not trusted.

import { constants } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';

export type UntrustedRead =
  | { readonly kind: 'absent' }
  | { readonly kind: 'unreadable' }
  /** bytes: what was read; complete: the end of the file was reached within maxBytes. */
  | { readonly kind: 'file'; readonly bytes: Buffer; readonly complete: boolean; readonly symlink: boolean };

const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'ENXIO', 'EISDIR']);

export async function readUntrustedFile(path: string, maxBytes: number): Promise<UntrustedRead> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (ABSENT.has(code)) return { kind: 'absent' };
    if (code === 'EACCES' || code === 'EPERM') return (await isRegularFile(path)) ? { kind: 'unreadable' } : { kind: 'absent' };
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) return { kind: 'absent' };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) break;
    }
    const bytes = Buffer.concat(chunks);
    const symlink = await lstat(path).then(
      (s) => s.isSymbolicLink(),
      () => true, // cannot tell: treat as not ours to echo
    );
    return total > maxBytes ? { kind: 'file', bytes: bytes.subarray(0, maxBytes), complete: false, symlink } : { kind: 'file', bytes, complete: true, symlink };
  } finally {
    await handle.close();
  }
}

/** `[ -f path ]`: stat (following symlinks) says a regular file; any error says no. */
export async function isRegularFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
