// Go toolchains as modules: golang.org/toolchain@v0.0.1-go<version>.<GOOS>-<GOARCH>, the form
// the go command downloads for GOTOOLCHAIN switches. This file names them and resolves a spec
// against a proxy's "@v/list". For this module, GOPROXY's "direct" is not a VCS checkout:
// golang.org/toolchain's go-import tag is "mod https://go.dev/dl/mod", a module proxy itself.

import { NetworkError } from '../errors.js';
import type { HttpClient } from '../net/http.js';
import { type GoVersion, stripGoPrefix, tryParseGoVersion } from '../version/go-version.js';
import { type VersionSpec, pickNewest } from '../version/spec.js';
import { type ProxyEntry, ProxyNotFoundError, tryProxies } from './proxy-list.js';

export const TOOLCHAIN_MODULE = 'golang.org/toolchain';
/** Where "direct" leads for golang.org/toolchain (its go-import "mod" URL). */
export const TOOLCHAIN_DIRECT_URL = 'https://go.dev/dl/mod';

/** "1.22.5", "linux", "amd64" -> "v0.0.1-go1.22.5.linux-amd64". */
export function toolchainModuleVersion(goVersion: string, goos: string, goarch: string): string {
  return `v0.0.1-go${stripGoPrefix(goVersion)}.${goos}-${goarch}`;
}

export interface ToolchainModuleVersion {
  readonly goVersion: GoVersion;
  readonly goos: string;
  readonly goarch: string;
}

export function parseToolchainModuleVersion(version: string): ToolchainModuleVersion | undefined {
  const m = /^v0\.0\.1-go(.+)\.([a-z0-9]+)-([a-z0-9]+)$/.exec(version);
  if (!m) return undefined;
  const goVersion = tryParseGoVersion(m[1]!);
  return goVersion ? { goVersion, goos: m[2]!, goarch: m[3]! } : undefined;
}

/** The proxy base URL for an entry ("direct" -> go.dev's module endpoint). */
export function proxyBase(entry: ProxyEntry, directUrl: string): string {
  if (entry.kind === 'url') return entry.url;
  if (entry.kind === 'direct') return directUrl;
  throw new Error('GOPROXY=off has no base URL');
}

export function moduleUrl(base: string, path: string): string {
  return `${base}/${TOOLCHAIN_MODULE}/@v/${path}`;
}

/** Adds to a network failure of "direct" what direct means for this module. */
export function explainDirect(error: unknown, entry: ProxyEntry, directUrl: string): unknown {
  if (entry.kind !== 'direct' || !(error instanceof NetworkError)) return error;
  return new NetworkError(error.code, `${error.message} (GOPROXY "direct" for ${TOOLCHAIN_MODULE} is ${directUrl})`, {
    hint: 'set GOPROXY to a module proxy you can reach (e.g. your company proxy, or https://goproxy.cn in China)',
    cause: error,
  });
}

export interface ResolveOptions {
  readonly http: HttpClient;
  readonly proxies: readonly ProxyEntry[];
  readonly spec: VersionSpec;
  readonly goos: string;
  readonly goarch: string;
  readonly directUrl?: string;
}

export interface ResolvedToolchain {
  readonly goVersion: GoVersion;
  readonly moduleVersion: string;
  /** The proxy whose list answered; undefined when the spec was exact (no list needed). */
  readonly listedBy?: string;
}

/** Picks the version a spec means: exact specs as they are, others from the first proxy's list. */
export async function resolveToolchainVersion(options: ResolveOptions): Promise<ResolvedToolchain> {
  const { spec, goos, goarch } = options;
  if (spec.kind === 'exact') {
    return { goVersion: spec.version, moduleVersion: toolchainModuleVersion(spec.version.text, goos, goarch) };
  }
  const directUrl = options.directUrl ?? TOOLCHAIN_DIRECT_URL;
  return tryProxies(options.proxies, async (entry) => {
    const base = proxyBase(entry, directUrl);
    const url = moduleUrl(base, 'list');
    let body: string;
    try {
      const response = await options.http.getBuffer(url, { maxBytes: 16 * 1024 * 1024 });
      if (response.status === 404 || response.status === 410) throw new ProxyNotFoundError(url, response.status);
      if (response.status !== 200) {
        throw new NetworkError('E_GOPROXY_HTTP', `${url} answered HTTP ${response.status}`, { hint: 'check GOPROXY and the network' });
      }
      body = response.body.toString('utf8');
    } catch (error) {
      throw explainDirect(error, entry, directUrl);
    }
    const candidates = listedVersions(body).filter((v) => v.goos === goos && v.goarch === goarch);
    const best = pickNewest(spec, candidates, (v) => v.goVersion);
    if (!best) throw new ProxyNotFoundError(`${url} (no ${spec.text} for ${goos}/${goarch})`, 404);
    return { goVersion: best.goVersion, moduleVersion: toolchainModuleVersion(best.goVersion.text, goos, goarch), listedBy: base };
  });
}

/** The toolchain versions in an "@v/list" body (one version per line, extra fields ignored). */
function listedVersions(body: string): ToolchainModuleVersion[] {
  const out: ToolchainModuleVersion[] = [];
  for (const line of body.split('\n')) {
    const first = line.trim().split(/\s+/)[0];
    const parsed = first ? parseToolchainModuleVersion(first) : undefined;
    if (parsed) out.push(parsed);
  }
  return out;
}
