// A release archive from the index's download base (go.dev or GVX_MIRROR): downloaded into
// the download cache (continued from what an earlier attempt or run kept), verified by the
// caller against the index's sha256, then unpacked from the file.

import { extractTarballFile } from '../archive/extract-tarball.js';
import type { UnpackLimits } from '../archive/unpack-policy.js';
import { IntegrityError, NetworkError, NotFoundError } from '../errors.js';
import { type DownloadListeners, downloadToFile } from '../net/download-to-file.js';
import type { HttpClient } from '../net/http.js';
import type { Artifact } from '../remote/artifact.js';
import type { MirrorChecksum } from '../store/install-record.js';
import type { HomeLayout } from '../store/layout.js';
import { downloadCachePath, removeCachedDownload } from './download-cache.js';
import type { Payload } from './install-version.js';

/** No release archive comes near this; a server sending more is not sending one. */
const MAX_UNLISTED_SIZE = 1024 * 1024 * 1024;

/** @param mirrorChecksum set when the sha256 is only a directory mirror's own (settleDirectoryChecksum) */
export function releasePayload(
  http: HttpClient,
  layout: HomeLayout,
  artifact: Artifact,
  limits: UnpackLimits,
  events: DownloadListeners = {},
  mirrorChecksum?: MirrorChecksum,
): Payload {
  const { file, url, version } = artifact;
  const sha256 = file.sha256;
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    throw new IntegrityError('E_NO_CHECKSUM', `the release index has no valid sha256 for ${file.filename}`, {
      hint: 'gvx installs nothing it cannot verify; check GVX_MIRROR',
    });
  }
  return {
    version,
    archiveName: file.filename,
    source: url,
    expectedSha256: sha256,
    ...(mirrorChecksum && { mirrorChecksum }),
    async obtain({ fresh }) {
      const path = await downloadCachePath(layout, `${url}\n${sha256}`, file.filename, { fresh });
      const downloaded = await downloadToFile(http, {
        url,
        file: path,
        // The index's size, when it gives one, bounds what the server may send.
        maxBytes: file.size > 0 ? file.size : MAX_UNLISTED_SIZE,
        expectedBytes: file.size > 0 ? file.size : undefined,
        statusError: (status, at) =>
          status === 404
            ? new NotFoundError('E_ARCHIVE_NOT_FOUND', `${at} answered HTTP 404`, { hint: 'the mirror lists a file it does not serve; check GVX_MIRROR' })
            : new NetworkError('E_DOWNLOAD_HTTP', `${at} answered HTTP ${status}`, { hint: 'check GVX_MIRROR and your proxy settings' }),
        onProgress: events.onProgress,
        onResume: events.onResume,
      });
      return {
        file: path,
        sha256: downloaded.sha256,
        resumed: downloaded.keptFromEarlierRun > 0,
        discard: () => removeCachedDownload(path),
      };
    },
    async unpack(archive, staging, onFile) {
      await extractTarballFile(archive.file, { dest: staging, archiveName: file.filename, limits, onFile });
      return staging;
    },
  };
}
