import { ExitCode } from '../../error-codes.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { familyStatus } from '../../remote/family-status.js';
import { describeCachedIndex } from '../../remote/index-age.js';
import { loadReleaseIndex } from '../../remote/release-index.js';
import { describeSelector, findSelection, findVersionFile, readDefaultSelection, resolveInstalled, type Selection } from '../../select/selection.js';
import { parseEnvSpec } from '../../select/version-file.js';
import { type InstalledVersion, listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { refreshStore } from '../../store/refresh.js';
import { compareGoVersions, type GoVersion } from '../../version/go-version.js';
import { compareFamiliesNewestFirst, familyOf, tryParseFamily } from '../../version/family.js';
import { parseSpec, type VersionSpec } from '../../version/spec.js';
import { CommandLineError, parse } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { openInstaller } from '../installer.js';

interface UpgradeFlags {
  all?: boolean;
  quiet?: boolean;
  refresh?: boolean;
}

export const command: Command = {
  summary: 'install the newest patch of installed families (1.22.10 -> 1.22.12); keeps the old ones (see prune)',
  usage: [
    'gvx upgrade [FAMILY... | --all] [--refresh] [--quiet]',
    '',
    'Installs the newest release of each named family (1.22) in the release index, as gvx install',
    'would; --all: of every installed family; no FAMILY: the families in use here, those of the',
    'installed versions the global default and this directory select. A FAMILY must be installed.',
    'The older patches stay (gvx prune removes them). A global default naming an exact older',
    'patch of the family moves to the new one; a default naming the family (1.22) follows by',
    'itself. Version files are never edited: one that pins an older patch here is reported, with',
    'the gvx use that moves it.',
  ].join('\n'),
  async run(ctx, argv) {
    const { values, positionals } = parse<UpgradeFlags>('upgrade', argv, {
      all: { type: 'boolean', short: 'a' },
      quiet: { type: 'boolean', short: 'q' },
      refresh: { type: 'boolean' },
    });
    const { config, out } = ctx;
    if (values.all && positionals.length > 0) throw new CommandLineError('upgrade: name families or give --all, not both', { hint: 'gvx upgrade --all, or gvx upgrade 1.22' });
    const named = positionals.map((p) => {
      const family = tryParseFamily(p);
      if (!family) {
        throw new UsageError(`upgrade: "${p.slice(0, 40)}" is not a family such as 1.22`, {
          hint: 'gvx upgrade 1.22 installs the newest 1.22.x; gvx install 1.22.5 installs one exact patch',
        });
      }
      return family;
    });

    const layout = new HomeLayout(config.home);
    const installed = await listInstalled(layout);
    const installedFamilies = new Set(installed.map((v) => familyOf(v.version)));
    const missing = named.find((f) => !installedFamilies.has(f));
    if (missing) throw new NotFoundError('E_NOT_INSTALLED', `no go${missing}.x is installed, so there is nothing to upgrade`, { hint: `gvx install ${missing}` });
    if (installed.length === 0) {
      out.info('no Go versions installed; try: gvx install latest');
      return ExitCode.ok;
    }
    let families: string[];
    if (values.all) families = [...installedFamilies].sort(compareFamiliesNewestFirst);
    else if (named.length > 0) families = [...new Set(named)];
    else families = await familiesInUse(ctx, layout, installed);

    const requestedAt = Date.now();
    const index = await loadReleaseIndex(config, await ctx.http(), { refresh: values.refresh, warn: (m) => out.warn(m) });
    const age = describeCachedIndex(index, requestedAt);
    if (age) out.info(`gvx: ${age}`);

    const { service, messages } = await openInstaller(ctx, { quiet: values.quiet, progressBar: true });
    const pins = await readPins(ctx);
    let upgraded = false;
    for (const family of families) {
      const status = familyStatus(family, installed, index);
      const current = status.newestInstalled!.version;
      let newest: GoVersion = current;
      if (status.updateAvailable) {
        try {
          const outcome = await service.install(parseSpec(status.newestAvailable!.text));
          newest = status.newestAvailable!;
          out.line(`upgraded ${family}: ${current.text} -> ${outcome.version} (${outcome.goroot})`);
          upgraded = true;
        } finally {
          messages.finish();
        }
      } else if (status.newestAvailable === undefined) {
        out.line(`${family}: the release index lists no ${family} release; keeping ${current.text}`);
      } else {
        out.line(`${family} is up to date (${current.text})`);
      }
      await moveExactDefault(ctx, layout, family, newest);
      for (const pin of pins) {
        if (pin.spec.kind === 'exact' && familyOf(pin.spec.version) === family && compareGoVersions(pin.spec.version, newest) < 0) {
          out.line(`${pin.where} pins ${pin.spec.text}; it stays (${pin.command} ${newest.text} to move it)`);
        }
      }
    }
    if (upgraded && !values.quiet) out.info('gvx: the older patches stay installed; gvx prune removes them');
    return ExitCode.ok;
  },
};

/**
 * With no FAMILY: the families of the installed versions that the global default and this
 * directory select (what `go` runs here and elsewhere by default), said before anything is
 * fetched. Nothing in use is a usage error: upgrade never guesses beyond that.
 */
async function familiesInUse(ctx: CommandContext, layout: HomeLayout, installed: readonly InstalledVersion[]): Promise<string[]> {
  const tolerate = (error: Error) => {
    ctx.out.warn(error.message);
    return undefined;
  };
  const selections = [await readDefaultSelection(layout).catch(tolerate), await findSelection(ctx.config).catch(tolerate)];
  const inUse = new Map<string, string>();
  for (const selection of selections) {
    const hit = selection && resolveInstalled(selection, installed);
    if (!hit) continue;
    const family = familyOf(hit.version);
    if (!inUse.has(family)) inUse.set(family, `${hit.version.text}, ${selection.origin === 'default' ? 'global default' : describeSelector(selection)}`);
  }
  if (inUse.size === 0) {
    throw new CommandLineError('upgrade: no installed Go is in use here (no global default, nothing selected): name a family (1.22) or give --all', {
      hint: 'gvx outdated lists the installed families and their updates',
    });
  }
  ctx.out.info(`gvx: upgrading the families in use: ${[...inUse].map(([family, why]) => `${family} (${why})`).join(', ')}`);
  return [...inUse.keys()].sort(compareFamiliesNewestFirst);
}

/** A global default naming an exact older patch of the family moves to `newest`. */
async function moveExactDefault(ctx: CommandContext, layout: HomeLayout, family: string, newest: GoVersion): Promise<void> {
  const selection: Selection | undefined = await readDefaultSelection(layout).catch((error: Error) => {
    ctx.out.warn(`${error.message}; it is left as it is`);
    return undefined;
  });
  const spec = selection?.spec;
  if (spec?.kind !== 'exact' || familyOf(spec.version) !== family || compareGoVersions(spec.version, newest) >= 0) return;
  await refreshStore(layout, { setDefault: parseSpec(newest.text) });
  ctx.out.line(`global default: ${spec.text} -> ${newest.text}`);
}

interface Pin {
  readonly spec: VersionSpec;
  /** The version file's path, or GVX_GO_VERSION. */
  readonly where: string;
  /** What moves it: gvx use for a file, gvx shell for this shell's selection. */
  readonly command: string;
}

/** What pins a version here that upgrade must not touch: this shell's GVX_GO_VERSION and the nearest version file. */
async function readPins(ctx: CommandContext): Promise<Pin[]> {
  const pins: Pin[] = [];
  const warnAndSkip = (error: Error) => {
    ctx.out.warn(error.message);
    return undefined;
  };
  try {
    const env = parseEnvSpec(ctx.config.shellVersion);
    if (env) pins.push({ spec: env, where: 'GVX_GO_VERSION', command: 'gvx shell' });
  } catch (error) {
    warnAndSkip(error as Error);
  }
  const file = await findVersionFile(ctx.config.cwd).catch(warnAndSkip);
  if (file) pins.push({ spec: file.spec, where: file.file!, command: 'gvx use' });
  return pins;
}
