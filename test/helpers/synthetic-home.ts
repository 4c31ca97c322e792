// A GVX_HOME with synthetic releases (archives.ts: a `go` that is a small sh script) installed
// the way a user installs: `gvx install` from a loopback mirror (mirror.ts) that keeps serving
// them, so a test can also install more. Fast (no real toolchain), so the command tests run
// without Debian's Go; real-home.ts has the real-toolchain counterpart.

import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fakeToolchain } from './archives.js';
import { type Sandbox, makeSandbox } from './env.js';
import { type Mirror, startMirrorWithIndex } from './mirror.js';

export interface SyntheticHome {
  readonly sandbox: Sandbox;
  /** Serves every release given, installed or not; GVX_MIRROR points at it. */
  readonly mirror: Mirror;
  /** GVX_HOME/shims, first on the sandbox's PATH. */
  readonly shimsDir: string;
  goroot(version: string): string;
  /** A fresh project directory in the sandbox holding these files (paths relative to it). */
  project(files: Record<string, string>): Promise<string>;
  cleanup(): Promise<void>;
}

/**
 * @param releases what the mirror lists (newest first, as go.dev does)
 * @param installed installed in this order with `gvx install`; the first becomes the default
 */
export async function makeSyntheticHome(releases: readonly string[], installed: readonly string[]): Promise<SyntheticHome> {
  const mirror = await startMirrorWithIndex(
    releases.map((version) => {
      const archive = fakeToolchain(version);
      return { version, files: [{ filename: archive.filename, source: archive.buffer }] };
    }),
  );
  const sandbox = await makeSandbox();
  const shimsDir = join(sandbox.home, 'shims');
  Object.assign(sandbox.env, { GVX_MIRROR: mirror.url, PATH: `${shimsDir}:${sandbox.env.PATH}` });
  const cleanup = async () => {
    await mirror.close();
    await sandbox.cleanup();
  };
  for (const version of installed) {
    const result = await sandbox.runGvx(['install', version]);
    if (result.code !== 0) {
      await cleanup();
      throw new Error(`gvx install ${version} failed (exit ${result.code}): ${result.stderr}`);
    }
  }
  const project = async (files: Record<string, string>): Promise<string> => {
    const root = await mkdtemp(join(sandbox.root, 'project-'));
    for (const [path, content] of Object.entries(files)) {
      await mkdir(join(root, path, '..'), { recursive: true });
      await writeFile(join(root, path), content);
    }
    return root;
  };
  return { sandbox, mirror, shimsDir, goroot: (version) => join(sandbox.home, 'versions', version), project, cleanup };
}
