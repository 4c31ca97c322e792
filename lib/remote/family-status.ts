// One family's standing against the release index: what is installed of it, the newest
// release the index lists, and whether that is newer than the newest installed. Stable
// releases only, unless the family's only installs are pre-releases (or, not installed, the
// selection naming it is one): then its next pre-release, or its first stable release, is the
// update.

import type { InstalledVersion } from '../store/inventory.js';
import { compareGoVersions, type GoVersion, isStable } from '../version/go-version.js';
import { familyOf } from '../version/family.js';
import type { Release, ReleaseIndex } from './releases.js';

export interface FamilyStatus {
  readonly family: string;
  /** Installed versions of the family, newest first. */
  readonly installed: readonly InstalledVersion[];
  readonly newestInstalled?: InstalledVersion;
  /** The newest release of the family in the index (undefined: the index lists none). */
  readonly newestAvailable?: GoVersion;
  /** Installed, and the index has a newer release of the family. */
  readonly updateAvailable: boolean;
}

export function familyStatus(
  family: string,
  installed: readonly InstalledVersion[],
  index: ReleaseIndex,
  options: { selectedPreRelease?: boolean } = {},
): FamilyStatus {
  const members = installed.filter((v) => familyOf(v.version) === family).sort((a, b) => compareGoVersions(b.version, a.version));
  const newestInstalled = members[0];
  const preReleasesCount = members.length > 0 ? members.every((v) => !isStable(v.version)) : options.selectedPreRelease === true;
  const newestAvailable = newestInFamily(index, family, preReleasesCount)?.version;
  const updateAvailable = newestInstalled !== undefined && newestAvailable !== undefined && compareGoVersions(newestAvailable, newestInstalled.version) > 0;
  return { family, installed: members, newestInstalled, newestAvailable, updateAvailable };
}

/**
 * The newest release of one family in the index. Stable only, like `gvx install 1.22`, unless
 * pre-releases are wanted (1.24rc1 is followed by 1.24rc2, then by 1.24.0, which Go orders
 * after every rc).
 */
function newestInFamily(index: ReleaseIndex, family: string, includePreReleases: boolean): Release | undefined {
  // The index is sorted newest first.
  return index.releases.find((r) => familyOf(r.version) === family && (includePreReleases || (r.stable && isStable(r.version))));
}
