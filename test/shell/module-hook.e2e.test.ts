// Rule 3 in a real terminal (tmux): the hook of each shell switches to what a go.mod requires,
// says so, warns once per directory change when a pin is older than the module requires, and
// names the install to run when nothing installed satisfies the module.

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHELLS, setupLine } from './interactive.js';
import { type World, makeWorld, requireShell } from './setup.js';
import { TmuxShell, requireTmux } from './tmux.js';

const count = (text: string, needle: string) => text.split(needle).length - 1;

for (const shell of SHELLS) {
  describe(`the ${shell} hook in a module (rule 3), in a real terminal`, function () {
    this.timeout(120_000);
    let world: World;
    let term: TmuxShell | undefined;
    before(async function () {
      requireShell(this, shell);
      requireTmux(this);
      world = await makeWorld();
    });
    after(async () => {
      term?.close();
      await world?.cleanup();
    });

    it('announces the go.mod choice, warns once per cd about an old pin, names the install to run', async () => {
      const fish = shell === 'fish';
      const M = join(world.root, 'M');
      const pinned = join(world.root, 'Pinned');
      mkdirSync(join(M, 'pkg'), { recursive: true });
      mkdirSync(join(pinned, 'mod/a'), { recursive: true });
      writeFileSync(join(M, 'go.mod'), 'module example.com/m\n\ngo 1.22.0\n\nrequire example.com/x v1.0.0\n');
      writeFileSync(join(pinned, '.go-version'), '1.21.13\n');
      writeFileSync(join(pinned, 'mod/go.mod'), 'module example.com/pinned\n\ngo 1.22.0\n');

      const prompt = fish ? 'function fish_prompt; printf "> "; end' : "PS1='> '";
      term = TmuxShell.start(shell, world.env(shell), world.fresh);
      const state = (lines: string[]) => term!.read(lines, ['GOROOT', 'GVX_ACTIVE_VERSION'], fish);
      await state([prompt, setupLine(shell)]);

      assert.deepEqual(await state([`cd '${join(M, 'pkg')}'`]), { GOROOT: world.goroot('1.22.12'), GVX_ACTIVE_VERSION: '1.22.12' }, 'go.mod asks for >= 1.22.0');
      assert.equal(count(term.screen(), `gvx: go 1.22.12 (${M}/go.mod requires go >= 1.22.0)`), 1, term.screen());

      assert.deepEqual(await state([`cd '${pinned}'`]), { GOROOT: world.goroot('1.21.13'), GVX_ACTIVE_VERSION: '1.21.13' });
      const warning = `gvx: warning: go 1.21.13 (pinned by ${pinned}/.go-version) is older than ${pinned}/mod/go.mod requires (go >= 1.22.0); fix: gvx use 1.22.12`;
      assert.equal(count(term.screen(), warning), 0, 'no module here: no warning');

      assert.deepEqual(await state([`cd mod`]), { GOROOT: world.goroot('1.21.13'), GVX_ACTIVE_VERSION: '1.21.13' }, 'the explicit pin still wins');
      assert.equal(count(term.screen(), warning), 1, term.screen());
      await state(['', '']);
      assert.equal(count(term.screen(), warning), 1, 'prompts in the same directory do not repeat it');
      await state(['cd a']);
      assert.equal(count(term.screen(), warning), 2, 'another directory: warned again');

      writeFileSync(join(M, 'go.mod'), 'module example.com/m\n\ngo 1.23.0\n');
      assert.deepEqual(await state([`cd '${join(M, 'pkg')}'`]), { GOROOT: '', GVX_ACTIVE_VERSION: '' }, 'nothing installed satisfies go 1.23.0');
      assert.equal(count(term.screen(), `gvx: ${M}/go.mod requires go >= 1.23.0 and no installed Go satisfies it; run: gvx install 1.23`), 1, term.screen());
    });
  });
}
