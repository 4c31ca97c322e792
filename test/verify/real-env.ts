// A gvx home holding real Debian Go toolchains, made the quick way: each /usr/lib/go-1.NN is
// copied into GVX_HOME/versions/<version> (`cp -a --dereference`, the same complete GOROOT an
// install produces), then the alias table and shims are written by gvx's own store code.
// The children's environment is scrubbed (test/helpers/env.ts), has the shims first on PATH,
// and GOPROXY=off so that no go command can reach the network.

import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { listInstalled } from '../../lib/store/inventory.js';
import { writeAliases } from '../../lib/store/aliases.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { ensureShims } from '../../lib/store/shims.js';
import { debianToolchains } from '../helpers/debian-go.js';
import { makeSandbox, type Sandbox } from '../helpers/env.js';

const execFileP = promisify(execFile);

export interface RealEnv {
  readonly sandbox: Sandbox;
  /** Installed versions, oldest first (e.g. ['1.21.13', '1.22.12']). */
  readonly versions: string[];
  goroot(version: string): string;
  readonly shimsDir: string;
}

/**
 * @param count how many of the newest Debian toolchains to install (default 2)
 * @param gocache a GOCACHE shared by the tests of one file (builds are the slow part)
 */
export async function makeRealEnv(ctx: Mocha.Context, gocache: string, count = 2): Promise<RealEnv> {
  const roots = debianToolchains(ctx, count);
  const chosen = [...roots.entries()].sort(([a], [b]) => compareNumeric(a, b)).slice(-count);
  const sandbox = await makeSandbox();
  const layout = new HomeLayout(sandbox.home);
  await mkdir(layout.versionsDir, { recursive: true });
  await Promise.all(chosen.map(([version, root]) => execFileP('cp', ['-a', '--dereference', root, layout.versionDir(version)])));
  await writeAliases(layout, await listInstalled(layout));
  await ensureShims(layout);
  Object.assign(sandbox.env, {
    PATH: `${layout.shimsDir}:${sandbox.env.PATH}`,
    GOPROXY: 'off',
    GOFLAGS: '-modcacherw',
    GOCACHE: gocache,
    GOPATH: join(sandbox.root, 'gopath'),
  });
  return {
    sandbox,
    versions: chosen.map(([v]) => v),
    goroot: (v) => layout.versionDir(v),
    shimsDir: layout.shimsDir,
  };
}

function compareNumeric(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
