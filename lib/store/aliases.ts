// The alias table lets the POSIX shims resolve partial specs ("1.22", "1", "latest") with
// shell built-ins: aliases/<spec> holds one line, the installed version it resolves to. With it,
// `installed` lists every installed version oldest first as "major minor rank n version"
// (rank 1-3 alpha/beta/rc, 4 a release; n its number or patch): Go's order as integers, so the
// shims choose for a go.mod's requirement (rule 3) with `read` and `[ -ge ]` alone.
// It is rewritten after every install and uninstall, from the inventory, so it cannot drift:
// through refreshStore (refresh.ts), which lists the inventory under the home lock. Calling
// writeAliases directly is for a home nothing else is changing (test fixtures, benchmarks).

import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type GoVersion, isStable } from '../version/go-version.js';
import { readRegularFile, writeFileAtomic } from './atomic-write.js';
import type { InstalledVersion } from './inventory.js';
import { HomeLayout } from './layout.js';

/** spec -> version, for every partial spec that some installed version satisfies. */
function computeAliases(installed: readonly InstalledVersion[]): Map<string, string> {
  const aliases = new Map<string, string>();
  // `installed` is newest first, so the first version to claim a spec is the newest.
  for (const { version } of installed) {
    if (!isStable(version)) continue;
    const claim = (spec: string) => {
      if (!aliases.has(spec)) aliases.set(spec, version.text);
    };
    claim('latest');
    claim('stable');
    claim(version.major);
    claim(`${version.major}.${version.minor}`);
    // Before 1.21 the first release of a minor is named "1.20", not "1.20.0": make "1.20.0" find it.
    if (version.text === `${version.major}.${version.minor}`) claim(`${version.text}.0`);
  }
  return aliases;
}

const RANKS: Record<string, number> = { alpha: 1, beta: 2, rc: 3, '': 4 };

/** Go's order as four integers; the shell resolvers compute the same key for a requirement. */
export function sortKey(version: GoVersion): string {
  const n = version.kind ? version.pre : version.patch || '0';
  return `${version.major} ${version.minor} ${version.patch === '' && !version.kind ? 0 : RANKS[version.kind]} ${n}`;
}

/** The content of GVX_HOME/installed for `installed` (newest first, as listInstalled gives it). */
export function installedListText(installed: readonly InstalledVersion[]): string {
  return [...installed].reverse().map(({ version }) => `${sortKey(version)} ${version.text}\n`).join('');
}

/** Rewrites aliases/ to match `installed` (lock-free: see refreshStore for the shared path). */
export async function writeAliases(layout: HomeLayout, installed: readonly InstalledVersion[]): Promise<void> {
  const aliases = computeAliases(installed);
  await mkdir(layout.aliasesDir, { recursive: true });
  for (const [spec, version] of aliases) {
    // Unchanged entries are left alone: no writes in the steady state (a read-only home stays usable).
    if ((await readRegularFile(layout.alias(spec))) === `${version}\n`) continue;
    await writeFileAtomic(layout.alias(spec), `${version}\n`); // atomic: a shim never reads half a line
  }
  for (const name of await readdir(layout.aliasesDir)) {
    if (!aliases.has(name) && !name.endsWith('.tmp')) await rm(join(layout.aliasesDir, name), { force: true });
  }
  const list = installedListText(installed);
  if ((await readRegularFile(layout.installedList)) !== list) await writeFileAtomic(layout.installedList, list);
}

/** Whether aliases/ already says what writeAliases would write (nothing missing, nothing extra). */
export async function aliasesInStep(layout: HomeLayout, installed: readonly InstalledVersion[]): Promise<boolean> {
  const aliases = computeAliases(installed);
  for (const [spec, version] of aliases) {
    if ((await readRegularFile(layout.alias(spec))) !== `${version}\n`) return false;
  }
  if ((await readRegularFile(layout.installedList)) !== installedListText(installed)) return false;
  const names = await readdir(layout.aliasesDir).catch(() => [] as string[]);
  return names.every((name) => aliases.has(name) || name.endsWith('.tmp'));
}
