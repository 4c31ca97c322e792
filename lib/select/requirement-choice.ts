// Which installed Go satisfies a module's requirement R (rule 3 in selection.ts), as Go itself
// would choose: the global default when it is installed and new enough (the local toolchain
// runs when it suffices), else the newest installed patch of the lowest language family that
// has a release >= R (R = 1.22.0 with 1.22.3 and 1.23.5 installed: 1.22.3). Pre-releases
// only when R names one. The shell resolvers implement the same choice over GVX_HOME/installed.

import type { InstalledVersion } from '../store/inventory.js';
import { compareGoVersions, type GoVersion, isStable } from '../version/go-version.js';

export function chooseForRequirement(
  requirement: GoVersion,
  installed: readonly InstalledVersion[],
  defaultVersion: InstalledVersion | undefined,
): InstalledVersion | undefined {
  if (defaultVersion && compareGoVersions(defaultVersion.version, requirement) >= 0) return defaultVersion;
  const preAllowed = !isStable(requirement);
  const candidates = installed.filter((v) => (preAllowed || isStable(v.version)) && compareGoVersions(v.version, requirement) >= 0);
  if (candidates.length === 0) return undefined;
  const lowest = candidates.reduce((a, b) => (compareGoVersions(b.version, a.version) < 0 ? b : a));
  const family = candidates.filter((v) => v.version.major === lowest.version.major && v.version.minor === lowest.version.minor);
  return family.reduce((a, b) => (compareGoVersions(b.version, a.version) > 0 ? b : a));
}
