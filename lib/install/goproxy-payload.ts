// Toolchains from GOPROXY, as the go command fetches them: golang.org/toolchain module zips,
// verified by the checksum database. The spec is resolved against the proxies' @v/list
// before the install lock (the lock is per version); inside the pipeline the zip is
// downloaded into the download cache (continuing what an earlier run kept), proved against
// the database (signed tree head, inclusion proof, h1:), then extracted as a GOROOT.

import { lstat } from 'node:fs/promises';
import { unpackModuleZip } from '../archive/extract-toolchain-zip.js';
import type { Config } from '../config.js';
import { fetchVerifiedToolchainZip, readToolchainNetwork } from './verified-toolchain-zip.js';
import {
  TOOLCHAIN_DIRECT_URL,
  TOOLCHAIN_MODULE,
  moduleUrl,
  proxyBase,
  resolveToolchainVersion,
} from '../goproxy/toolchain-module.js';
import type { DownloadListeners } from '../net/download-to-file.js';
import type { HttpClient } from '../net/http.js';
import type { VersionSpec } from '../version/spec.js';
import { IntegrityError } from '../errors.js';
import type { HomeLayout } from '../store/layout.js';
import { downloadCachePath, removeCachedDownload } from './download-cache.js';
import type { Payload } from './install-version.js';

export interface GoproxyPayloadOptions extends DownloadListeners {
  readonly config: Config;
  readonly http: HttpClient;
  readonly spec: VersionSpec;
  /** What GOPROXY's "direct" means for golang.org/toolchain (tests point it at a local server). */
  readonly directUrl?: string;
  readonly layout: HomeLayout;
  readonly onNote?: (message: string) => void;
}

export async function goproxyPayload(options: GoproxyPayloadOptions): Promise<Payload> {
  const { config, http, spec } = options;
  const directUrl = options.directUrl ?? TOOLCHAIN_DIRECT_URL;
  // GOSUMDB=off and a malformed GOPROXY fail here, before any request.
  const network = readToolchainNetwork(config);
  const { proxies } = network;

  const resolved = await resolveToolchainVersion({ http, proxies, spec, goos: config.goos, goarch: config.goarch, directUrl });
  const version = resolved.goVersion.text;
  const { moduleVersion } = resolved;
  // Shown before the download; the record names the entry that actually served the zip.
  const first = proxies[0]!;
  const firstUrl = first.kind === 'off' ? 'GOPROXY=off' : moduleUrl(proxyBase(first, directUrl), `${moduleVersion}.zip`);
  const fetchZip = async (destFile: string) =>
    fetchVerifiedToolchainZip({
      config,
      http,
      version,
      destFile,
      directUrl,
      goos: config.goos,
      goarch: config.goarch,
      network,
      onProgress: options.onProgress,
      onResume: options.onResume,
    });
  return {
    version,
    archiveName: `${TOOLCHAIN_MODULE}@${moduleVersion}`,
    source: firstUrl,
    async obtain({ fresh }) {
      // The checksum database fixes a module version's bytes for ever: the module path and
      // version identify the download, whichever proxy serves it.
      const zipPath = await downloadCachePath(options.layout, `${TOOLCHAIN_MODULE}@${moduleVersion}`, `${moduleVersion}.zip`, { fresh });
      const kept = (await lstat(zipPath).catch(() => undefined))?.size ?? 0;
      let fetched;
      try {
        fetched = await fetchZip(zipPath);
      } catch (error) {
        // A zip continued from an earlier run that fails its check (a corrupt entry, or an h1:
        // other than the database's; the zip is already removed) gets one download from scratch.
        if (kept === 0 || !(error instanceof IntegrityError && (error.code === 'E_CHECKSUM_MISMATCH' || error.code.startsWith('E_ZIP_')))) throw error;
        options.onNote?.(`gvx: the resumed download of ${TOOLCHAIN_MODULE}@${moduleVersion} did not verify; downloading it again from the start`);
        fetched = await fetchZip(zipPath);
      }
      return {
        file: zipPath,
        sha256: fetched.sha256,
        verifiedH1: fetched.h1,
        source: moduleUrl(fetched.proxyUsed, `${fetched.moduleVersion}.zip`),
        module: `${TOOLCHAIN_MODULE}@${fetched.moduleVersion}`,
        resumed: false, // verified by h1: above, not by the caller's sha256
        discard: () => removeCachedDownload(zipPath),
      };
    },
    unpack: (archive, staging, onFile) => unpackModuleZip(archive.file, staging, `${TOOLCHAIN_MODULE}@${moduleVersion}/`, config.unpack, onFile),
  };
}
