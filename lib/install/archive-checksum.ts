// Where the expected sha256 of a local release .tar.gz comes from when --sha256 is not given:
// the release index (fresh, or the cached copy when offline), looked up by file name, else by
// version and this platform. No index and no checksum means no install (the caller refuses).

import type { Config } from '../config.js';
import { GvxError } from '../errors.js';
import type { HttpClient } from '../net/http.js';
import { platformTarball } from '../remote/artifact.js';
import { checksumFromSidecar } from '../remote/directory-mirror.js';
import { indexUrl, loadReleaseIndex } from '../remote/release-index.js';
import type { ReleaseFile, ReleaseIndex } from '../remote/releases.js';
import type { MirrorChecksum } from '../store/install-record.js';

export type IndexChecksum =
  /** mirrorChecksum: set when it is a directory mirror's own .sha256 (the official index was unreachable). */
  | { readonly found: true; readonly sha256: string; readonly from: string; readonly mirrorChecksum?: MirrorChecksum }
  | { readonly found: false; readonly why: string };

export async function checksumFromIndex(
  config: Config,
  http: HttpClient,
  archive: { readonly filename: string; readonly version: string },
  warn: (message: string) => void,
): Promise<IndexChecksum> {
  let index: ReleaseIndex;
  try {
    index = await loadReleaseIndex(config, http, { warn });
    if (!findFile(index, archive, config) && !index.fromCacheBecauseOffline) {
      index = await loadReleaseIndex(config, http, { warn, refresh: true }); // newer than the cache?
    }
  } catch (error) {
    if (error instanceof GvxError) return { found: false, why: `the release index is not reachable and not cached (${error.message})` };
    throw error;
  }
  const file = findFile(index, archive, config);
  if (!file) return { found: false, why: `the release index (${indexUrl(config)}) does not list ${archive.filename}` };
  if (/^[0-9a-f]{64}$/.test(file.sha256)) return { found: true, sha256: file.sha256, from: `the release index (${indexUrl(config)})` };
  if (index.kind === 'directory') {
    const sidecar = await checksumFromSidecar(http, index.downloadBase, file.filename);
    // Unlisted archives are not in index.releases: this is a listing the official index could not check.
    if (sidecar.found) return { ...sidecar, mirrorChecksum: 'not-cross-checked' };
    return { found: false, why: sidecar.why };
  }
  return { found: false, why: `the release index (${indexUrl(config)}) has no sha256 for ${file.filename}` };
}

function findFile(index: ReleaseIndex, archive: { filename: string; version: string }, config: Config): ReleaseFile | undefined {
  const release = index.releases.find((r) => r.version.text === archive.version);
  if (!release) return undefined;
  return release.files.find((f) => f.filename === archive.filename) ?? platformTarball(release, config);
}
