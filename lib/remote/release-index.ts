// The release index: go.dev's JSON list of releases (or a mirror's copy of it), fetched
// once per age limit and cached in GVX_HOME, so that `gvx install 1.22` needs no network when
// the index is fresh and still works (with a warning) when the network is down. A GVX_MIRROR
// that is a plain directory of archives (no JSON index) is read through its listing instead
// (directory-mirror.ts). What an index lists, and the parser of the JSON, are in releases.ts.

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Config } from '../config.js';
import { GvxError, NetworkError } from '../errors.js';
import type { HttpClient } from '../net/http.js';
import { readRegularFile, writeFileAtomic } from '../store/atomic-write.js';
import { HomeLayout } from '../store/layout.js';
import { type ReleaseIndex, parseReleases } from './releases.js';

/** Where go.dev's listed archives are downloaded from (go.dev/dl/<file> redirects there). */
const GO_DEV_DOWNLOAD_BASE = 'https://dl.google.com/go';
/** The index as fetched is at most 64 MiB (HttpClient.getBuffer), and the cache adds little. */
const MAX_CACHE_BYTES = 96 * 1024 * 1024;

interface CacheFile {
  url: string;
  fetchedAt: number;
  body: unknown;
  kind?: 'json' | 'directory';
  /** A directory mirror: what ReleaseIndex.officialIndex says, and its unlisted archives. */
  officialIndex?: 'answered' | 'unreachable';
  unlisted?: unknown;
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
    // Imported here: only a directory mirror needs it (the cache readers, e.g. the install
    // hint of `gvx current`, never do).
    const directory = config.mirror && (response.status === 404 || (response.status === 200 && json === NOT_JSON))
      ? await (await import('./directory-mirror.js')).loadDirectoryMirror(config, http, options)
      : undefined;
    if (directory) {
      fetched = { url, fetchedAt: Date.now(), body: directory.releases, kind: 'directory', officialIndex: directory.officialIndex, unlisted: directory.unlisted };
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
    ...(cache.kind === 'directory' && { officialIndex: cache.officialIndex, unlisted: parseReleases(cache.unlisted ?? [], cache.url) }),
  };
}

async function readCache(path: string, url: string): Promise<CacheFile | undefined> {
  try {
    // Bounded, and never through a FIFO, device or symlink planted in GVX_HOME: such a cache
    // is no cache, and the fetch replaces it.
    const text = await readRegularFile(path, MAX_CACHE_BYTES);
    if (text === undefined) return undefined;
    const cache = JSON.parse(text) as CacheFile;
    if (cache.url !== url || typeof cache.fetchedAt !== 'number') return undefined;
    // A directory listing cached by an older gvx does not say which archives the official
    // index lists: read the mirror again rather than trust every archive in it.
    if (cache.kind === 'directory' && cache.officialIndex !== 'answered' && cache.officialIndex !== 'unreachable') return undefined;
    parseReleases(cache.body, url);
    if (cache.kind === 'directory') parseReleases(cache.unlisted ?? [], url);
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
