// The alias table lets the POSIX shims resolve partial specs ("1.22", "1", "latest") with
// shell built-ins: aliases/<spec> holds one line, the installed version it resolves to.
// It is rewritten after every install and uninstall, from the inventory, so it cannot drift.

import { mkdir, readFile, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isStable } from '../version/go-version.js';
import type { InstalledVersion } from './inventory.js';
import { HomeLayout } from './layout.js';

/** spec -> version, for every partial spec that some installed version satisfies. */
export function computeAliases(installed: readonly InstalledVersion[]): Map<string, string> {
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

export async function writeAliases(layout: HomeLayout, installed: readonly InstalledVersion[]): Promise<void> {
  const aliases = computeAliases(installed);
  await mkdir(layout.aliasesDir, { recursive: true });
  for (const [spec, version] of aliases) {
    // Unchanged entries are left alone: no writes in the steady state (a read-only home stays usable).
    if ((await readFile(layout.alias(spec), 'utf8').catch(() => undefined)) === `${version}\n`) continue;
    const tmp = join(layout.aliasesDir, `.${spec}.${process.pid}.tmp`);
    await writeFile(tmp, `${version}\n`);
    await rename(tmp, layout.alias(spec)); // atomic: a shim never reads half a line
  }
  for (const name of await readdir(layout.aliasesDir)) {
    if (!aliases.has(name) && !name.endsWith('.tmp')) await rm(join(layout.aliasesDir, name), { force: true });
  }
}
