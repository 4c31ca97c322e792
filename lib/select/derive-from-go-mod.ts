// `gvx use` with no SPEC in a module: the go.mod says which Go it wants.
//   toolchain go1.22.5 -> exactly 1.22.5
//   go 1.21.3          -> the newest stable 1.21.x that is >= 1.21.3 (from the release index;
//                         offline, the newest such version already installed)

import { join } from 'node:path';
import { NotFoundError } from '../errors.js';
import type { ReleaseIndex } from '../remote/release-index.js';
import type { InstalledVersion } from '../store/inventory.js';
import { compareGoVersions, type GoVersion } from '../version/go-version.js';
import { parseSpec, type VersionSpec } from '../version/spec.js';
import { type GoModRequirements, readGoModRequirements } from './go-mod.js';

export async function readProjectGoMod(dir: string): Promise<GoModRequirements | undefined> {
  return readGoModRequirements(join(dir, 'go.mod'));
}

export function specFromGoMod(
  goMod: GoModRequirements,
  index: ReleaseIndex | undefined,
  installed: readonly InstalledVersion[],
): VersionSpec {
  if (goMod.toolchain) return parseSpec(goMod.toolchain.text);
  const minimum = goMod.go;
  if (!minimum) {
    throw new NotFoundError('E_GO_MOD_NO_GO', `${goMod.file} has no go or toolchain line`, { hint: 'gvx use 1.22 names a version explicitly' });
  }
  const satisfies = (v: GoVersion) =>
    v.kind === '' && v.major === minimum.major && v.minor === minimum.minor && compareGoVersions(v, minimum) >= 0;
  const candidates = index
    ? index.releases.filter((r) => r.stable).map((r) => r.version)
    : installed.map((v) => v.version);
  const best = candidates.filter(satisfies).sort((a, b) => compareGoVersions(b, a))[0];
  if (!best) {
    throw new NotFoundError('E_GO_MOD_NO_RELEASE', `no stable Go ${minimum.major}.${minimum.minor}.x >= ${minimum.text} ${index ? 'in the release index' : 'is installed and the release index cannot be reached'} (from ${goMod.file})`, {
      hint: index ? 'gvx ls-remote --all lists the releases' : `check the network, or gvx install ${minimum.major}.${minimum.minor}`,
    });
  }
  return parseSpec(best.text);
}
