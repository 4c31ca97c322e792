// Which archive entries an install accepts. A Go release unpacks into one top directory
// ("go/" for tarballs); anything that would land or point outside it is refused, and the
// whole install fails (exit 5) rather than skipping the entry. The same rules, and the same
// caps on size and entry count (decompression bombs), serve every archive format gvx reads.

import { posix } from 'node:path';
import { IntegrityError } from '../errors.js';
import { truncateForMessage } from '../version/go-version.js';

/** Caps on one archive's unpacked size and entry count (Config.unpack; refused with exit 5). */
export interface UnpackLimits {
  readonly maxBytes: number;
  readonly maxEntries: number;
}

const MiB = 1024 * 1024;

/**
 * Counts one archive's entries and their declared sizes against the caps, entry by entry, so a
 * bomb is refused at the header that would pass a cap, before any of that entry is written.
 * Declared sizes are what the data is then held to (node-tar and the zip reader check it).
 */
export class UnpackBudget {
  private entries = 0;
  private bytes = 0;

  constructor(
    private readonly archiveName: string,
    private readonly limits: UnpackLimits,
  ) {}

  /** Accounts for one more entry of `size` bytes; throws if that passes a cap. */
  add(size: number): void {
    if (++this.entries > this.limits.maxEntries) {
      throw refuseArchive(this.archiveName, `it has more than ${this.limits.maxEntries} entries`, 'GVX_UNPACK_MAX_ENTRIES', 'E_ARCHIVE_TOO_MANY_ENTRIES');
    }
    this.bytes += size;
    if (this.bytes > this.limits.maxBytes) throw this.tooLarge();
  }

  /** The refusal for an archive whose contents pass the size cap (also for stream backstops). */
  tooLarge(): IntegrityError {
    return refuseArchive(this.archiveName, `it unpacks to more than ${formatSize(this.limits.maxBytes)}`, 'GVX_UNPACK_MAX_MB', 'E_ARCHIVE_TOO_LARGE');
  }
}

function refuseArchive(archiveName: string, why: string, variable: string, code: IntegrityError['code']): IntegrityError {
  return new IntegrityError(code, `refusing ${archiveName}: ${why} (${variable})`, {
    hint: `the archive is corrupt or hostile; nothing was installed. A Go release unpacks to about 250 MB in 15k entries; raise ${variable} only for an archive you trust`,
  });
}

/** The cap in MiB, as GVX_UNPACK_MAX_MB sets it (bytes when it is tiny). */
function formatSize(bytes: number): string {
  return bytes < MiB / 100 ? `${bytes} bytes` : `${Number((bytes / MiB).toFixed(2))} MiB`;
}

export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

export interface ArchiveEntry {
  readonly path: string;
  readonly kind: EntryKind;
  /** For links: the target as written in the archive. */
  readonly linkpath?: string;
}

/**
 * Checks one entry against the policy; returns its path relative to the top directory
 * (`top` is "go" for release tarballs), or throws an IntegrityError naming the entry.
 */
export function checkEntry(entry: ArchiveEntry, top: string, archiveName: string): string {
  const refuse = (why: string) => refuseEntry(archiveName, entry.path, why);
  const path = entry.path;
  if (path.includes('\0') || path.includes('\\')) throw refuse('has a NUL or backslash in its name');
  if (posix.isAbsolute(path)) throw refuse('is an absolute path');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) throw refuse('contains ".."');
  if (parts[0] !== top) throw refuse(`is outside the archive's "${top}/" directory`);
  const inside = parts.slice(1).join('/');

  switch (entry.kind) {
    case 'file':
    case 'directory':
      break;
    case 'symlink': {
      const target = entry.linkpath ?? '';
      if (target === '' || posix.isAbsolute(target)) throw refuse(`is a symlink to an absolute path "${truncateForMessage(target, 120)}"`);
      // Resolve against the link's own directory, relative to the root (a leading "/" would
      // let normalize() clamp "/../.." to "/" and hide the escape); it must stay inside.
      const resolved = posix.normalize(posix.join(posix.dirname(inside || '.'), target));
      if (resolved === '..' || resolved.startsWith('../')) throw refuse(`is a symlink pointing outside the root ("${truncateForMessage(target, 120)}")`);
      break;
    }
    case 'hardlink': {
      // Hard link targets are archive paths, so they obey the same rules as entry names.
      const target = entry.linkpath ?? '';
      const targetParts = target.split('/').filter((p) => p !== '' && p !== '.');
      if (posix.isAbsolute(target) || targetParts.includes('..') || targetParts[0] !== top) {
        throw refuse(`is a hard link to "${truncateForMessage(target, 120)}" outside the root`);
      }
      break;
    }
    default:
      throw refuse('is a device, FIFO or other special file');
  }
  return inside;
}

/** The error for one refused entry of a release archive, its name printable and cut short. */
export function refuseEntry(archiveName: string, entryPath: string, why: string): IntegrityError {
  return new IntegrityError('E_ARCHIVE_REFUSED', `refusing ${archiveName}: entry "${truncateForMessage(entryPath, 120)}" ${why}`, {
    hint: 'the archive is corrupt or hostile; nothing was installed. Check GVX_MIRROR',
  });
}
