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
  /** why: what `[ -f ]` saw, for GVX_DEBUG traces ('not present', 'not a regular file'…). */
  | { readonly kind: 'absent'; readonly why: string }
  | { readonly kind: 'unreadable' }
  /** bytes: what was read; complete: the end of the file was reached within maxBytes. */
  | { readonly kind: 'file'; readonly bytes: Buffer; readonly complete: boolean; readonly symlink: boolean };

/** The open() errors that mean `[ -f ]` is false, each with what it says about the path. */
const ABSENT: Readonly<Record<string, string>> = {
  ENOENT: 'not present',
  ENOTDIR: 'not present (a parent is not a directory)',
  ENAMETOOLONG: 'not present (the path is too long)',
  ELOOP: 'not a regular file (a symlink loop)',
  ENXIO: 'not a regular file (a socket or device)',
  EISDIR: 'not a regular file (a directory)',
};
const NOT_REGULAR = 'not a regular file';
const CANNOT_TELL = 'not a regular file, or a directory on the way cannot be searched';

function absentReason(code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(ABSENT, code) ? ABSENT[code] : undefined;
}

export async function readUntrustedFile(path: string, maxBytes: number): Promise<UntrustedRead> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const absent = absentReason(code);
    if (absent) return { kind: 'absent', why: absent };
    if (code === 'EACCES' || code === 'EPERM') return (await isRegularFile(path)) ? { kind: 'unreadable' } : { kind: 'absent', why: CANNOT_TELL };
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) return { kind: 'absent', why: NOT_REGULAR };
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
  return (await whyNotRegularFile(path)) === undefined;
}

/** Why `[ -f path ]` says no, for GVX_DEBUG traces; undefined when it says yes. */
export async function whyNotRegularFile(path: string): Promise<string | undefined> {
  return stat(path).then(
    (s) => (s.isFile() ? undefined : NOT_REGULAR),
    (error: NodeJS.ErrnoException) => absentReason(error.code) ?? CANNOT_TELL,
  );
}

/**
 * What a version file's (or a module file's) bytes are as text, for parsing: latin1 characters
 * (one per byte, as the shells' resolvers count them), NULs dropped.
 */
export interface VersionFileText {
  readonly file: string;
  /** One character per byte (latin1), NULs removed. */
  readonly text: string;
  /** The end of the file was read (false: it goes on past what was read). */
  readonly complete: boolean;
  /** Its content may be quoted in messages: a regular file, not a symlink to who knows what. */
  readonly echo: boolean;
}

export function versionFileText(file: string, content: string | Buffer, options: { complete?: boolean; echo?: boolean } = {}): VersionFileText {
  const latin1 = typeof content === 'string' ? Buffer.from(content, 'utf8').toString('latin1') : content.toString('latin1');
  return { file, text: latin1.replace(/\0/g, ''), complete: options.complete ?? true, echo: options.echo ?? true };
}
