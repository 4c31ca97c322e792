// Plain directory mirrors: a GVX_MIRROR that is only a web server's file listing (nginx or
// Apache autoindex, an S3-style page, a bare list of names) with go<version>.<os>-<arch>.tar.gz
// archives and <archive>.sha256 files beside them, and no go.dev JSON index. The release list
// is built from the archive names. Checksums come from the official index when it can be
// reached (the mirror then only serves bytes that go.dev vouches for), else from the mirror's
// .sha256 files, which are only as trustworthy as the mirror; gvx says which it used. An
// archive the official index, when it answers, does not list is set apart: nothing vouches for
// it but the mirror, so only an explicit --allow-unlisted installs it (recorded as unverified).

import type { Config } from '../config.js';
import { IntegrityError } from '../errors.js';
import type { HttpClient } from '../net/http.js';
import { isStable, tryParseGoVersion } from '../version/go-version.js';
import type { MirrorChecksum } from '../store/install-record.js';
import type { Artifact } from './artifact.js';
import { type ReleaseIndex, parseReleases } from './releases.js';

export interface ListedArchive {
  readonly filename: string;
  readonly version: string;
  readonly os: string;
  readonly arch: string;
}

/** go.dev's JSON shape, so the cache and parseReleases treat both kinds of mirror alike. */
interface IndexEntry {
  version: string;
  stable: boolean;
  files: { filename: string; os: string; arch: string; version: string; sha256: string; size: number; kind: 'archive' }[];
}

// A release archive name anywhere in the text (an href, a link text, a line of a plain list).
const ARCHIVE_NAME = /(?<![A-Za-z0-9._-])go(\d+(?:\.\d+)*(?:(?:alpha|beta|rc)\d+)?(?:\.\d+)?)\.([a-z0-9]+)-([a-z0-9]+)\.tar\.gz(\.sha256)?/g;

/** The release archives a listing names (its .sha256 files are not archives). */
export function archivesInListing(text: string): ListedArchive[] {
  const found = new Map<string, ListedArchive>();
  for (const m of text.matchAll(ARCHIVE_NAME)) {
    if (m[4]) continue;
    const version = tryParseGoVersion(m[1]!);
    if (!version) continue;
    const filename = `go${m[1]}.${m[2]}-${m[3]}.tar.gz`;
    found.set(filename, { filename, version: version.text, os: m[2]!, arch: m[3]! });
  }
  return [...found.values()];
}

export interface DirectoryMirrorOptions {
  readonly warn?: (message: string) => void;
  readonly note?: (message: string) => void;
}

/**
 * A directory mirror's listing, as go.dev-shaped entries (so the cache and parseReleases treat
 * both kinds of mirror alike). When the official index answered, `releases` holds only the
 * archives it lists, with its checksums, and `unlisted` the rest: an archive only the mirror
 * vouches for is never what a prefix or `latest` picks. When it did not, `releases` is the
 * whole listing with no checksums (the mirror's .sha256 files are all there is).
 */
export interface DirectoryListing {
  readonly releases: IndexEntry[];
  readonly unlisted: IndexEntry[];
  readonly officialIndex: 'answered' | 'unreachable';
}

/** The mirror's listing, or undefined when <mirror>/ lists no release archives (then it is not a directory mirror, and the caller reports the index error). */
export async function loadDirectoryMirror(config: Config, http: HttpClient, options: DirectoryMirrorOptions = {}): Promise<DirectoryListing | undefined> {
  const listingUrl = `${config.mirror}/`;
  const listing = await http.getBuffer(listingUrl, { maxBytes: 32 * 1024 * 1024 }).catch(() => undefined);
  if (!listing || listing.status !== 200) return undefined;
  const archives = archivesInListing(listing.body.toString('utf8'));
  if (archives.length === 0) return undefined;

  const official = await officialChecksums(config, http);
  if (official.ok) {
    options.note?.(`gvx: ${config.mirror} is a directory mirror (${archives.length} archives listed); checksums come from the official release index ${config.officialIndexUrl}`);
  } else {
    options.warn?.(
      `${config.mirror} is a directory mirror and the official release index ${config.officialIndexUrl} is not reachable (${official.why}); checksums will come from the mirror's own .sha256 files, which are only as trustworthy as the mirror`,
    );
  }
  const releases: IndexEntry[] = [];
  const unlisted: IndexEntry[] = [];
  for (const a of archives) {
    const sha256 = official.ok ? official.sums.get(a.filename) : '';
    addArchive(sha256 === undefined ? unlisted : releases, a, sha256 ?? '');
  }
  if (unlisted.length > 0) {
    const names = unlisted.flatMap((e) => e.files.map((f) => f.filename));
    options.warn?.(
      `the official release index does not list ${names.length} of the archives on ${config.mirror} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}): gvx leaves them out, and installs one only by its exact version with --allow-unlisted`,
    );
  }
  return { releases, unlisted, officialIndex: official.ok ? 'answered' : 'unreachable' };
}

function addArchive(entries: IndexEntry[], a: ListedArchive, sha256: string): void {
  const goVersion = `go${a.version}`;
  let entry = entries.find((e) => e.version === goVersion);
  if (!entry) {
    entry = { version: goVersion, stable: isStable(tryParseGoVersion(a.version)!), files: [] };
    entries.push(entry);
  }
  entry.files.push({ filename: a.filename, os: a.os, arch: a.arch, version: goVersion, sha256, size: 0, kind: 'archive' });
}

type OfficialChecksums = { ok: true; sums: Map<string, string> } | { ok: false; why: string };

async function officialChecksums(config: Config, http: HttpClient): Promise<OfficialChecksums> {
  const url = config.officialIndexUrl;
  try {
    const response = await http.getBuffer(url);
    if (response.status !== 200) return { ok: false, why: `HTTP ${response.status}` };
    const releases = parseReleases(JSON.parse(response.body.toString('utf8')), url);
    const sums = new Map<string, string>();
    for (const r of releases) for (const f of r.files) if (/^[0-9a-f]{64}$/.test(f.sha256)) sums.set(f.filename, f.sha256);
    return { ok: true, sums };
  } catch (error) {
    return { ok: false, why: (error as Error).message };
  }
}

export type SidecarChecksum = { readonly found: true; readonly sha256: string; readonly from: string } | { readonly found: false; readonly why: string };

/** The checksum in "<base>/<filename>.sha256" ("<hex>" or "<hex>  <filename>", as sha256sum writes). */
export async function checksumFromSidecar(http: HttpClient, base: string, filename: string): Promise<SidecarChecksum> {
  const url = `${base}/${filename}.sha256`;
  let response;
  try {
    response = await http.getBuffer(url, { maxBytes: 64 * 1024 });
  } catch (error) {
    return { found: false, why: `${url}: ${(error as Error).message}` };
  }
  if (response.status !== 200) return { found: false, why: `${url} answered HTTP ${response.status}` };
  const hex = /^\s*([0-9a-fA-F]{64})(?:\s|$)/.exec(response.body.toString('utf8'))?.[1];
  if (!hex) return { found: false, why: `${url} does not hold a sha256` };
  return { found: true, sha256: hex.toLowerCase(), from: url };
}

export interface SettledArtifact {
  readonly artifact: Artifact;
  /** Set when the checksum is only the mirror's own .sha256 (the install record says so). */
  readonly mirrorChecksum?: MirrorChecksum;
}

/**
 * The artifact of a directory mirror with its checksum settled, saying where it came from:
 * the official index (already in the listing's entries) or the mirror's .sha256 file, which
 * gvx takes when the official index was unreachable, or for an archive it does not list that
 * the caller was told to install (--allow-unlisted).
 */
export async function settleDirectoryChecksum(
  http: HttpClient,
  config: Config,
  index: ReleaseIndex,
  artifact: Artifact,
  events: { note(message: string): void; warn(message: string): void },
): Promise<SettledArtifact> {
  const { filename } = artifact.file;
  if (/^[0-9a-f]{64}$/.test(artifact.file.sha256)) {
    events.note(`gvx: checksum of ${filename} from the official release index (${config.officialIndexUrl})`);
    return { artifact };
  }
  // A directory listing without checksums: the official index did not answer, or (answered)
  // does not list this archive.
  const mirrorChecksum: MirrorChecksum = index.officialIndex === 'answered' ? 'unlisted' : 'not-cross-checked';
  const sidecar = await checksumFromSidecar(http, index.downloadBase, filename);
  if (!sidecar.found) {
    const official = mirrorChecksum === 'unlisted' ? 'the official release index does not list it' : 'the official release index was not reachable';
    throw new IntegrityError('E_NO_CHECKSUM', `no checksum for ${filename}: ${official} and ${sidecar.why}`, {
      hint: `gvx installs nothing it cannot verify; put ${filename}.sha256 beside it on the mirror, or download it and run gvx install --archive FILE --sha256 HEX`,
    });
  }
  events.warn(
    mirrorChecksum === 'unlisted'
      ? `--allow-unlisted: installing go${artifact.version}, which the official release index (${config.officialIndexUrl}) does not list, with the mirror's own checksum from ${sidecar.from}. Nothing proves this is an official Go release; the install record says verified: false`
      : `checksum of ${filename} from the mirror's ${sidecar.from} only: the official release index (${config.officialIndexUrl}) was not reachable when the mirror was listed, so nothing cross-checked it; the install record says so`,
  );
  return { artifact: { ...artifact, file: { ...artifact.file, sha256: sidecar.sha256 } }, mirrorChecksum };
}
