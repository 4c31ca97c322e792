// Debian's real Go toolchains (/usr/lib/go-1.NN, from golang-1.NN-go): version -> root.
// Missing toolchains fail in CI (a real-toolchain test never silently skips there) and skip
// (reported as pending) elsewhere. An apt package: only *.e2e.test.ts files may ask (apt-tools.ts).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refuseInUnitRun } from './apt-tools.js';

export function findDebianToolchains(): Map<string, string> {
  refuseInUnitRun('Debian Go');
  const roots = new Map<string, string>();
  for (const name of existsSync('/usr/lib') ? readdirSync('/usr/lib') : []) {
    if (!/^go-1\.\d+$/.test(name)) continue;
    const root = join('/usr/lib', name);
    const versionFile = join(root, 'VERSION');
    if (!existsSync(versionFile) || !existsSync(join(root, 'bin', 'go'))) continue;
    const version = readFileSync(versionFile, 'utf8').split('\n')[0].trim().replace(/^go/, '');
    roots.set(version, root);
  }
  return roots;
}

export function debianToolchains(ctx: Mocha.Context, atLeast = 2): Map<string, string> {
  const roots = findDebianToolchains();
  if (roots.size < atLeast) {
    const message = `needs ${atLeast} Debian Go toolchains (apt-get install golang-1.21-go golang-1.22-go from bookworm-backports); found ${roots.size}`;
    if (process.env.CI) throw new Error(message);
    ctx.skip();
  }
  return roots;
}

/** /usr/lib/go-<minor> (e.g. '1.22') when its go is there. */
function debianGoRoot(minor: string): string | undefined {
  refuseInUnitRun('Debian Go');
  const root = join('/usr/lib', `go-${minor}`);
  return existsSync(join(root, 'bin', 'go')) ? root : undefined;
}

/** /usr/lib/go-<minor>, or the test fails in CI and is skipped elsewhere (as debianToolchains). */
export function requireDebianGo(ctx: Mocha.Context, minor: string): string {
  const root = debianGoRoot(minor);
  if (root) return root;
  if (process.env.CI) throw new Error(`/usr/lib/go-${minor} is missing (apt-get install golang-${minor}-go from bookworm-backports)`);
  ctx.skip();
}
