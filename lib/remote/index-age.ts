// How old a cached release index is, in words: commands that compare installs against the
// index (outdated, upgrade) say so, since "up to date" is only as fresh as the index.

import type { ReleaseIndex } from './releases.js';

/** Whether the index came from the cache: it was not fetched after `requestedAt` (by this run). */
export function isCachedCopy(index: ReleaseIndex, requestedAt: number): boolean {
  return index.fetchedAt < requestedAt;
}

/** "release index from cache, 3 h old" when the index was not fetched after `requestedAt`. */
export function describeCachedIndex(index: ReleaseIndex, requestedAt: number, now = Date.now()): string | undefined {
  if (!isCachedCopy(index, requestedAt)) return undefined;
  return `release index from cache, ${formatAge(now - index.fetchedAt)} old`;
}

function formatAge(ms: number): string {
  const minutes = Math.round(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.round(hours / 24)} d`;
}
