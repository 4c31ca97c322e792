// Toolchains from GOPROXY (issue 6), as the go command fetches them: golang.org/toolchain
// module zips, verified by the checksum database. The spec is resolved against the proxies'
// @v/list before the install lock (the lock is per version); inside the pipeline the zip is
// downloaded into the staging directory, proved against the database (signed tree head,
// inclusion proof, h1:), extracted as a GOROOT, and deleted before the rename.

import { join } from 'node:path';
import type { Config } from '../config.js';
import { fetchVerifiedToolchainZip, readToolchainNetwork } from '../goproxy/fetch-toolchain.js';
import {
  TOOLCHAIN_DIRECT_URL,
  TOOLCHAIN_MODULE,
  moduleUrl,
  proxyBase,
  resolveToolchainVersion,
} from '../goproxy/toolchain-module.js';
import type { HttpClient } from '../net/http.js';
import type { VersionSpec } from '../version/spec.js';
import type { Payload } from './install-version.js';
import type { ProgressListener } from './release-payload.js';
import { unpackModuleZip } from './unpack-module-zip.js';

export interface GoproxyPayloadOptions {
  readonly config: Config;
  readonly http: HttpClient;
  readonly spec: VersionSpec;
  /** What GOPROXY's "direct" means for golang.org/toolchain (tests point it at a local server). */
  readonly directUrl?: string;
  readonly onProgress?: ProgressListener;
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
  return {
    version,
    archiveName: `${TOOLCHAIN_MODULE}@${moduleVersion}`,
    source: firstUrl,
    unpack: async (freshStaging) => {
      const staging = await freshStaging();
      const zipPath = join(staging, 'toolchain.zip');
      const fetched = await fetchVerifiedToolchainZip({ config, http, version, destFile: zipPath, directUrl, goos: config.goos, goarch: config.goarch, network, onProgress: options.onProgress });
      // The zip stays in staging, beside the root: installVersion removes staging after the rename.
      const root = await unpackModuleZip(zipPath, staging, fetched.prefix, config.unpack);
      return {
        root,
        sha256: fetched.sha256,
        verifiedH1: fetched.h1,
        source: moduleUrl(fetched.proxyUsed, `${fetched.moduleVersion}.zip`),
        module: `${TOOLCHAIN_MODULE}@${fetched.moduleVersion}`,
      };
    },
  };
}
