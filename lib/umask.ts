// The process umask, read without leaving it changed: Linux reports it in /proc/self/status
// (no change at all, so no window in which another thread creates files with umask 0);
// elsewhere the usual set-and-restore (process.umask() with no argument is deprecated).
// Read once per install or extraction, not per file.

import { readFileSync } from 'node:fs';

export function readUmask(): number {
  if (process.platform === 'linux') {
    try {
      const match = /^Umask:\s*([0-7]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
      if (match) return parseInt(match[1]!, 8);
    } catch {
      // no /proc: fall through
    }
  }
  const umask = process.umask(0);
  process.umask(umask);
  return umask;
}

/** Mode for a directory others may read and enter, as far as the umask allows (0o755 under 022). */
export function sharedDirMode(umask = readUmask()): number {
  return 0o777 & ~umask;
}
