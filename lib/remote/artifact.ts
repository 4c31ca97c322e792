// Choosing what to download: the release a spec names, and its archive for this GOOS/GOARCH.

import type { Config } from '../config.js';
import { NotFoundError, UnsupportedError } from '../errors.js';
import { pickNewest, type VersionSpec } from '../version/spec.js';
import type { Release, ReleaseFile, ReleaseIndex } from './releases.js';

export interface Artifact {
  readonly version: string;
  readonly file: ReleaseFile;
  readonly url: string;
}

/** What `gvx install SPEC` picks: any release for an exact version, else the newest stable match. */
export function findRelease(releases: readonly Release[], spec: VersionSpec): Release | undefined {
  // Prefix specs only take releases the index calls stable (specMatches already skips rc/beta).
  const candidates = spec.kind === 'exact' ? releases : releases.filter((r) => r.stable);
  return pickNewest(spec, candidates, (r) => r.version);
}

export function resolveRelease(index: ReleaseIndex, spec: VersionSpec): Release {
  const release = findRelease(index.releases, spec);
  if (!release) {
    throw new NotFoundError('E_VERSION_NOT_FOUND', `no Go release matches "${spec.text}" in the release index`, {
      hint: 'gvx ls-remote --all lists the available versions',
    });
  }
  return release;
}

/**
 * A GOARCH as go.dev names it in archive file names and in the release index: 32-bit ARM is
 * "armv6l" there (go1.22.5.linux-armv6l.tar.gz), "arm" everywhere else (runtime.GOARCH,
 * toolchain modules).
 */
export function downloadArch(goarch: string): string {
  return goarch === 'arm' ? 'armv6l' : goarch;
}

/** This platform's archives of a release (go.dev may list a .tar.gz and a .zip). */
function platformArchives(release: Release, config: Config): ReleaseFile[] {
  const arch = downloadArch(config.goarch);
  return release.files.filter((f) => f.kind === 'archive' && f.os === config.goos && f.arch === arch);
}

/** The .tar.gz archive of a release for this platform, the one gvx installs. */
export function platformTarball(release: Release, config: Config): ReleaseFile | undefined {
  return platformArchives(release, config).find((f) => f.filename.endsWith('.tar.gz'));
}

export function chooseArtifact(index: ReleaseIndex, release: Release, config: Config): Artifact {
  const version = release.version.text;
  const archives = platformArchives(release, config);
  const tarball = archives.find((f) => f.filename.endsWith('.tar.gz'));
  if (!tarball) {
    if (archives.some((f) => f.filename.endsWith('.zip'))) {
      throw new UnsupportedError(`Go ${version} for ${config.goos}/${config.goarch} ships only as a .zip archive, which gvx does not install yet`, {
        hint: 'install it from the official installer for now; tar.gz platforms (Linux, macOS, BSDs) are supported',
      });
    }
    throw new NotFoundError('E_NO_ARCHIVE', `Go ${version} has no archive for ${config.goos}/${config.goarch}`, {
      hint: `gvx ls-remote ${release.version.major}.${release.version.minor} lists other versions`,
    });
  }
  return { version, file: tarball, url: `${index.downloadBase}/${tarball.filename}` };
}

/**
 * This platform's archive of exactly `spec` among a directory mirror's archives that the
 * official index does not list (ReleaseIndex.unlisted); prefixes and `latest` never match one.
 */
export function unlistedArtifact(index: ReleaseIndex, spec: VersionSpec, config: Config): Artifact | undefined {
  if (spec.kind !== 'exact' || !index.unlisted) return undefined;
  const release = findRelease(index.unlisted, spec);
  const tarball = release && platformTarball(release, config);
  return tarball && { version: release.version.text, file: tarball, url: `${index.downloadBase}/${tarball.filename}` };
}
