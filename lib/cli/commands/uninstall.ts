import { ExitCode } from '../../error-codes.js';
import { GvxError, NotFoundError, UsageError } from '../../errors.js';
import { uninstallVersion } from '../../install/uninstall.js';
import { describeOrigin, findSelection, readDefaultSelection, resolveInstalled } from '../../select/selection.js';
import { type InstalledVersion, listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { compareGoVersions, tryParseGoVersion } from '../../version/go-version.js';
import { parseSpec, pickNewest, specMatches } from '../../version/spec.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'remove installed versions (refuses the one this directory uses unless --force)',
  usage: [
    'gvx uninstall VERSION... [--all] [--force]',
    '',
    'VERSION may be partial (1.21, 1) when it matches one installed version; --all removes every',
    'installed version it matches. --force removes the version this directory uses too.',
  ].join('\n'),
  async run(ctx, argv) {
    const { values, positionals } = parse<{ force?: boolean; all?: boolean }>('uninstall', argv, {
      force: { type: 'boolean', short: 'f' },
      all: { type: 'boolean', short: 'a' },
    });
    if (positionals.length === 0) throw new UsageError('uninstall: which version?', { hint: 'gvx ls lists them; gvx uninstall 1.21.13' });
    const layout = new HomeLayout(ctx.config.home);
    const installed = await listInstalled(layout);
    // Every argument is resolved before anything is removed: a typo in the second one must not
    // leave the first one gone.
    const chosen = new Map<string, InstalledVersion>();
    for (const argument of positionals) {
      for (const version of matchInstalled(argument, installed, Boolean(values.all))) chosen.set(version.version.text, version);
    }
    const versions = [...chosen.values()];
    if (!values.force) {
      const selection = await findSelection(ctx.config).catch(() => undefined);
      const active = selection ? resolveInstalled(selection, installed) : undefined;
      const inUse = active && versions.find((v) => v.version.text === active.version.text);
      if (inUse && selection) {
        throw new GvxError('E_IN_USE', `go${inUse.version.text} is in use here (selected by ${describeOrigin(selection)})`, {
          hint: `select another version first (gvx use …), or gvx uninstall ${inUse.version.text} --force`,
        });
      }
    }
    for (const version of versions) {
      const removed = await uninstallVersion(layout, version.version.text);
      ctx.out.line(`uninstalled go${removed}`);
    }
    const fallback = await readDefaultSelection(layout).catch(() => undefined); // the uninstall is done; a broken default is not its failure
    if (fallback && !pickNewest(fallback.spec, await listInstalled(layout), (v) => v.version)) {
      ctx.out.warn(`the global default (${fallback.spec.text}) is no longer installed; set another with gvx use --global`);
    }
    return ExitCode.ok;
  },
};

/**
 * The installed versions one argument names. A version installed under exactly that name is
 * the one (go1.20 is both a release and the 1.20 family); otherwise the argument is a spec, as
 * for `gvx use`, and must match one installed version, or several with --all.
 */
function matchInstalled(argument: string, installed: readonly InstalledVersion[], all: boolean): InstalledVersion[] {
  const exact = tryParseGoVersion(argument);
  const named = exact && installed.find((v) => compareGoVersions(v.version, exact) === 0);
  if (named) return [named];
  const spec = parseSpec(argument);
  const matches = installed.filter((v) => specMatches(spec, v.version));
  if (matches.length === 0) {
    const message = spec.kind === 'exact' ? `go${spec.text} is not installed` : `no installed Go matches ${spec.text}`;
    throw new NotFoundError('E_NOT_INSTALLED', message, { hint: 'gvx ls lists the installed versions' });
  }
  if (matches.length > 1 && !all) {
    const list = matches.map((v) => v.version.text).join(', ');
    throw new UsageError(`uninstall: ${spec.text} matches ${matches.length} installed versions: ${list}`, {
      hint: `name one (gvx uninstall ${matches[0]!.version.text}), or remove them all with gvx uninstall ${spec.text} --all`,
    });
  }
  return matches;
}
