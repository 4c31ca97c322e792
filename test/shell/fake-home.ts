// A GVX_HOME with fake installs (versions/<v>/bin/go is a tiny sh script that prints what a
// real `go version` would, and GOROOT), the alias table the shims read, and a default.
// Real toolchains are in real-go.test.ts.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAliases } from '../../lib/store/aliases.js';
import { writeDefault } from '../../lib/store/default-version.js';
import { listInstalled } from '../../lib/store/inventory.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { ensureShellFiles } from '../../lib/shell/env-file.js';
import { parseSpec } from '../../lib/version/spec.js';

export async function installFake(home: string, version: string): Promise<void> {
  const root = join(home, 'versions', version);
  await mkdir(join(root, 'bin'), { recursive: true });
  await writeFile(join(root, 'VERSION'), `go${version}\n`);
  await writeFile(join(root, 'bin', 'go'), `#!/bin/sh\necho "go version go${version} linux/amd64 (fake, GOROOT=$GOROOT)"\n`, { mode: 0o755 });
  await writeAliases(new HomeLayout(home), await listInstalled(new HomeLayout(home)));
}

export async function makeFakeHome(home: string, versions: readonly string[], defaultSpec?: string): Promise<HomeLayout> {
  const layout = new HomeLayout(home);
  for (const version of versions) await installFake(home, version);
  if (defaultSpec) await writeDefault(layout, parseSpec(defaultSpec));
  await ensureShellFiles(layout); // the shims, and the env files the rc line sources
  return layout;
}
