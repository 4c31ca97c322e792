// The shell's GOROOT is never stale. In a real terminal (tmux), the hook must notice at the
// next prompt every change that alters the selection without a `cd`: an edited, replaced
// (git checkout) or removed .go-version, and an install, uninstall or `use --global` in
// another terminal. And a script that evaluates the set-up keeps no GOROOT that can go stale.

import assert from 'node:assert/strict';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAliases } from '../../lib/store/aliases.js';
import { listInstalled } from '../../lib/store/inventory.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { installFake } from '../helpers/fake-home.js';
import { SHELLS, setupLine, shellPath } from './interactive.js';
import { type World, makeWorld, requireShell } from './setup.js';
import { TmuxShell, requireTmux } from './tmux.js';
import { runSync } from '../helpers/run-sync.js';

for (const shell of SHELLS) {
  describe(`the ${shell} hook in a real terminal: GOROOT follows changes made without a cd`, function () {
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

    it('edit, checkout, rm, use --global, install and uninstall elsewhere: right at the next prompt', async () => {
      const fish = shell === 'fish';
      const prompt = fish ? 'function fish_prompt; printf "> "; end' : "PS1='> '";
      term = TmuxShell.start(shell, world.env(shell, { GVX_QUIET: '1' }), world.P);
      const state = (lines: string[]) => term!.read(lines, ['GOROOT', 'GVX_ACTIVE_VERSION'], fish);
      const expect = (version: string | undefined) => ({ GOROOT: version ? world.goroot(version) : '', GVX_ACTIVE_VERSION: version ?? '' });
      const versionFile = join(world.P, '.go-version');

      assert.deepEqual(await state([prompt, setupLine(shell)]), expect('1.21.13'), 'P/.go-version says 1.21');

      writeFileSync(versionFile, '1.22.12\n');
      assert.deepEqual(await state(['']), expect('1.22.12'), 'an edited .go-version');

      writeFileSync(join(world.P, '.go-version.new'), '1.21.13\n');
      renameSync(join(world.P, '.go-version.new'), versionFile);
      assert.deepEqual(await state(['']), expect('1.21.13'), 'a .go-version replaced by rename (git checkout)');

      rmSync(versionFile);
      assert.deepEqual(await state(['']), expect(undefined), 'a removed .go-version, and no default: no GOROOT');

      const global = await world.sandbox.runGvx(['use', '--global', '1.22.12', '--quiet']);
      assert.equal(global.code, 0, global.stderr);
      assert.deepEqual(await state(['']), expect('1.22.12'), 'gvx use --global in another terminal');

      writeFileSync(versionFile, '1.22\n');
      await installFake(world.home, '1.22.13');
      assert.deepEqual(await state(['']), expect('1.22.13'), 'an install in another terminal (1.22 now means 1.22.13)');

      const layout = new HomeLayout(world.home);
      rmSync(layout.versionDir('1.22.13'), { recursive: true });
      await writeAliases(layout, await listInstalled(layout));
      assert.deepEqual(await state(['']), expect('1.22.12'), 'an uninstall in another terminal');
    });
  });

  describe(`the ${shell} set-up in a script (no prompt will run)`, function () {
    this.timeout(60_000);
    let world: World;
    before(async function () {
      requireShell(this, shell);
      world = await makeWorld();
    });
    after(async () => world?.cleanup());

    it('exports no GOROOT, and takes back the one gvx exported in a parent shell', () => {
      const fish = shell === 'fish';
      const print = fish ? `printf '%s|%s\\n' "$GOROOT" "$GVX_ACTIVE_VERSION"` : `printf '%s|%s\\n' "\${GOROOT-}" "\${GVX_ACTIVE_VERSION-}"`;
      const script = [setupLine(shell), `cd '${join(world.P, 'other')}'`, print, 'go version'].join('\n');
      const args = { bash: ['--norc', '--noprofile', '-c', script], zsh: ['-f', '-c', script], fish: ['--no-config', '--private', '-c', script] }[shell];
      // As if started from an interactive shell whose hook had selected 1.21.13.
      const inherited = { GOROOT: world.goroot('1.21.13'), GVX_ACTIVE_VERSION: '1.21.13' };
      const result = runSync(shellPath(shell)!, args, { cwd: world.P, env: world.env(shell, inherited), timeout: 30_000 });
      assert.equal(result.status, 0, result.stderr);
      const [vars, goVersion] = result.stdout.split('\n');
      assert.equal(vars, '|', 'no GOROOT and no GVX_ACTIVE_VERSION left in the script');
      assert.match(goVersion!, /^go version go1\.22\.12 /, 'the shim runs what P/other selects');

      const own = runSync(shellPath(shell)!, args, { cwd: world.P, env: world.env(shell, { GOROOT: '/opt/my-go' }), timeout: 30_000 });
      assert.equal(own.status, 0, own.stderr);
      assert.equal(own.stdout.split('\n')[0], '/opt/my-go|', 'a GOROOT the user exported is left alone');
    });
  });
}
