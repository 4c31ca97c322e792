// The release index: go.dev's JSON list of releases (or a mirror's copy of it), fetched
// once per age limit and cached in GVX_HOME, so that `gvx install 1.22` needs no network when
// the index is fresh and still works (with a warning) when the network is down. A GVX_MIRROR
// that is a plain directory of archives (no JSON index) is read through its listing instead
// (directory-mirror.ts).

import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from '../config.js';
import { GvxError, NetworkError } from '../errors.js';
import type { HttpClient } from '../net/http.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { HomeLayout } from '../store/layout.js';
import { type GoVersion, compareGoVersions, tryParseGoVersion } from '../version/go-version.js';
import { loadDirectoryMirror } from './directory-mirror.js';

/** Where go.dev's listed archives are downloaded from (go.dev/dl/<file> redirects there). */
export const GO_DEV_DOWNLOAD_BASE = 'https://dl.google.com/go';

export interface ReleaseFile {
  readonly filename: string;
  readonly os: string;
  readonly arch: string;
  readonly sha256: string;
  readonly size: number;
  readonly kind: string;
}

export interface Release {
  readonly version: GoVersion;
  readonly stable: boolean;
  readonly files: readonly ReleaseFile[];
}

export interface ReleaseIndex {
  readonly releases: readonly Release[];
  /** Base URL archives are downloaded from. */
  readonly downloadBase: string;
  readonly fetchedAt: number;
  readonly fromCacheBecauseOffline: boolean;
  /**
   * 'json': a go.dev-style index, every file with its sha256. 'directory': built from a plain
   * mirror's file listing; a file's sha256 is the official index's, or '' when that did not
   * list it or was unreachable (then the mirror's <file>.sha256 is the checksum).
   */
  readonly kind: 'json' | 'directory';
}

interface CacheFile {
  url: string;
  fetchedAt: number;
  body: unknown;
  kind?: 'json' | 'directory';
}

export function indexUrl(config: Config): string {
  return config.mirror ? `${config.mirror}/?mode=json&include=all` : config.officialIndexUrl;
}

export function downloadBase(config: Config): string {
  return config.mirror ?? GO_DEV_DOWNLOAD_BASE;
}

export interface LoadIndexOptions {
  /** Ignore the cache age (ls-remote --refresh; install of a version the cache does not know). */
  readonly refresh?: boolean;
  readonly warn?: (message: string) => void;
  /** Status messages worth a line on stderr (where a directory mirror's checksums come from). */
  readonly note?: (message: string) => void;
}

/** The index: from the cache when fresh, else from the network, else a stale cache with a warning. */
export async function loadReleaseIndex(config: Config, http: HttpClient, options: LoadIndexOptions = {}): Promise<ReleaseIndex> {
  const url = indexUrl(config);
  const cachePath = new HomeLayout(config.home).releaseIndexCache;
  const cached = await readCache(cachePath, url);
  if (cached && !options.refresh && Date.now() - cached.fetchedAt < config.indexMaxAgeMs) {
    return toIndex(cached, config, false);
  }
  let fetched: CacheFile;
  try {
    const response = await http.getBuffer(url);
    const json = response.status === 200 ? tryParseJson(response.body) : NOT_JSON;
    const directory = config.mirror && (response.status === 404 || (response.status === 200 && json === NOT_JSON))
      ? await loadDirectoryMirror(config, http, options)
      : undefined;
    if (directory) {
      fetched = { url, fetchedAt: Date.now(), body: directory, kind: 'directory' };
    } else {
      if (response.status !== 200) {
        throw new NetworkError('E_INDEX_HTTP', `the release index at ${url} answered HTTP ${response.status}`, {
          hint: 'check GVX_MIRROR; a mirror must serve <base>/?mode=json&include=all, or list go<version>.<os>-<arch>.tar.gz files at <base>/',
        });
      }
      if (json === NOT_JSON) {
        throw new NetworkError('E_INDEX_MALFORMED', `the release index at ${url} is not JSON`, {
          hint: 'check GVX_MIRROR points at a go.dev/dl-compatible mirror',
        });
      }
      fetched = { url, fetchedAt: Date.now(), body: json, kind: 'json' };
    }
    parseReleases(fetched.body, url); // validate before caching
  } catch (error) {
    if (cached && error instanceof NetworkError && error.code !== 'E_INDEX_MALFORMED') {
      const age = Math.round((Date.now() - cached.fetchedAt) / 60000);
      options.warn?.(`cannot fetch the release index (${error.message}); using the cached copy from ${age} min ago`);
      return toIndex(cached, config, true);
    }
    throw error;
  }
  await writeCache(cachePath, fetched).catch(() => {
    // A read-only home must not stop a read-only command such as ls-remote.
  });
  return toIndex(fetched, config, false);
}

/** The cached index for this config's URL, whatever its age; undefined when there is none usable. Never the network. */
export async function readCachedIndex(config: Config): Promise<ReleaseIndex | undefined> {
  const cached = await readCache(new HomeLayout(config.home).releaseIndexCache, indexUrl(config));
  return cached && toIndex(cached, config, false);
}

/** Parses go.dev's JSON; anything unexpected is a clear E_INDEX_MALFORMED, never a crash. */
export function parseReleases(body: unknown, url: string): Release[] {
  const malformed = (what: string) =>
    new NetworkError('E_INDEX_MALFORMED', `the release index at ${url} is malformed: ${what}`, {
      hint: 'check GVX_MIRROR points at a go.dev/dl-compatible mirror',
    });
  if (!Array.isArray(body)) throw malformed('expected a JSON array of releases');
  const releases: Release[] = [];
  for (const [i, entry] of body.entries()) {
    if (typeof entry !== 'object' || entry === null) throw malformed(`entry ${i} is not an object`);
    const { version, stable, files } = entry as Record<string, unknown>;
    if (typeof version !== 'string') throw malformed(`entry ${i} has no "version" string`);
    const parsed = tryParseGoVersion(version);
    if (!parsed) continue; // a release name this gvx does not understand: skip, do not fail
    if (!Array.isArray(files)) throw malformed(`${version} has no "files" array`);
    releases.push({
      version: parsed,
      stable: stable === true,
      files: files.map((file, j) => parseFile(file, `${version} file ${j}`, malformed)),
    });
  }
  // Newest first, whatever order the mirror lists them in.
  return releases.sort((a, b) => compareGoVersions(b.version, a.version));
}

function parseFile(file: unknown, where: string, malformed: (what: string) => Error): ReleaseFile {
  if (typeof file !== 'object' || file === null) throw malformed(`${where} is not an object`);
  const f = file as Record<string, unknown>;
  const str = (key: string) => {
    if (typeof f[key] !== 'string') throw malformed(`${where} has no "${key}" string`);
    return f[key] as string;
  };
  const filename = str('filename');
  // File names become URLs and paths: refuse anything that could climb out of a directory.
  if (!/^[A-Za-z0-9._-]+$/.test(filename) || filename.startsWith('.')) throw malformed(`${where} has an unsafe filename`);
  const sha256 = typeof f.sha256 === 'string' ? f.sha256.toLowerCase() : '';
  return {
    filename,
    os: typeof f.os === 'string' ? f.os : '',
    arch: typeof f.arch === 'string' ? f.arch : '',
    sha256,
    size: typeof f.size === 'number' ? f.size : 0,
    kind: str('kind'),
  };
}

/** Stands for a body that did not parse (JSON itself can be null or false). */
const NOT_JSON = Symbol('not JSON');

function tryParseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return NOT_JSON;
  }
}

function toIndex(cache: CacheFile, config: Config, offline: boolean): ReleaseIndex {
  return {
    releases: parseReleases(cache.body, cache.url),
    downloadBase: downloadBase(config),
    fetchedAt: cache.fetchedAt,
    fromCacheBecauseOffline: offline,
    kind: cache.kind ?? 'json',
  };
}

async function readCache(path: string, url: string): Promise<CacheFile | undefined> {
  try {
    const cache = JSON.parse(await readFile(path, 'utf8')) as CacheFile;
    if (cache.url !== url || typeof cache.fetchedAt !== 'number') return undefined;
    parseReleases(cache.body, url);
    return cache;
  } catch (error) {
    if (error instanceof GvxError || error instanceof SyntaxError || (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeCache(path: string, cache: CacheFile): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, JSON.stringify(cache));
}
