// What `gvx use` with no SPEC pins for a module (its requirement R, module-requirement.ts).
// A pin outlives the installs of the day, so it names a release rather than "whatever is
// installed and new enough" (that is rule 3's choice, requirement-choice.ts):
//   the toolchain line set R -> exactly that toolchain
//   else (the go line)       -> the newest release of R's family that is >= R, from the
//                               release index (offline: among the installed versions);
//                               stable only, unless R itself is a pre-release

import { NotFoundError } from '../errors.js';
import type { ReleaseIndex } from '../remote/releases.js';
import type { InstalledVersion } from '../store/inventory.js';
import { compareGoVersions, type GoVersion, isStable } from '../version/go-version.js';
import { parseSpec, type VersionSpec } from '../version/spec.js';
import type { ModuleRequirement } from './module-requirement.js';

export function pinForRequirement(
  requirement: ModuleRequirement,
  index: ReleaseIndex | undefined,
  installed: readonly InstalledVersion[],
): VersionSpec {
  const wanted = requirement.requirement;
  if (requirement.fromToolchain) return parseSpec(wanted.text);
  const preAllowed = !isStable(wanted);
  const satisfies = (v: GoVersion) =>
    (preAllowed || isStable(v)) && v.major === wanted.major && v.minor === wanted.minor && compareGoVersions(v, wanted) >= 0;
  const candidates = index ? index.releases.map((r) => r.version) : installed.map((v) => v.version);
  const best = candidates.filter(satisfies).sort((a, b) => compareGoVersions(b, a))[0];
  if (!best) {
    const family = `${wanted.major}.${wanted.minor}`;
    const where = index ? 'in the release index' : 'is installed, and the release index cannot be reached';
    throw new NotFoundError('E_GO_MOD_NO_RELEASE', `no ${preAllowed ? '' : 'stable '}Go ${family}.x >= ${wanted.text} ${where} (${requirement.file} requires it)`, {
      hint: index ? 'gvx ls-remote --all lists the releases' : `check the network, or gvx install ${requirement.installSpec.text}`,
    });
  }
  return parseSpec(best.text);
}
