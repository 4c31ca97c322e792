// The go shim reads the go env file (for its GOTOOLCHAIN) without starting any process: strace
// (an apt package) sees no fork, under dash and under bash, and sees the file opened. The rule
// itself, case by case: toolchain.test.ts.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireAptTool } from '../helpers/apt-tools.js';
import { makeFakeHome } from '../helpers/fake-home.js';
import { runSync } from '../helpers/run-sync.js';

const VERSION = '1.22.12';

describe('goenv/toolchain: the shim reads the go env file without forking (strace)', function () {
  this.timeout(120000);
  let root: string | undefined;
  after(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('reads the go env file without forking (strace)', async function () {
    const strace = requireAptTool(this, 'strace');
    root = mkdtempSync(join(tmpdir(), 'gvx-gotoolchain-strace-'));
    const home = join(root, 'gvx-home');
    const layout = await makeFakeHome(home, [VERSION], VERSION);
    // A go that prints the GOTOOLCHAIN it got: the file sets none, so the shim's default.
    writeFileSync(join(layout.versionDir(VERSION), 'bin', 'go'), `#!/bin/sh\nprintf '%s\\n' "\${GOTOOLCHAIN-<unset>}"\n`, { mode: 0o755 });
    const dir = join(root, 'case');
    mkdirSync(join(dir, 'u', '.config', 'go'), { recursive: true });
    writeFileSync(join(dir, 'u', '.config', 'go', 'env'), 'GOPROXY=off\nGOTOOLCHAIN=\n');
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', GVX_HOME: home, PWD: dir, HOME: join(dir, 'u') };
    for (const shell of ['dash', 'bash']) {
      const log = join(dir, `strace.${shell}`);
      // Once first: dash measures a version file (here GVX_HOME/default) with wc -c the first
      // time and keeps the answer in the parse cache (resolve.sh, _gvx_small). The go env file
      // has no such cache: it is read with built-ins on every run, which is what is traced.
      assert.equal(runSync(shell, [join(layout.shimsDir, 'go'), 'version'], { env, cwd: dir }).status, 0);
      const result = runSync(strace, ['-f', '-qq', '-o', log, '-e', 'trace=fork,vfork,clone,clone3,openat', shell, join(layout.shimsDir, 'go'), 'version'], { env, cwd: dir });
      assert.equal(result.status, 0, result.stderr);
      assert.equal(result.stdout, 'local\n');
      const calls = readFileSync(log, 'utf8');
      assert.doesNotMatch(calls, /\b(fork|vfork|clone|clone3)\(/, `${shell} forked`);
      assert.match(calls, /openat\(.*\.config\/go\/env/, `${shell} read the file`);
    }
  });
});
