// The hint for a spec that nothing installed satisfies. "gvx install 1.99" is bad advice when
// no such release exists, so the release index is consulted, from its cache only: a hint must
// not cost a network round trip (or fail offline). No cache, or one for another mirror: the
// plain install hint, as nothing better is known.

import { readFile } from 'node:fs/promises';
import type { Config } from '../config.js';
import { type Release, indexUrl, parseReleases } from '../remote/release-index.js';
import { HomeLayout } from '../store/layout.js';
import { pickNewest, type VersionSpec } from '../version/spec.js';

/** `install` (by default `gvx install SPEC`), unless the cached release index lists no release for SPEC. */
export async function installHint(config: Config, spec: VersionSpec, install = `gvx install ${spec.text}`): Promise<string> {
  const releases = await cachedReleases(config);
  if (!releases || releaseMatching(releases, spec)) return install;
  if (spec.kind === 'major' || spec.kind === 'minor') {
    const inFamily = (r: Release) => r.version.major === spec.major && (spec.kind === 'major' || r.version.minor === spec.minor);
    if (releases.some(inFamily)) return `the cached release index has only pre-releases of ${spec.text}: gvx ls-remote ${spec.text} --all lists them`;
  }
  return `the cached release index lists no release matching ${spec.text}: gvx ls-remote lists the releases (--refresh fetches the index again)`;
}

/** What `gvx install SPEC` would pick: any release for an exact version, else stable ones only. */
function releaseMatching(releases: readonly Release[], spec: VersionSpec): Release | undefined {
  return pickNewest(spec, spec.kind === 'exact' ? releases : releases.filter((r) => r.stable), (r) => r.version);
}

/** The cached index's releases, read as loadReleaseIndex reads its cache; undefined when unusable. */
async function cachedReleases(config: Config): Promise<readonly Release[] | undefined> {
  try {
    const cache = JSON.parse(await readFile(new HomeLayout(config.home).releaseIndexCache, 'utf8')) as { url?: unknown; body?: unknown };
    const url = indexUrl(config);
    return cache.url === url ? parseReleases(cache.body, url) : undefined;
  } catch {
    return undefined; // missing, unreadable or malformed: a hint is no place to report it
  }
}
