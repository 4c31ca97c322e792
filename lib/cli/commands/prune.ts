import { ExitCode } from '../../error-codes.js';
import { NotFoundError } from '../../errors.js';
import { formatBytes } from '../../format-bytes.js';
import { uninstallVersion } from '../../install/uninstall.js';
import { describeSelector, findSelection, readDefaultSelection, resolveInstalled } from '../../select/selection.js';
import { diskUsage } from '../../store/disk-usage.js';
import { listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { planPrune } from '../../store/superseded.js';
import { parseSpec, pickNewest } from '../../version/spec.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'remove patches superseded within their family (keeps the newest of each, the default and what this directory uses)',
  usage: [
    'gvx prune [--dry-run] [--keep SPEC]...',
    '',
    'Removes each installed version older than the newest installed release of its family',
    '(1.22.10 when 1.22.12 is installed; 1.23rc1 when 1.23.0 is), as gvx uninstall would. Keeps the',
    'newest of every family, what the global default and this directory select, and what each',
    '--keep SPEC resolves to (1.21.5, or 1.21 for its newest installed patch). Other projects\'',
    'pins are not known to gvx: --keep them. Prints each version with its size and the space',
    'freed; --dry-run prints what would go and removes nothing.',
  ].join('\n'),
  async run(ctx, argv) {
    const { values } = parse<{ 'dry-run'?: boolean; keep?: string[] }>(
      'prune',
      argv,
      { 'dry-run': { type: 'boolean', short: 'n' }, keep: { type: 'string', multiple: true } },
      0,
    );
    const { config, out } = ctx;
    const keepSpecs = (values.keep ?? []).map((k) => parseSpec(k));
    const layout = new HomeLayout(config.home);
    const installed = await listInstalled(layout);

    // Errors here stop the prune: what cannot be read might select a version it would remove.
    const keep = new Map<string, string[]>();
    const addReason = (version: string, reason: string) => keep.set(version, [...(keep.get(version) ?? []), reason]);
    const defaultSelection = await readDefaultSelection(layout);
    const defaultVersion = defaultSelection && resolveInstalled(defaultSelection, installed);
    if (defaultVersion) addReason(defaultVersion.version.text, `the global default (${defaultSelection.spec.text})`);
    const here = await findSelection(config);
    const hereVersion = here && here.origin !== 'default' ? resolveInstalled(here, installed) : undefined;
    if (here && hereVersion) addReason(hereVersion.version.text, `selected here by ${describeSelector(here)}`);
    for (const spec of keepSpecs) {
      const hit = pickNewest(spec, installed, (v) => v.version);
      if (hit) addReason(hit.version.text, `--keep ${spec.text}`);
      else out.warn(`--keep ${spec.text} matches no installed version`);
    }

    const plan = planPrune(installed, keep);
    for (const kept of plan.kept) out.info(`gvx: keeping ${kept.installed.version.text}: ${kept.reasons.join('; ')}`);
    if (plan.remove.length === 0) {
      out.line(plan.kept.length > 0 ? 'nothing to prune: every superseded version is kept' : 'nothing to prune: each installed version is the newest of its family');
      return ExitCode.ok;
    }
    // Sizes first: a removed directory can no longer be measured.
    const sizes = await Promise.all(plan.remove.map((c) => diskUsage(c.installed.goroot)));
    let freed = 0;
    for (const [i, candidate] of plan.remove.entries()) {
      const version = candidate.installed.version.text;
      const size = sizes[i]!;
      const why = `superseded by ${candidate.supersededBy.version.text}`;
      if (values['dry-run']) {
        out.line(`would remove ${version} (${formatBytes(size)}, ${why})`);
        freed += size;
        continue;
      }
      try {
        await uninstallVersion(layout, version);
      } catch (error) {
        // Another gvx removed it meanwhile: not this prune's failure, and not its space.
        if (error instanceof NotFoundError) {
          out.info(`gvx: ${version} was already removed`);
          continue;
        }
        throw error;
      }
      out.line(`removed ${version} (${formatBytes(size)}, ${why})`);
      freed += size;
    }
    out.line(values['dry-run'] ? `would free ${formatBytes(freed)} (dry run: nothing was removed)` : `freed ${formatBytes(freed)}`);
    return ExitCode.ok;
  },
};
