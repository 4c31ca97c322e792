// `gvx install SPEC`: from a spec to an installed version. Resolves against the release
// index (or GOPROXY's list with --source goproxy), or takes a local archive, installs
// all-or-nothing, then keeps the shims' alias table and the global default in step with what
// is installed.

import type { Config } from '../config.js';
import type { DownloadListeners } from '../net/download-to-file.js';
import type { HttpClient } from '../net/http.js';
import { IntegrityError, NotFoundError } from '../errors.js';
import { type Artifact, chooseArtifact, findRelease, platformTarball, resolveRelease, unlistedArtifact } from '../remote/artifact.js';
import { settleDirectoryChecksum } from '../remote/directory-mirror.js';
import { loadReleaseIndex } from '../remote/release-index.js';
import type { MirrorChecksum } from '../store/install-record.js';
import { type InstalledVersion, listInstalled } from '../store/inventory.js';
import { HomeLayout } from '../store/layout.js';
import { ensureShellFiles } from '../shell/env-file.js';
import { refreshStore } from '../store/refresh.js';
import { parseSpec, pickNewest, type VersionSpec } from '../version/spec.js';
import { type InstallSource, parseInstallSource } from './install-source.js';
import { type InstallEvents, type InstallStatus, installVersion, type Payload } from './install-version.js';
import { releasePayload } from './release-payload.js';

export interface InstallOutcome {
  readonly version: string;
  readonly goroot: string;
  readonly status: InstallStatus;
  readonly becameDefault: boolean;
}

export interface ArchiveOptions {
  /** The expected sha256 (hex), from --sha256. */
  readonly sha256?: string;
  /** --no-verify: install without any checksum (recorded as verified: false). */
  readonly noVerify?: boolean;
  readonly force?: boolean;
}

export interface InstallServiceEvents extends InstallEvents, DownloadListeners {
  onWarn?(message: string): void;
}

export class InstallService {
  private readonly layout: HomeLayout;

  constructor(
    private readonly config: Config,
    private readonly http: HttpClient,
    private readonly events: InstallServiceEvents = {},
  ) {
    this.layout = new HomeLayout(config.home);
  }

  /**
   * Makes sure a version matching `spec` is installed: the newest installed one that matches,
   * else the one install(spec) brings in, with the usual events (gvx use, shell, exec).
   */
  async ensure(spec: VersionSpec): Promise<InstalledVersion> {
    const found = pickNewest(spec, await listInstalled(this.layout), (v) => v.version);
    if (found) return found;
    const outcome = await this.install(spec);
    const installed = (await listInstalled(this.layout)).find((v) => v.version.text === outcome.version);
    if (!installed) throw new NotFoundError('E_NOT_INSTALLED', `go ${outcome.version} vanished right after its install`, { hint: `gvx install ${outcome.version}` });
    return installed;
  }

  /** allowUnlisted: --allow-unlisted, install what only a directory mirror lists (see unlistedRefusal). */
  async install(spec: VersionSpec, options: { force?: boolean; source?: InstallSource; allowUnlisted?: boolean } = {}): Promise<InstallOutcome> {
    // An exact version that is installed needs no index at all (works offline).
    if (spec.kind === 'exact' && !options.force) {
      const installed = await listInstalled(this.layout);
      const hit = installed.find((v) => v.version.text === spec.version.text);
      if (hit) return this.finish(hit.version.text, 'already-installed');
    }
    // GVX_SOURCE is the default for every install (gvx use, auto-install), not only gvx install.
    const source = options.source ?? parseInstallSource(undefined, this.config.source);
    if (source === 'goproxy') {
      // Loaded only for this source: the checksum-database client is a dozen modules that a
      // go.dev install would otherwise load at start-up for nothing.
      const { goproxyPayload } = await import('./goproxy-payload.js');
      const { onProgress, onResume, onNote } = this.events;
      return this.installPayload(await goproxyPayload({ config: this.config, http: this.http, layout: this.layout, spec, onProgress, onResume, onNote }), options);
    }
    const warn = (message: string) => this.events.onWarn?.(message);
    const note = (message: string) => this.events.onNote?.(message);
    let index = await loadReleaseIndex(this.config, this.http, { warn, note });
    let release = findRelease(index.releases, spec);
    if (!release && !index.fromCacheBecauseOffline) {
      // A release newer than the cached index: look again before saying it does not exist.
      index = await loadReleaseIndex(this.config, this.http, { warn, note, refresh: true });
      release = findRelease(index.releases, spec);
    }
    // Only a directory mirror has unlisted archives, and only an exact version reaches one.
    const unlisted = !release || !platformTarball(release, this.config) ? unlistedArtifact(index, spec, this.config) : undefined;
    if (unlisted && !options.allowUnlisted) throw unlistedRefusal(this.config, unlisted);
    let artifact = unlisted ?? chooseArtifact(index, release ?? resolveRelease(index, spec), this.config);
    let mirrorChecksum: MirrorChecksum | undefined;
    if (index.kind === 'directory') ({ artifact, mirrorChecksum } = await settleDirectoryChecksum(this.http, this.config, index, artifact, { note, warn }));
    const payload = releasePayload(this.http, this.layout, artifact, this.config.unpack, this.events, mirrorChecksum);
    return this.installPayload(payload, options);
  }

  /**
   * `gvx install --archive FILE`: a local release .tar.gz or toolchain module .zip. The
   * checksum is --sha256, else (tar.gz) the release index's or (zip) the checksum database's
   * h1:; without one the install is refused unless --no-verify says otherwise.
   */
  async installArchive(file: string, options: ArchiveOptions = {}): Promise<InstallOutcome> {
    const [{ identifyLocalArchive }, { moduleZipFilePayload, tarballFilePayload }, { checksumFromIndex }] = await Promise.all([
      import('./local-archive.js'),
      import('./archive-payload.js'),
      import('./archive-checksum.js'),
    ]);
    const archive = await identifyLocalArchive(file, this.config);
    const unverified = () =>
      this.events.onWarn?.(
        `--no-verify: installing go${archive.version} from ${archive.path} WITHOUT checking its checksum. Nothing proves this is an official Go release; the install record says verified: false`,
      );
    let payload: Payload;
    if (archive.kind === 'module-zip') {
      if (options.noVerify) unverified();
      const check = options.sha256 !== undefined
        ? ({ kind: 'sha256', sha256: options.sha256 } as const)
        : options.noVerify
          ? ({ kind: 'none' } as const)
          : ({ kind: 'sumdb', config: this.config, http: this.http } as const);
      payload = moduleZipFilePayload(archive, check, this.config.unpack);
    } else if (options.sha256 !== undefined) {
      payload = tarballFilePayload(archive, options.sha256, this.config.unpack);
    } else if (options.noVerify) {
      unverified();
      payload = tarballFilePayload(archive, undefined, this.config.unpack);
    } else {
      const warn = (message: string) => this.events.onWarn?.(message);
      const sum = await checksumFromIndex(this.config, this.http, archive, warn);
      if (!sum.found) {
        throw new IntegrityError('E_NO_CHECKSUM', `no checksum to verify ${archive.filename} against: ${sum.why}`, {
          hint: `give the checksum: gvx install --archive ${file} --sha256 HEX (from go.dev/dl or sha256sum on a trusted machine); or, knowingly, --no-verify`,
        });
      }
      if (sum.mirrorChecksum) {
        this.events.onWarn?.(`checksum of ${archive.filename} from ${sum.from} only: the official release index was not reachable to cross-check it; the install record says so`);
      } else {
        this.events.onNote?.(`gvx: checksum of ${archive.filename} from ${sum.from}`);
      }
      payload = tarballFilePayload(archive, sum.sha256, this.config.unpack, sum.mirrorChecksum);
    }
    return this.installPayload(payload, options);
  }

  /** The shared tail of every source: the pipeline, then aliases and the default. */
  async installPayload(payload: Payload, options: { force?: boolean } = {}): Promise<InstallOutcome> {
    if (!options.force) {
      const installed = await listInstalled(this.layout);
      if (installed.some((v) => v.version.text === payload.version)) return this.finish(payload.version, 'already-installed');
    }
    const status = await installVersion(this.layout, payload, { force: options.force, events: this.events });
    return this.finish(payload.version, status);
  }

  private async finish(version: string, status: InstallStatus): Promise<InstallOutcome> {
    // Aliases from a fresh listing, and the default if none is set, under the home lock.
    const { becameDefault } = await refreshStore(this.layout, { defaultIfUnset: parseSpec(version) });
    await ensureShellFiles(this.layout);
    return { version, goroot: this.layout.versionDir(version), status, becameDefault };
  }
}

/**
 * A directory mirror's archive that the official index, which answered, does not list: an
 * invented or doctored release as far as gvx can tell, so nothing is downloaded.
 */
function unlistedRefusal(config: Config, artifact: Artifact): IntegrityError {
  const v = artifact.version;
  return new IntegrityError(
    'E_RELEASE_UNLISTED',
    `go${v} is on the mirror ${config.mirror ?? ''} but the official release index (${config.officialIndexUrl}) does not list it: nothing but the mirror vouches for ${artifact.file.filename}`,
    { hint: `gvx ls-remote lists the official releases; to install the mirror's go${v} anyway, knowingly: gvx install ${v} --allow-unlisted (recorded as unverified)` },
  );
}
