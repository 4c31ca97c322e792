// The family a selection (the global default, or what a directory selects) belongs to, even
// when nothing installed answers it: `gvx outdated` lists that family too, so a default of
// 1.23 that was never installed shows up with its newest release.

import type { Release } from '../remote/releases.js';
import type { InstalledVersion } from '../store/inventory.js';
import { isStable } from '../version/go-version.js';
import { familyOf } from '../version/family.js';
import { pickNewest } from '../version/spec.js';
import { resolveInstalled, type Selection } from './selection.js';

export interface SelectedFamily {
  readonly family: string;
  /** The selection is a pre-release (1.24rc1): its family's newer pre-releases count. */
  readonly preRelease: boolean;
}

/**
 * What is installed for it, else what its spec names: an exact version's family, a prefix's
 * (1.22), or for `1` / `latest` the newest matching stable release of the index.
 */
export function selectedFamily(selection: Selection, installed: readonly InstalledVersion[], releases: readonly Release[] = []): SelectedFamily | undefined {
  const hit = resolveInstalled(selection, installed);
  if (hit) return { family: familyOf(hit.version), preRelease: !isStable(hit.version) };
  const { spec } = selection;
  if (spec.kind === 'exact') return { family: familyOf(spec.version), preRelease: !isStable(spec.version) };
  if (spec.kind === 'minor') return { family: `${spec.major}.${spec.minor}`, preRelease: false };
  const newest = pickNewest(spec, releases.filter((r) => r.stable), (r) => r.version);
  return newest ? { family: familyOf(newest.version), preRelease: false } : undefined;
}
