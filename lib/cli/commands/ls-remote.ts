import { loadReleaseIndex } from '../../remote/release-index.js';
import { listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { UsageError } from '../../errors.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'list releases in the index (stable only unless --all), optionally under a PREFIX such as 1.22',
  usage: 'gvx ls-remote [PREFIX] [--all] [--refresh] [--json]',
  async run(ctx, argv) {
    const { values, positionals } = parse<{ all?: boolean; json?: boolean; refresh?: boolean }>(
      'ls-remote',
      argv,
      { all: { type: 'boolean', short: 'a' }, json: { type: 'boolean' }, refresh: { type: 'boolean' } },
      1,
    );
    const prefix = positionals[0]?.replace(/^go/, '');
    if (prefix !== undefined && !/^[0-9]+(\.[0-9]+)?$/.test(prefix)) {
      throw new UsageError(`ls-remote: "${prefix}" is not a version prefix`, { hint: 'gvx ls-remote 1.22' });
    }
    const index = await loadReleaseIndex(ctx.config, await ctx.http(), { refresh: values.refresh, warn: (m) => ctx.out.warn(m) });
    const installed = new Set((await listInstalled(new HomeLayout(ctx.config.home))).map((v) => v.version.text));
    const rows = index.releases
      .filter((r) => values.all || r.stable)
      .filter((r) => prefix === undefined || r.version.text === prefix || r.version.text.startsWith(`${prefix}.`) || (prefix.includes('.') && r.version.text.startsWith(prefix) && /^[a-z]/.test(r.version.text.slice(prefix.length))))
      .map((r) => ({ version: r.version.text, stable: r.stable, installed: installed.has(r.version.text) }));
    if (values.json) {
      ctx.out.json(rows);
      return 0;
    }
    for (const row of rows) ctx.out.line(`${row.version}${row.stable ? '' : ' (unstable)'}${row.installed ? ' (installed)' : ''}`);
    if (rows.length === 0) ctx.out.info(`no releases match${prefix ? ` ${prefix}` : ''}${values.all ? '' : ' (try --all for pre-releases)'}`);
    return 0;
  },
};
