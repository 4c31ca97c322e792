import { ExitCode } from '../../error-codes.js';
import { isCachedCopy } from '../../remote/index-age.js';
import { loadReleaseIndex } from '../../remote/release-index.js';
import type { Release } from '../../remote/releases.js';
import { listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { NotFoundError, UsageError } from '../../errors.js';
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
    const started = Date.now();
    const index = await loadReleaseIndex(ctx.config, await ctx.http(), { refresh: values.refresh, warn: (m) => ctx.out.warn(m) });
    const installed = new Set((await listInstalled(new HomeLayout(ctx.config.home))).map((v) => v.version.text));
    const underPrefix = (r: Release) =>
      prefix === undefined || r.version.text === prefix || r.version.text.startsWith(`${prefix}.`) || (prefix.includes('.') && r.version.text.startsWith(prefix) && /^[a-z]/.test(r.version.text.slice(prefix.length)));
    const rows = index.releases
      .filter((r) => values.all || r.stable)
      .filter(underPrefix)
      .map((r) => ({ version: r.version.text, stable: r.stable, installed: installed.has(r.version.text) }));
    // Nothing listed is "not found" (exit 3), so a script can tell it from a listing. --json
    // still prints its (empty) array, and, like `gvx current --json`, leaves stderr alone.
    if (values.json) {
      ctx.out.json(rows);
      return rows.length === 0 ? ExitCode.notFound : ExitCode.ok;
    }
    if (rows.length === 0) {
      const preReleasesMatch = !values.all && index.releases.some(underPrefix);
      const what = `${preReleasesMatch ? 'stable ' : ''}release in the index${prefix === undefined ? '' : ` matches ${prefix}`}`;
      const fromCache = isCachedCopy(index, started);
      throw new NotFoundError('E_VERSION_NOT_FOUND', `no ${what}`, {
        hint: preReleasesMatch
          ? `only pre-releases match: gvx ls-remote${prefix === undefined ? '' : ` ${prefix}`} --all`
          : prefix === undefined
            ? 'the index is empty: check GVX_MIRROR; gvx ls-remote --refresh fetches it again'
            : `gvx ls-remote lists the releases${fromCache ? ' (the index is a cached copy; --refresh fetches it again)' : ''}`,
      });
    }
    for (const row of rows) ctx.out.line(`${row.version}${row.stable ? '' : ' (unstable)'}${row.installed ? ' (installed)' : ''}`);
    return ExitCode.ok;
  },
};
