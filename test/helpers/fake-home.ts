// A GVX_HOME with fake installs made the quick way: versions/<v> is the tree of a synthetic
// release (archives.ts: a VERSION file, and a `go` that is a small sh script answering
// `go version` and `go env` like a real one) written straight to disk rather than downloaded
// and unpacked; then the alias table the shims read, a default, and the shell files.
// synthetic-home.ts installs the same releases through `gvx install`; real-home.ts has real Go.

import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAliases } from '../../lib/store/aliases.js';
import { writeDefault } from '../../lib/store/default-version.js';
import { listInstalled } from '../../lib/store/inventory.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { ensureShellFiles } from '../../lib/shell/env-file.js';
import { parseSpec } from '../../lib/version/spec.js';
import { fakeToolchainEntries } from './archives.js';

/** The synthetic go<version> release's files under versions/<version>. */
function writeFakeVersion(home: string, version: string): void {
  const root = join(home, 'versions', version);
  // Synchronous: a few dozen tiny files, and the selection tables make homes by the hundred.
  for (const entry of fakeToolchainEntries(version)) {
    const path = join(root, entry.path.replace(/^go\/?/, ''));
    if (entry.type === 'dir') {
      mkdirSync(path, { recursive: true });
    } else {
      writeFileSync(path, entry.content ?? '');
      chmodSync(path, entry.mode ?? 0o644);
    }
  }
}

async function updateAliases(home: string): Promise<void> {
  const layout = new HomeLayout(home);
  await writeAliases(layout, await listInstalled(layout));
}

/** Writes the synthetic go<version> release to versions/<version> and updates the alias table. */
export async function installFake(home: string, version: string): Promise<void> {
  writeFakeVersion(home, version);
  await updateAliases(home);
}

export async function makeFakeHome(home: string, versions: readonly string[], defaultSpec?: string): Promise<HomeLayout> {
  const layout = new HomeLayout(home);
  for (const version of versions) writeFakeVersion(home, version);
  if (versions.length > 0) await updateAliases(home);
  if (defaultSpec) await writeDefault(layout, parseSpec(defaultSpec));
  await ensureShellFiles(layout); // the shims, and the env files the rc line sources
  return layout;
}
