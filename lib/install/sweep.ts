// Housekeeping at the start of installs and uninstalls: removes what killed processes left
// behind in any version, not only the one being installed (which installVersion already
// cleans under its own lock):
// - staging/<version>-<random> (a killed install) and trash/<version>-<random> (a killed
//   uninstall, a whole Go tree): each is removed under its version's lock, taken only if free,
//   because a held lock means the entry may belong to an install or uninstall in progress;
// - downloads/ files untouched for a long time: partial downloads nobody came back to (an
//   active download keeps its file's mtime fresh). Only names gvx gives (isDownloadCacheName),
//   and nothing at all when downloads/ is a symlink or not a directory (a link to ~/Downloads).
// A sweep never throws: a failure leaves the entry for the next sweep.

import { lstat, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { HomeLayout } from '../store/layout.js';
import { tryInstallLock } from '../store/lock.js';
import { isDownloadCacheName } from './download-cache.js';
import { leftoverVersion, removeTree } from './staging.js';

const DEFAULT_DOWNLOAD_MAX_AGE_MS = 14 * 24 * 60 * 60 * 1000;

export interface SweepOptions {
  /**
   * The version the caller is installing (or uninstalling) and already holds the lock of: its
   * entries are skipped. They would be anyway, since a lock this process holds is not free for
   * tryInstallLock; the caller cleans its own version under its lock (removeStaleStaging).
   */
  except?: string;
  /** Download files not modified for this long are removed. Default 14 days. */
  downloadMaxAgeMs?: number;
  /**
   * Told about each entry that could not be listed, locked or removed (default: ignored, the
   * next sweep tries again). Tests pass one so that a bug does not pass silently.
   */
  onError?: (path: string, error: unknown) => void;
}

export interface SweepResult {
  /** Absolute paths of the removed entries. */
  removed: string[];
}

export async function sweepLeftovers(layout: HomeLayout, options: SweepOptions = {}): Promise<SweepResult> {
  const removed: string[] = [];
  const onError = options.onError ?? (() => {});

  // Entries by version, so that each lock is taken once.
  const byVersion = new Map<string, string[]>();
  for (const dir of [layout.stagingDir, layout.trashDir]) {
    for (const entry of await list(dir, onError)) {
      // mkdtemp makes directories: a file or symlink here is not ours (and is never followed).
      if (!entry.isDirectory()) continue;
      const version = leftoverVersion(entry.name);
      if (version === undefined || version === options.except) continue;
      byVersion.set(version, [...(byVersion.get(version) ?? []), join(dir, entry.name)]);
    }
  }
  for (const [version, paths] of byVersion) {
    let lock;
    try {
      lock = await tryInstallLock(layout, version);
    } catch (error) {
      onError(layout.lockTarget(version), error);
      continue;
    }
    if (!lock) continue; // an install or uninstall of this version is running elsewhere
    try {
      for (const path of paths) {
        try {
          lock.assertHeld();
          await removeTree(path);
          removed.push(path);
        } catch (error) {
          onError(path, error);
        }
      }
    } finally {
      await lock.release();
    }
  }

  removed.push(...(await sweepDownloads(layout, options.downloadMaxAgeMs ?? DEFAULT_DOWNLOAD_MAX_AGE_MS, onError)));
  return { removed };
}

/**
 * Old entries of downloads/ with the names gvx gives: files, and symlinks, FIFOs and hard
 * links with such a name (unlinked, never followed). A directory is left to the install that
 * meets it (download-cache.ts), which refuses one with content.
 */
async function sweepDownloads(layout: HomeLayout, maxAge: number, onError: (path: string, error: unknown) => void): Promise<string[]> {
  const dir = layout.downloadsDir;
  const before = await realDirectory(dir, onError);
  if (!before) return [];
  const entries = (await list(dir, onError)).filter((entry) => isDownloadCacheName(entry.name) && !entry.isDirectory());
  // The same directory after the listing: not one swapped for a symlink meanwhile.
  const after = await realDirectory(dir, onError);
  if (!after || after.ino !== before.ino || after.dev !== before.dev) return [];
  const removed: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    try {
      if (Date.now() - (await lstat(path)).mtimeMs < maxAge) continue;
      await rm(path, { force: true });
      removed.push(path);
    } catch (error) {
      onError(path, error);
    }
  }
  return removed;
}

/** lstat of `dir` when it is a directory (not a symlink to one), else undefined. */
async function realDirectory(dir: string, onError: (path: string, error: unknown) => void) {
  try {
    const info = await lstat(dir);
    return info.isDirectory() ? info : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(dir, error);
    return undefined;
  }
}

async function list(dir: string, onError: (path: string, error: unknown) => void) {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') onError(dir, error);
    return [];
  }
}
