// `gvx env`: which shell it renders for, and its refusals.

import assert from 'node:assert/strict';
import { type World, makeWorld } from './setup.js';

describe('gvx env', function () {
  this.timeout(60000);
  let world: World;
  before(async () => {
    world = await makeWorld();
  });
  after(async () => world?.cleanup());

  it('picks the shell from $SHELL when --shell is not given', async () => {
    const zsh = await world.sandbox.runGvx(['env'], { env: { SHELL: '/usr/bin/zsh' } });
    assert.match(zsh.stdout, /^# gvx shell integration for zsh/);
    const fish = await world.sandbox.runGvx(['env'], { env: { SHELL: '/usr/local/bin/fish' } });
    assert.match(fish.stdout, /^# gvx shell integration for fish/);
    const pwsh = await world.sandbox.runGvx(['env'], { env: { SHELL: '/usr/bin/pwsh' } });
    assert.match(pwsh.stdout, /^# gvx shell integration for PowerShell/);
    const explicit = await world.sandbox.runGvx(['env', '--shell', 'bash'], { env: { SHELL: '/usr/bin/zsh' } });
    assert.match(explicit.stdout, /^# gvx shell integration for bash/);
  });

  it('an unknown or missing shell is a usage error naming the supported shells', async () => {
    for (const [args, env, what] of [
      [['env', '--shell', 'tcsh'], {}, /unknown shell "tcsh"/],
      [['env'], { SHELL: '/bin/tcsh' }, /cannot tell the shell from SHELL=\/bin\/tcsh/],
      [['env'], { SHELL: undefined }, /no --shell given and SHELL is not set/],
    ] as const) {
      const result = await world.sandbox.runGvx([...args], { env: { ...env } });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, what);
      assert.match(result.stderr, /supported: bash, zsh, fish, powershell/);
      assert.equal(result.stdout, '');
    }
  });

  it('--no-use-on-cd leaves the hook out but keeps PATH and the gvx function', async () => {
    for (const shell of ['bash', 'zsh', 'fish']) {
      const result = await world.sandbox.runGvx(['env', '--shell', shell, '--no-use-on-cd']);
      assert.equal(result.code, 0, result.stderr);
      assert.doesNotMatch(result.stdout, /PROMPT_COMMAND=|chpwd_functions\+=|--on-variable PWD|--on-event fish_prompt/);
      assert.match(result.stdout, /^(gvx\(\) \{|function gvx )/m);
    }
  });
});
