// What `gvx prune` removes: installs superseded within their family (an older patch, or a
// pre-release, when a newer release of the same major.minor is installed), minus what the
// caller keeps (the global default, what this directory selects, --keep). The newest of each
// family is never a candidate, so every family stays installed.

import { compareGoVersions } from '../version/go-version.js';
import { familyOf } from '../version/family.js';
import type { InstalledVersion } from './inventory.js';

export interface PruneCandidate {
  readonly installed: InstalledVersion;
  /** The newest installed release of its family, which supersedes it. */
  readonly supersededBy: InstalledVersion;
}

export interface PrunePlan {
  /** Superseded and not kept: to remove, newest first. */
  readonly remove: readonly PruneCandidate[];
  /** Superseded but kept, with why. */
  readonly kept: readonly (PruneCandidate & { readonly reasons: readonly string[] })[];
}

/** `keep` maps a version's text to the reasons it stays. */
export function planPrune(installed: readonly InstalledVersion[], keep: ReadonlyMap<string, readonly string[]>): PrunePlan {
  const newestOfFamily = new Map<string, InstalledVersion>();
  for (const v of installed) {
    const family = familyOf(v.version);
    const newest = newestOfFamily.get(family);
    if (!newest || compareGoVersions(v.version, newest.version) > 0) newestOfFamily.set(family, v);
  }
  const remove: PruneCandidate[] = [];
  const kept: (PruneCandidate & { reasons: readonly string[] })[] = [];
  const newestFirst = [...installed].sort((a, b) => compareGoVersions(b.version, a.version));
  for (const v of newestFirst) {
    const supersededBy = newestOfFamily.get(familyOf(v.version))!;
    // Strictly older only: 1.20 and 1.20.0 name the same release; neither supersedes the other.
    if (compareGoVersions(v.version, supersededBy.version) >= 0) continue;
    const reasons = keep.get(v.version.text);
    if (reasons && reasons.length > 0) kept.push({ installed: v, supersededBy, reasons });
    else remove.push({ installed: v, supersededBy });
  }
  return { remove, kept };
}
