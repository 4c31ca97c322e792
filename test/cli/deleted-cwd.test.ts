// A shell can be left in a directory that was deleted under it. Every gvx command must then
// answer at once, with a clear message instead of a uv_cwd stack trace; commands that do not
// need the directory still work.

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { GVX_BIN, type Sandbox, makeSandbox } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';

describe('gvx in a deleted working directory', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let gone: string;
  before(async () => {
    sandbox = await makeSandbox();
    await makeFakeHome(sandbox.home, ['1.22.12'], '1.22.12');
    gone = join(sandbox.root, 'gone');
  });
  after(() => sandbox?.cleanup());

  // Enter the directory, remove it, then run gvx there (PWD still names it, as in a shell).
  const runThere = async (args: string[]) => {
    await mkdir(gone, { recursive: true });
    return sandbox.run('/bin/sh', ['-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', gone, process.execPath, GVX_BIN, ...args], { env: { PWD: gone } });
  };

  for (const [args, code] of [
    [['current'], 7],
    [['which'], 7],
    [['verify'], 6],
  ] as const) {
    it(`gvx ${args.join(' ')}: exit ${code}, "the current directory no longer exists", no stack trace`, async () => {
      const result = await runThere([...args]);
      const output = `${result.stdout}${result.stderr}`; // verify reports its checks on stdout
      assert.equal(result.code, code, output);
      assert.match(output, /the current directory no longer exists/);
      assert.match(output, /cd to a directory that exists/);
      assert.doesNotMatch(output, /uv_cwd|^\s+at /m);
    });
  }

  it('commands that do not need the directory still work: --version, ls, env', async () => {
    assert.equal((await runThere(['--version'])).code, 0);
    const ls = await runThere(['ls']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.match(ls.stdout, /1\.22\.12/);
    const env = await runThere(['env', '--shell', 'bash']);
    assert.equal(env.code, 0, env.stderr);
    assert.doesNotMatch(`${ls.stderr}${env.stderr}`, /uv_cwd|^\s+at /m);
  });
});
