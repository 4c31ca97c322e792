// `gvx shell` without the shell integration, and the directive protocol the shell function
// reads; through real bash, zsh and fish functions: shell-command.e2e.test.ts.

import assert from 'node:assert/strict';
import { type World, makeWorld } from './setup.js';

describe('gvx shell without the shell integration', () => {
  let world: World;
  before(async () => {
    world = await makeWorld();
  });
  after(async () => world?.cleanup());

  it('explains that it needs the shell integration, naming the rc line, and exits 1', async () => {
    const result = await world.sandbox.runGvx(['shell', '1.22']);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^gvx: error: gvx shell changes the current shell, which only the gvx shell function can do/);
    assert.ok(result.stderr.includes(`hint: add . "${world.home}/env.bash" at the end of ~/.bashrc and open a new shell; or, for one command: gvx exec SPEC -- CMD`), result.stderr);
    assert.equal(result.stdout, '', 'no directive for anyone to apply');
    const unset = await world.sandbox.runGvx(['shell', '--unset']);
    assert.equal(unset.code, 1);
  });

  it('with the function protocol: a directive on stdout, and nothing for a bad spec', async () => {
    const env = { _GVX_SHELL_FUNCTION: '1' };
    assert.equal((await world.sandbox.runGvx(['shell', 'go1.21'], { env })).stdout, 'set 1.21\n');
    assert.equal((await world.sandbox.runGvx(['shell', '--unset'], { env })).stdout, 'unset\n');
    const bad = await world.sandbox.runGvx(['shell', '1.22;id'], { env });
    assert.equal(bad.code, 2);
    assert.equal(bad.stdout, '');
  });
});
