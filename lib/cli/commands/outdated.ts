import { ExitCode } from '../../error-codes.js';
import { type FamilyStatus, familyStatus } from '../../remote/family-status.js';
import { describeCachedIndex } from '../../remote/index-age.js';
import { loadReleaseIndex } from '../../remote/release-index.js';
import { type SelectedFamily, selectedFamily } from '../../select/selected-family.js';
import { findSelection, readDefaultSelection, type Selection } from '../../select/selection.js';
import { listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { compareFamiliesNewestFirst, familyOf } from '../../version/family.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'show which installed families (1.22) have a newer patch in the release index',
  usage: [
    'gvx outdated [--refresh] [--json]',
    '',
    'One row per family (1.22): every installed family, plus those of the global default and of what',
    'this directory selects, installed or not. Compares the newest installed patch with the newest',
    'release of the family in the release index: stable releases only, unless only pre-releases of',
    'the family are installed. Uses the cached index when it is fresh (GVX_INDEX_MAX_AGE) or the',
    'network is down, and says how old it is; --refresh fetches it anew. Exit 0 whether or not',
    'updates exist; gvx upgrade installs them.',
    '',
    '--json: an array, newest family first, of',
    '  {"family": "1.22", "installed": ["1.22.10", "1.22.5"] (newest first, [] if none),',
    '   "newestInstalled": "1.22.10" | null, "newestAvailable": "1.22.12" | null (not in the index),',
    '   "updateAvailable": true (installed, and the index has a newer release of the family),',
    '   "default": true (the global default resolves to this family), "selectedHere": false}',
  ].join('\n'),
  async run(ctx, argv) {
    const { values } = parse<{ json?: boolean; refresh?: boolean }>('outdated', argv, { json: { type: 'boolean' }, refresh: { type: 'boolean' } }, 0);
    const { config, out } = ctx;
    const layout = new HomeLayout(config.home);
    const installed = await listInstalled(layout);
    // A broken default or version file must not hide the report (as in gvx ls): say why, go on.
    const tolerate = (error: Error) => {
      out.warn(error.message);
      return undefined;
    };
    const defaultSelection: Selection | undefined = await readDefaultSelection(layout).catch(tolerate);
    const here: Selection | undefined = await findSelection(config).catch(tolerate);

    if (installed.length === 0 && !defaultSelection && !here) {
      if (values.json) out.json([]);
      else out.info('no Go versions installed and none selected; try: gvx install latest');
      return ExitCode.ok;
    }

    const requestedAt = Date.now();
    const index = await loadReleaseIndex(config, await ctx.http(), { refresh: values.refresh, warn: (m) => out.warn(m) });
    const age = describeCachedIndex(index, requestedAt);
    if (age) out.info(`gvx: ${age}`);

    const defaultFamily = defaultSelection && selectedFamily(defaultSelection, installed, index.releases);
    const hereFamily = here && selectedFamily(here, installed, index.releases);
    const families = new Set(installed.map((v) => familyOf(v.version)));
    if (defaultFamily) families.add(defaultFamily.family);
    if (hereFamily) families.add(hereFamily.family);

    const selectedPre = (family: string, ...selected: (SelectedFamily | undefined)[]) => selected.some((s) => s?.family === family && s.preRelease);
    const rows = [...families].sort(compareFamiliesNewestFirst).map((family) => {
      const status = familyStatus(family, installed, index, { selectedPreRelease: selectedPre(family, defaultFamily, hereFamily) });
      return { status, isDefault: defaultFamily?.family === family, isHere: hereFamily?.family === family };
    });

    if (values.json) {
      out.json(
        rows.map(({ status, isDefault, isHere }) => ({
          family: status.family,
          installed: status.installed.map((v) => v.version.text),
          newestInstalled: status.newestInstalled?.version.text ?? null,
          newestAvailable: status.newestAvailable?.text ?? null,
          updateAvailable: status.updateAvailable,
          default: isDefault,
          selectedHere: isHere,
        })),
      );
      return ExitCode.ok;
    }
    if (rows.length === 0) {
      out.info('no installed or selected family to compare; try: gvx install latest');
      return ExitCode.ok;
    }
    const width = Math.max(...rows.map((r) => r.status.family.length));
    for (const { status, isDefault, isHere } of rows) {
      const marks = [isDefault ? 'default' : '', isHere ? 'selected here' : ''].filter(Boolean).join(', ');
      out.line(`${status.family.padEnd(width)}  ${describeStatus(status)}${marks ? `  (${marks})` : ''}`);
    }
    return ExitCode.ok;
  },
};

function describeStatus(status: FamilyStatus): string {
  const installed = status.newestInstalled?.version.text;
  const available = status.newestAvailable?.text;
  if (installed === undefined) return available === undefined ? 'not installed, not in the release index' : `not installed (newest ${available})`;
  if (status.updateAvailable) return `${installed} -> ${available}`;
  return available === undefined ? `${installed}  not in the release index` : `${installed}  up to date`;
}
