// The hint for a spec that nothing installed satisfies. "gvx install 1.99" is bad advice when
// no such release exists, so the release index is consulted, from its cache only: a hint must
// not cost a network round trip (or fail offline). No cache, or one for another mirror: the
// plain install hint, as nothing better is known.

import type { Config } from '../config.js';
import { findRelease } from '../remote/artifact.js';
import { readCachedIndex } from '../remote/release-index.js';
import type { Release } from '../remote/releases.js';
import type { VersionSpec } from '../version/spec.js';

/** `install` (by default `gvx install SPEC`), unless the cached release index lists no release for SPEC. */
export async function installHint(config: Config, spec: VersionSpec, install = `gvx install ${spec.text}`): Promise<string> {
  const releases = (await readCachedIndex(config).catch(() => undefined))?.releases; // a hint is no place to report a bad cache
  if (!releases || findRelease(releases, spec)) return install;
  if (spec.kind === 'major' || spec.kind === 'minor') {
    const inFamily = (r: Release) => r.version.major === spec.major && (spec.kind === 'major' || r.version.minor === spec.minor);
    if (releases.some(inFamily)) return `the cached release index has only pre-releases of ${spec.text}: gvx ls-remote ${spec.text} --all lists them`;
  }
  return `the cached release index lists no release matching ${spec.text}: gvx ls-remote lists the releases (--refresh fetches the index again)`;
}
