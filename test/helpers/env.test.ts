// The sandbox is what keeps tests hermetic: check that nothing from the outer environment
// leaks into children, and that a runaway child is killed with everything it started.

import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Sandbox, makeSandbox, scrubbedPath } from './env.js';

describe('helpers/env: sandbox', () => {
  let sandbox: Sandbox;
  const leaked = { GOROOT: '/usr/local/go', GOTOOLCHAIN: 'go1.99.0', GVX_MIRROR: 'http://example.invalid', GVX_GO_VERSION: '1.1', CI: 'x' };
  const saved: Record<string, string | undefined> = {};
  before(async () => {
    for (const [k, v] of Object.entries(leaked)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    sandbox = await makeSandbox();
  });
  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    await sandbox.cleanup();
    assert.equal(existsSync(sandbox.root), false);
  });

  it('children see only PATH, HOME, LANG, TMPDIR, GVX_HOME and NO_COLOR', async () => {
    const result = await sandbox.run('/bin/sh', ['-c', 'env; pwd']);
    const lines = result.stdout.trim().split('\n');
    const cwd = lines.pop();
    const keys = lines.map((l) => l.split('=')[0]).filter((k) => k !== 'PWD' && k !== 'SHLVL' && k !== '_');
    assert.deepEqual(keys.sort(), ['GVX_HOME', 'HOME', 'LANG', 'NO_COLOR', 'PATH', 'TMPDIR']);
    assert.equal(cwd, sandbox.cwd);
    assert.equal(sandbox.env.GVX_HOME, sandbox.home);
    assert.ok(sandbox.env.HOME!.startsWith(sandbox.root) && sandbox.env.TMPDIR!.startsWith(sandbox.root));
    assert.equal(existsSync(sandbox.home), false, 'GVX_HOME is left for gvx to create');
  });

  it('per-run env is merged over the sandbox env; undefined removes a variable', async () => {
    const result = await sandbox.run('/bin/sh', ['-c', 'echo "${GOROOT-unset} ${NO_COLOR-unset}"'], { env: { GOROOT: '/x', NO_COLOR: undefined } });
    assert.equal(result.stdout, '/x unset\n');
    assert.equal((await sandbox.run('/bin/sh', ['-c', 'echo "${GOROOT-unset}"'])).stdout, 'unset\n');
  });

  it('stdin gets the input and is closed; exit codes pass through', async () => {
    const result = await sandbox.run('/bin/sh', ['-c', 'cat; exit 3'], { input: 'hello' });
    assert.deepEqual([result.code, result.stdout, result.timedOut], [3, 'hello', false]);
  });

  it('a timeout kills the child and its process group', async () => {
    const marker = join(sandbox.root, 'grandchild-survived');
    const result = await sandbox.run('/bin/sh', ['-c', `(sleep 1; touch ${marker}) & sleep 3600`], { timeoutMs: 300 });
    assert.equal(result.timedOut, true);
    assert.equal(result.signal, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 1200));
    assert.equal(existsSync(marker), false, 'the background grandchild was killed too');
  });

  it('scrubbedPath drops Go installs (a go without a sh) and keeps system dirs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gvx-path-test-'));
    try {
      const goBin = join(dir, 'usr-local-go', 'bin');
      await mkdir(goBin, { recursive: true });
      await writeFile(join(goBin, 'go'), '#!/bin/sh\n');
      await chmod(join(goBin, 'go'), 0o755);
      const path = scrubbedPath(`${goBin}:/usr/bin:/bin`).split(':');
      assert.ok(!path.includes(goBin));
      assert.ok(path.includes('/usr/bin') && path.includes('/bin'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
