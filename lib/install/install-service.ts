// `gvx install SPEC`: from a spec to an installed version. Resolves against the release
// index, installs all-or-nothing, then keeps the shims' alias table and the global default
// in step with what is installed.

import type { Config } from '../config.js';
import type { HttpClient } from '../net/http.js';
import { chooseArtifact, resolveRelease } from '../remote/artifact.js';
import { loadReleaseIndex } from '../remote/release-index.js';
import { writeAliases } from '../store/aliases.js';
import { readDefault, writeDefault } from '../store/default-version.js';
import { listInstalled } from '../store/inventory.js';
import { HomeLayout } from '../store/layout.js';
import { ensureShims } from '../store/shims.js';
import { parseSpec, type VersionSpec } from '../version/spec.js';
import { type InstallEvents, type InstallStatus, installVersion, type Payload } from './install-version.js';
import { type ProgressListener, releasePayload } from './release-payload.js';

export interface InstallOutcome {
  readonly version: string;
  readonly goroot: string;
  readonly status: InstallStatus;
  readonly becameDefault: boolean;
}

export interface InstallServiceEvents extends InstallEvents {
  onWarn?(message: string): void;
  onDownload?(version: string, url: string): void;
  onProgress?: ProgressListener;
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

  async install(spec: VersionSpec, options: { force?: boolean } = {}): Promise<InstallOutcome> {
    // An exact version that is installed needs no index at all (works offline).
    if (spec.kind === 'exact' && !options.force) {
      const installed = await listInstalled(this.layout);
      const hit = installed.find((v) => v.version.text === spec.version.text);
      if (hit) return this.finish(hit.version.text, 'already-installed');
    }
    const warn = (message: string) => this.events.onWarn?.(message);
    let index = await loadReleaseIndex(this.config, this.http, { warn });
    let release;
    try {
      release = resolveRelease(index, spec);
    } catch (error) {
      // A release newer than the cached index: look again before saying it does not exist.
      if (index.fromCacheBecauseOffline) throw error;
      index = await loadReleaseIndex(this.config, this.http, { warn, refresh: true });
      release = resolveRelease(index, spec);
    }
    const artifact = chooseArtifact(index, release, this.config);
    const payload = releasePayload(this.http, artifact, this.events.onProgress);
    return this.installPayload(payload, options);
  }

  /** The shared tail of every source: the pipeline, then aliases and the default. */
  async installPayload(payload: Payload, options: { force?: boolean } = {}): Promise<InstallOutcome> {
    if (!options.force) {
      const installed = await listInstalled(this.layout);
      if (installed.some((v) => v.version.text === payload.version)) return this.finish(payload.version, 'already-installed');
    }
    this.events.onDownload?.(payload.version, payload.source);
    const status = await installVersion(this.layout, payload, { force: options.force, events: this.events });
    return this.finish(payload.version, status);
  }

  private async finish(version: string, status: InstallStatus): Promise<InstallOutcome> {
    await writeAliases(this.layout, await listInstalled(this.layout));
    await ensureShims(this.layout);
    let becameDefault = false;
    if ((await readDefault(this.layout)) === undefined) {
      await writeDefault(this.layout, parseSpec(version));
      becameDefault = true;
    }
    return { version, goroot: this.layout.versionDir(version), status, becameDefault };
  }
}
