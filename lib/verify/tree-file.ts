// A file doctor and verify read from the user's tree (a go.work, a GOROOT's VERSION). It may
// come from a cloned repository, so it is read as the selection reads one: through the bounded
// reader of select/untrusted-file.ts, which never blocks on a FIFO or reads a device without
// end. When it cannot be used, `why` says what the path is, for a finding to quote; a symlink
// is followed, but what it points at is named by its target only (escaped), never by content.

import type { Stats } from 'node:fs';
import { readlink, stat } from 'node:fs/promises';
import { readUntrustedFile } from '../select/untrusted-file.js';
import { truncateForMessage } from '../version/go-version.js';

/** How much of a symlink's target a finding shows. */
const MAX_SHOWN_TARGET = 200;

export type TreeFile =
  /** complete: the end of the file was read within the budget; symlink: its content must not be quoted. */
  | { readonly kind: 'file'; readonly bytes: Buffer; readonly complete: boolean; readonly symlink: boolean }
  /** why follows the path in a sentence: "is a FIFO, not a regular file". */
  | { readonly kind: 'unusable'; readonly why: string };

export async function readTreeFile(path: string, maxBytes: number): Promise<TreeFile> {
  const read = await readUntrustedFile(path, maxBytes);
  if (read.kind === 'file') return read;
  const what = read.kind === 'unreadable' ? 'a file that cannot be read (permission denied)' : await describePath(path, read.why);
  const target = await readlink(path).catch(() => undefined);
  return { kind: 'unusable', why: target === undefined ? `is ${what}` : `is a symlink to ${truncateForMessage(target, MAX_SHOWN_TARGET)}: ${what}` };
}

/** What stat (following symlinks) says the path is; `why` (the reader's word) when stat fails. */
async function describePath(path: string, why: string): Promise<string> {
  return stat(path).then(kindOf, () => why);
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO, not a regular file';
  if (stats.isCharacterDevice()) return 'a character device, not a regular file';
  if (stats.isBlockDevice()) return 'a block device, not a regular file';
  if (stats.isDirectory()) return 'a directory, not a regular file';
  if (stats.isSocket()) return 'a socket, not a regular file';
  return 'not a regular file';
}
