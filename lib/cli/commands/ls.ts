import { ExitCode } from '../../error-codes.js';
import { describeMissing, findSelection, readDefaultSelection, resolveInstalled } from '../../select/selection.js';
import { type InstalledVersion, listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { pickNewest } from '../../version/spec.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'list installed versions, marking the active one (*) and the default',
  usage: 'gvx ls [--json]',
  async run(ctx, argv) {
    const { values } = parse<{ json?: boolean }>('ls', argv, { json: { type: 'boolean' } }, 0);
    const layout = new HomeLayout(ctx.config.home);
    const installed = await listInstalled(layout);
    // A broken default must not hide the list either: no default mark, and the reason.
    const fallback = await readDefaultSelection(layout).catch((error: Error) => {
      if (!values.json) ctx.out.warn(error.message);
      return undefined;
    });
    const defaultVersion = fallback ? pickNewest(fallback.spec, installed, (v) => v.version) : undefined;
    // A broken .go-version must not hide the list: show it without an active mark, and say why.
    let active: InstalledVersion | undefined;
    try {
      const selection = await findSelection(ctx.config);
      active = selection ? resolveInstalled(selection, installed) : undefined;
      if (selection && !active && !values.json) ctx.out.warn(describeMissing(selection));
    } catch (error) {
      if (!values.json) ctx.out.warn((error as Error).message);
    }
    const rows = installed.map((v) => ({
      version: v.version.text,
      goroot: v.goroot,
      active: v === active,
      default: v === defaultVersion,
    }));
    if (values.json) {
      ctx.out.json(rows);
      return ExitCode.ok;
    }
    if (rows.length === 0) {
      ctx.out.info('no Go versions installed; try: gvx install latest');
      return ExitCode.ok;
    }
    // Marks line up in a column; a row without one ends at its version (no trailing blanks).
    const width = Math.max(...rows.map((row) => row.version.length));
    for (const row of rows) {
      const version = row.default ? `${row.version.padEnd(width)}  (default)` : row.version;
      ctx.out.line(`${row.active ? '*' : ' '} ${version}`);
    }
    return ExitCode.ok;
  },
};
