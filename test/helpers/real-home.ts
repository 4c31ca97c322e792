// GVX_HOMEs with real Go toolchains (Debian's golang-1.NN-go), in two ways:
// - sharedRealHome: installed through `gvx install` from a local mirror of the
//   Debian-repacked archives. Built once per test run (installing ~70 MB twice is the slow
//   part) and shared by tests that only read it; tests that change a home make their own.
// - makeRealEnv: made the quick way, each /usr/lib/go-1.NN copied into
//   GVX_HOME/versions/<version> (`cp -a --dereference`, the same complete GOROOT an install
//   produces), then the alias table and shims written by gvx's own store code; one per test
//   file, with a GOCACHE the file's tests share.
// Children's environments are scrubbed (env.ts), have the shims first on PATH, and GOPROXY=off
// so that no go command can reach the network. synthetic-home.ts is the fast counterpart.

import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RealToolchains } from '../../scripts/toolchain-fixtures.js';
import { type Mirror, startMirror } from './mirror.js';
import { type Sandbox, makeSandbox } from './env.js';
import { realToolchainsOrSkip } from './real-toolchains.js';
import { readFileSync, rmSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureShims } from '../../lib/shell/shims.js';
import { listInstalled } from '../../lib/store/inventory.js';
import { writeAliases } from '../../lib/store/aliases.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { debianToolchains } from './debian-go.js';

export interface RealHome {
  readonly sandbox: Sandbox;
  readonly mirror: Mirror;
  readonly toolchains: RealToolchains;
  /** Installed versions, newest first (e.g. ['1.22.12', '1.21.13']). */
  readonly versions: string[];
}

/** A mirror serving the real archives and their index. */
export async function realMirror(toolchains: RealToolchains): Promise<Mirror> {
  const mirror = await startMirror({ index: JSON.parse(readFileSync(toolchains.indexPath, 'utf8')) });
  for (const r of toolchains.releases) mirror.addFile(r.filename, { path: r.path });
  return mirror;
}

let shared: Promise<RealHome> | undefined;

/** The shared home with the two newest real minors installed (1.22 and 1.21 on bookworm). */
export async function sharedRealHome(ctx: Mocha.Context): Promise<RealHome> {
  const toolchains = await realToolchainsOrSkip(ctx);
  shared ??= (async () => {
    const mirror = await realMirror(toolchains);
    const sandbox = await makeSandbox();
    // Shared until the test process ends (~500 MB with its Go cache): removed then, not left in /tmp.
    process.once('exit', () => rmSync(sandbox.root, { recursive: true, force: true }));
    sandbox.env.GVX_MIRROR = mirror.url;
    sandbox.env.PATH = `${join(sandbox.home, 'shims')}:${sandbox.env.PATH}`;
    sandbox.env.GOPROXY = 'off'; // no test may reach the internet, not even the go command
    sandbox.env.GOFLAGS = '-modcacherw';
    sandbox.env.GOCACHE = join(sandbox.root, 'gocache');
    sandbox.env.GOPATH = join(sandbox.root, 'gopath');
    const minors = toolchains.releases.filter((r) => !r.version.startsWith('1.23')).slice(0, 2);
    const versions = minors.map((r) => r.version);
    const result = await sandbox.runGvx(['install', ...versions.slice().reverse()], { timeoutMs: 600000 });
    if (result.code !== 0) throw new Error(`installing ${versions.join(', ')} failed: ${result.stderr}`);
    return { sandbox, mirror, toolchains, versions };
  })();
  return shared;
}

export async function tempProject(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'gvx-project-'));
}

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
