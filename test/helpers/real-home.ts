// A GVX_HOME with real Go toolchains installed through `gvx install` from a local mirror of the
// Debian-repacked archives. Built once per test run (installing ~70 MB twice is the slow
// part) and shared by tests that only read it; tests that change a home make their own.

import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RealToolchains } from '../../scripts/toolchain-fixtures.js';
import { type Mirror, startMirror } from './mirror.js';
import { type Sandbox, makeSandbox } from './env.js';
import { realToolchainsOrSkip } from './real-toolchains.js';
import { readFileSync, rmSync } from 'node:fs';

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
