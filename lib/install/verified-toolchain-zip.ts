// The one entry point of the GOPROXY install source: resolve the version, ask the checksum
// database what the toolchain module zip must hash to (verified note + inclusion proof),
// download the zip, and compare its h1: with the database's. It lives in install/, above both
// goproxy/ and sumdb/, because it needs both. Fails closed: any doubt is an IntegrityError
// (exit 5) and the downloaded file is removed.

import { rm } from 'node:fs/promises';
import type { Config } from '../config.js';
import { IntegrityError } from '../errors.js';
import type { DownloadListeners } from '../net/download-to-file.js';
import type { HttpClient } from '../net/http.js';
import { parseGoVersion } from '../version/go-version.js';
import { type VersionSpec, parseSpec } from '../version/spec.js';
import { SumdbClient } from '../sumdb/client.js';
import { type SumdbConfig, parseGosumdb, readGoNetworkSettings } from '../sumdb/config.js';
import { hashZip } from '../sumdb/dirhash.js';
import { downloadToolchainZip } from '../goproxy/download-zip.js';
import { type ProxyEntry, parseProxyList } from '../goproxy/proxy-list.js';
import { TOOLCHAIN_DIRECT_URL, TOOLCHAIN_MODULE, resolveToolchainVersion } from '../goproxy/toolchain-module.js';

export interface FetchToolchainOptions extends DownloadListeners {
  readonly config: Config;
  readonly http: HttpClient;
  /** What the user asked for ("1.22", "latest", "1.22.5"); or give `version`. */
  readonly spec?: string | VersionSpec;
  /** An exact Go version ("1.22.5" / "go1.22.5"). */
  readonly version?: string;
  /** Where to write the zip (the download cache); a partial zip there is continued. */
  readonly destFile: string;
  /** GOSUMDB and GOPROXY already read (readToolchainNetwork), so they are not read again. */
  readonly network?: ToolchainNetwork;
  /** Overrides go.dev's module endpoint that "direct" means (tests). */
  readonly directUrl?: string;
  readonly goos?: string;
  readonly goarch?: string;
}

export interface FetchedToolchain {
  /** The Go version without "go": "1.22.12". */
  readonly version: string;
  /** "v0.0.1-go1.22.12.linux-amd64". */
  readonly moduleVersion: string;
  /** "golang.org/toolchain@v0.0.1-go1.22.12.linux-amd64/": what extractToolchainZip strips. */
  readonly prefix: string;
  readonly zipPath: string;
  /** The verified h1: of the zip. */
  readonly h1: string;
  /** sha256 of the zip's bytes, computed while downloading. */
  readonly sha256: string;
  /** Base URL of the proxy the zip came from. */
  readonly proxyUsed: string;
  readonly sumdb: { readonly name: string; readonly url: string; readonly treeSize: number; readonly recordId: number };
}

export interface ToolchainNetwork {
  readonly sumdb: SumdbConfig;
  readonly proxies: readonly ProxyEntry[];
}

/**
 * GOSUMDB and GOPROXY as the go command reads them, parsed: GOSUMDB first, so GOSUMDB=off is
 * refused before a malformed GOPROXY is reported.
 */
export function readToolchainNetwork(config: Config): ToolchainNetwork {
  const settings = readGoNetworkSettings({ env: config.env, goos: config.goos });
  const sumdb = parseGosumdb(settings.gosumdb.value);
  return { sumdb, proxies: parseProxyList(settings.goproxy.value) };
}

export async function fetchVerifiedToolchainZip(options: FetchToolchainOptions): Promise<FetchedToolchain> {
  const { config, http } = options;
  const goos = options.goos ?? config.goos;
  const goarch = options.goarch ?? config.goarch;
  const spec: VersionSpec =
    options.version !== undefined
      ? { kind: 'exact', text: options.version, version: parseGoVersion(options.version) }
      : typeof options.spec === 'string'
        ? parseSpec(options.spec)
        : (options.spec ?? parseSpec('latest'));

  // Settings first: GOSUMDB=off or a broken GOPROXY fails before any network traffic.
  const { sumdb, proxies } = options.network ?? readToolchainNetwork(config);
  const directUrl = options.directUrl ?? TOOLCHAIN_DIRECT_URL;

  const resolved = await resolveToolchainVersion({ http, proxies, spec, goos, goarch, directUrl });
  // The database first: a version it cannot vouch for is not worth downloading.
  const lookup = await new SumdbClient({ http, sumdb, proxies }).lookup(TOOLCHAIN_MODULE, resolved.moduleVersion);
  const { proxyUsed, sha256 } = await downloadToolchainZip({
    http,
    proxies,
    moduleVersion: resolved.moduleVersion,
    destFile: options.destFile,
    directUrl,
    onProgress: options.onProgress,
    onResume: options.onResume,
  });
  try {
    await verifyToolchainZip(options.destFile, resolved.moduleVersion, lookup.h1);
  } catch (error) {
    await rm(options.destFile, { force: true });
    throw error;
  }
  return {
    version: resolved.goVersion.text,
    moduleVersion: resolved.moduleVersion,
    prefix: `${TOOLCHAIN_MODULE}@${resolved.moduleVersion}/`,
    zipPath: options.destFile,
    h1: lookup.h1,
    sha256,
    proxyUsed,
    sumdb: { name: sumdb.name, url: lookup.baseUrl, treeSize: lookup.tree.n, recordId: lookup.recordId },
  };
}

/** Compares the zip's h1: with the expected one; throws E_CHECKSUM_MISMATCH (exit 5). */
export async function verifyToolchainZip(zipPath: string, moduleVersion: string, expectedH1: string): Promise<string> {
  const actual = await hashZip(zipPath);
  if (actual !== expectedH1) {
    throw new IntegrityError(
      'E_CHECKSUM_MISMATCH',
      `${TOOLCHAIN_MODULE}@${moduleVersion}: the downloaded zip does not match the checksum database; expected (checksum database): ${expectedH1}, actual (downloaded zip): ${actual}`,
      { hint: 'the proxy served a different zip than the one the checksum database recorded; nothing was installed. Check GOPROXY' },
    );
  }
  return actual;
}
