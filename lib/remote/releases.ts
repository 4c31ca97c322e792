// What a release index lists (Release, ReleaseFile; ReleaseIndex around them), and the
// parser of go.dev's JSON list of releases: release-index.ts reads a JSON index (and its
// cache) with it, directory-mirror.ts the official index whose checksums it borrows.

import { NetworkError } from '../errors.js';
import { type GoVersion, compareGoVersions, tryParseGoVersion } from '../version/go-version.js';

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
   * mirror's file listing; a file's sha256 is the official index's, or '' when that was
   * unreachable or does not list the file (then the mirror's <file>.sha256 is the checksum).
   */
  readonly kind: 'json' | 'directory';
  /**
   * A directory mirror only: whether the official index answered when the listing was read.
   * 'answered': `releases` holds only the archives it lists (with its checksums) and
   * `unlisted` the mirror's others; 'unreachable': `releases` is the whole listing.
   */
  readonly officialIndex?: 'answered' | 'unreachable';
  /** A directory mirror's archives the official index does not list (see officialIndex). */
  readonly unlisted?: readonly Release[];
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
    return f[key];
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
