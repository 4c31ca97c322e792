// A release archive downloaded from the index's download base (go.dev or GVX_MIRROR):
// streamed once through hash + unpack; a cut-off, stalled or 5xx download is retried from
// scratch into a fresh staging directory.

import { IntegrityError, NetworkError, NotFoundError } from '../errors.js';
import { type HttpClient, discard } from '../net/http.js';
import type { Artifact } from '../remote/artifact.js';
import type { UnpackLimits } from './archive-policy.js';
import { extractTarball } from './extract-tarball.js';
import type { Payload } from './install-version.js';

export type ProgressListener = (bytes: number, total: number | undefined) => void;

export function releasePayload(http: HttpClient, artifact: Artifact, limits: UnpackLimits, onProgress?: ProgressListener): Payload {
  const { file, url, version } = artifact;
  if (!/^[0-9a-f]{64}$/.test(file.sha256)) {
    throw new IntegrityError('E_NO_CHECKSUM', `the release index has no valid sha256 for ${file.filename}`, {
      hint: 'gvx installs nothing it cannot verify; check GVX_MIRROR',
    });
  }
  return {
    version,
    archiveName: file.filename,
    source: url,
    expectedSha256: file.sha256,
    unpack: (freshStaging) =>
      http.withRetries(url, async () => {
        const dest = await freshStaging();
        const response = await http.open(url);
        if (response.status !== 200) {
          discard(response.body);
          const message = `${url} answered HTTP ${response.status}`;
          throw response.status === 404
            ? new NotFoundError('E_ARCHIVE_NOT_FOUND', message, { hint: 'the mirror lists a file it does not serve; check GVX_MIRROR' })
            : new NetworkError('E_DOWNLOAD_HTTP', message, { hint: 'check GVX_MIRROR and your proxy settings' });
        }
        const length = Number(response.headers['content-length']);
        const total = Number.isFinite(length) && length > 0 ? length : file.size || undefined;
        const { sha256 } = await extractTarball(response.body, {
          dest,
          archiveName: file.filename,
          sourceUrl: url,
          onBytes: (bytes) => onProgress?.(bytes, total),
          limits,
        });
        return { root: dest, sha256 };
      }),
  };
}
