import { GvxError, UsageError } from '../../errors.js';
import { describeOrigin, findSelection, readDefaultSelection, resolveInstalled } from '../../select/selection.js';
import { listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { uninstallVersion } from '../../store/uninstall.js';
import { parseGoVersion } from '../../version/go-version.js';
import { pickNewest } from '../../version/spec.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'remove installed versions (refuses the one this directory uses unless --force)',
  usage: 'gvx uninstall VERSION... [--force]',
  async run(ctx, argv) {
    const { values, positionals } = parse<{ force?: boolean }>('uninstall', argv, { force: { type: 'boolean', short: 'f' } });
    if (positionals.length === 0) throw new UsageError('uninstall: which version?', { hint: 'gvx ls lists them; gvx uninstall 1.21.13' });
    const layout = new HomeLayout(ctx.config.home);
    const versions = positionals.map((p) => parseGoVersion(p));
    if (!values.force) {
      const selection = await findSelection(ctx.config).catch(() => undefined);
      const active = selection ? resolveInstalled(selection, await listInstalled(layout)) : undefined;
      const inUse = active && versions.find((v) => v.text === active.version.text);
      if (inUse && selection) {
        throw new GvxError('E_IN_USE', 1, `go${inUse.text} is in use here (selected by ${describeOrigin(selection)})`, {
          hint: `select another version first (gvx use …), or gvx uninstall ${inUse.text} --force`,
        });
      }
    }
    for (const version of versions) {
      const removed = await uninstallVersion(layout, version.text);
      ctx.out.line(`uninstalled go${removed}`);
    }
    const fallback = await readDefaultSelection(layout).catch(() => undefined); // the uninstall is done; a broken default is not its failure
    if (fallback && !pickNewest(fallback.spec, await listInstalled(layout), (v) => v.version)) {
      ctx.out.warn(`the global default (${fallback.spec.text}) is no longer installed; set another with gvx use --global`);
    }
    return 0;
  },
};
