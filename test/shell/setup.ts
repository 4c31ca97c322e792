// The world every shell test starts from: a sandbox (test/helpers/env.ts) whose GVX_HOME has
// fake 1.21.13 and 1.22.12 installs and no default, a `gvx` on PATH (this checkout's bin/gvx),
// and projects:
//   P/.go-version = 1.21      P/sub/deep/er (no file)      P/other/.go-version = 1.22.12
//   P/tv/.tool-versions (golang 1.22)      Q/.go-version = 1.23.4 (not installed), Q/sub
//   fresh/ (nothing: no selection anywhere above it)

import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GVX_BIN, type Sandbox, makeSandbox } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';
import { InteractiveShell, type ShellName, setupLine, shellPath } from './interactive.js';

export interface World {
  readonly sandbox: Sandbox;
  readonly home: string;
  readonly root: string;
  readonly P: string;
  readonly Q: string;
  readonly fresh: string;
  goroot(version: string): string;
  env(shell: ShellName, extra?: Record<string, string>): Record<string, string>;
  start(shell: ShellName, cwd: string, extra?: Record<string, string>): Promise<InteractiveShell>;
  cleanup(): Promise<void>;
}

export async function makeWorld(): Promise<World> {
  const sandbox = await makeSandbox();
  await makeFakeHome(sandbox.home, ['1.21.13', '1.22.12']);
  const bin = join(sandbox.root, 'bin');
  await mkdir(bin);
  await symlink(GVX_BIN, join(bin, 'gvx'));
  const root = join(sandbox.root, 'projects');
  const P = join(root, 'P');
  const Q = join(root, 'Q');
  const fresh = join(root, 'fresh');
  for (const dir of [join(P, 'sub/deep/er'), join(P, 'other'), join(P, 'tv'), join(Q, 'sub'), fresh]) await mkdir(dir, { recursive: true });
  await writeFile(join(P, '.go-version'), '1.21\n');
  await writeFile(join(P, 'other/.go-version'), '1.22.12\n');
  await writeFile(join(P, 'tv/.tool-versions'), 'nodejs 20.1.0\ngolang 1.22\n');
  await writeFile(join(Q, '.go-version'), '1.23.4\n');
  const shells: InteractiveShell[] = [];
  const world: World = {
    sandbox,
    home: sandbox.home,
    root,
    P,
    Q,
    fresh,
    goroot: (version) => join(sandbox.home, 'versions', version),
    env: (shell, extra = {}) => ({ ...sandbox.env, PATH: `${bin}:${sandbox.env.PATH}`, SHELL: shellPath(shell) ?? shell, ...extra }),
    async start(shell, cwd, extra) {
      const sh = await InteractiveShell.start(shell, world.env(shell, extra), cwd);
      shells.push(sh);
      return sh;
    },
    async cleanup() {
      await Promise.all(shells.map((s) => s.close().catch(() => s.kill())));
      await sandbox.cleanup();
    },
  };
  return world;
}

/** Starts a shell in `cwd` and evaluates the set-up line; returns the shell and that step. */
export async function startWithIntegration(world: World, shell: ShellName, cwd: string, extra?: Record<string, string>) {
  const sh = await world.start(shell, cwd, extra);
  const setup = await sh.run(setupLine(shell));
  return { sh, setup };
}

/** Skips when the shell is missing, except in CI where every shell must be there. */
export function requireShell(ctx: Mocha.Context, shell: ShellName): void {
  if (shellPath(shell)) return;
  if (process.env.CI) throw new Error(`${shell} is not installed (CI installs bash, zsh and fish)`);
  ctx.skip();
}
