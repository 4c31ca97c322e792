// The one place a command wires an InstallService to the install messages, and the step
// gvx use, shell and exec share: the installed version for a spec, installed now if allowed.

import type { GvxError } from '../errors.js';
import type { InstallService } from '../install/install-service.js';
import { type InstalledVersion, listInstalled } from '../store/inventory.js';
import { HomeLayout } from '../store/layout.js';
import { pickNewest, type VersionSpec } from '../version/spec.js';
import type { CommandContext } from './context.js';
import { type InstallMessages, installMessages } from './install-messages.js';

export interface InstallerOptions {
  /** Only warnings (--quiet). */
  readonly quiet?: boolean;
  /** Draw a progress bar when stderr is a terminal and NO_COLOR is unset. */
  readonly progressBar?: boolean;
  /** The archive is a local file (gvx install --archive). */
  readonly localArchive?: boolean;
}

export interface Installer {
  readonly service: InstallService;
  /** The service's events; finish() clears the progress bar once an install ends. */
  readonly messages: InstallMessages;
}

/** An InstallService that reports through installMessages (loaded only when called). */
export async function openInstaller(ctx: CommandContext, options: InstallerOptions = {}): Promise<Installer> {
  const { InstallService } = await import('../install/install-service.js');
  const { config } = ctx;
  const messages = installMessages(ctx.out, {
    quiet: options.quiet,
    progress: options.progressBar && config.stderrIsTTY && config.env.NO_COLOR === undefined,
    localArchive: options.localArchive,
  });
  return { service: new InstallService(config, await ctx.http(), messages), messages };
}

export interface EnsureInstalledOptions {
  /** Install a missing version (else the error of notInstalled is thrown). */
  readonly install: boolean;
  /** Only warnings while installing. */
  readonly quiet?: boolean;
  notInstalled(): GvxError | Promise<GvxError>;
}

/**
 * The newest installed version matching `spec`, else the one InstallService.ensure installs
 * when `install` allows it. An installed one is found without loading the installer (the
 * release index, HTTP): `gvx exec` of an installed version starts as fast as before.
 */
export async function ensureInstalled(ctx: CommandContext, spec: VersionSpec, options: EnsureInstalledOptions): Promise<InstalledVersion> {
  const found = pickNewest(spec, await listInstalled(new HomeLayout(ctx.config.home)), (v) => v.version);
  if (found) return found;
  if (!options.install) throw await options.notInstalled();
  const { service } = await openInstaller(ctx, { quiet: options.quiet });
  return service.ensure(spec);
}
