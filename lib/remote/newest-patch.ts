// The newest release of one family in the release index. Stable only, like `gvx install 1.22`,
// unless pre-releases are wanted (a family of which only pre-releases are installed: 1.24rc1
// is followed by 1.24rc2, then by 1.24.0, which Go orders after every rc).

import { isStable } from '../version/go-version.js';
import { familyOf } from '../version/family.js';
import type { Release, ReleaseIndex } from './release-index.js';

export function newestInFamily(index: ReleaseIndex, family: string, includePreReleases: boolean): Release | undefined {
  // The index is sorted newest first.
  return index.releases.find((r) => familyOf(r.version) === family && (includePreReleases || (r.stable && isStable(r.version))));
}
