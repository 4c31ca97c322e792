// Rule 3 in the prompt hook of every shell, over pipes (module-hook.e2e.test.ts drives them in a
// terminal): a version pinned by a version file or GVX_GO_VERSION that is older than the
// module's requirement gets one warning per directory change, with the fix for each case,
// and keeps being used; a module without a pin says what it runs, what to install, and
// installs it with GVX_AUTO_INSTALL=1. Every shell prints the same lines.

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { startMirrorWithIndex } from '../helpers/mirror.js';
import { SHELLS, quoteFor } from './interactive.js';
import { type World, makeWorld, requireShell, startWithIntegration } from './setup.js';

for (const shell of SHELLS) {
  describe(`shell hook and go.mod, over pipes: ${shell}`, function () {
    this.timeout(120000);
    let world: World;
    const q = (text: string) => quoteFor(shell, text);
    const mod = (go: string) => `module example.com/m\n\ngo ${go}\n\nrequire example.com/x v1.0.0\n`;
    beforeEach(async function () {
      requireShell(this, shell);
      world = await makeWorld(); // 1.21.13 and 1.22.12 installed; P/.go-version = 1.21
      await mkdir(join(world.P, 'mod/sub'), { recursive: true });
      await writeFile(join(world.P, 'mod/go.mod'), mod('1.22.0'));
      await mkdir(join(world.P, 'new'));
      await writeFile(join(world.P, 'new/go.mod'), mod('1.23.0'));
    });
    afterEach(async () => world?.cleanup());

    it('a pinned version older than the module: one warning per directory change, with the fix; the pin still runs', async () => {
      const { P } = world;
      const warning = (module: string, req: string, fix: string) =>
        `gvx: warning: go 1.21.13 (pinned by ${P}/.go-version) is older than ${P}/${module} requires (go >= ${req}); fix: ${fix}`;
      const { sh, setup } = await startWithIntegration(world, shell, P);
      assert.deepEqual(setup.gvx, [`gvx: go 1.21.13 (${P}/.go-version)`], 'no module in P: no warning');

      assert.deepEqual((await sh.run('cd mod')).gvx, [warning('mod/go.mod', '1.22.0', 'gvx use 1.22.12')]);
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.21.13'), 'the pin still decides');
      assert.deepEqual((await sh.run(['true', 'true'])).gvx, [], 'not repeated at each prompt');
      assert.deepEqual((await sh.run('cd sub')).gvx, [warning('mod/go.mod', '1.22.0', 'gvx use 1.22.12')], 'once more after a cd');
      assert.deepEqual((await sh.run('true')).gvx, []);

      const noneInstalled = await sh.run(`cd ${q(join(P, 'new'))}`);
      assert.deepEqual(noneInstalled.gvx, [warning('new/go.mod', '1.23.0', 'gvx install 1.23, then gvx use 1.23')]);
      assert.deepEqual((await sh.run('cd ..')).gvx, [], 'back out of the modules: nothing to say');
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.21.13'));
    });

    it('GVX_GO_VERSION older than the module: the fix is gvx shell, and GVX_QUIET=1 does not hide the warning', async () => {
      const { P } = world;
      const { sh, setup } = await startWithIntegration(world, shell, join(P, 'mod'), { GVX_GO_VERSION: '1.21', GVX_QUIET: '1' });
      assert.deepEqual(setup.gvx, [`gvx: warning: go 1.21.13 (pinned by GVX_GO_VERSION) is older than ${P}/mod/go.mod requires (go >= 1.22.0); fix: gvx shell 1.22.12`]);
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.21.13'));
      assert.deepEqual((await sh.run(['true', `cd ${q(world.fresh)}`])).gvx, [], 'no module there: nothing');
    });

    it('a module without a version file: the Go it requires, or what to install', async () => {
      const { fresh } = world;
      for (const [dir, go] of [['m', '1.22.0'], ['n', '1.23.0']] as const) {
        await mkdir(join(fresh, dir));
        await writeFile(join(fresh, dir, 'go.mod'), mod(go));
      }
      const { sh } = await startWithIntegration(world, shell, fresh);
      assert.deepEqual((await sh.run('cd m')).gvx, [`gvx: go 1.22.12 (${fresh}/m/go.mod requires go >= 1.22.0)`]);
      assert.deepEqual(await sh.vars('GOROOT', 'GVX_ACTIVE_VERSION'), { GOROOT: world.goroot('1.22.12'), GVX_ACTIVE_VERSION: '1.22.12' });
      assert.match((await sh.run('go version')).stdout, /^go version go1\.22\.12 /);

      const into = await sh.run('cd ../n');
      assert.deepEqual(into.gvx, [`gvx: ${fresh}/n/go.mod requires go >= 1.23.0 and no installed Go satisfies it; run: gvx install 1.23`]);
      assert.deepEqual(await sh.vars('GOROOT', 'GVX_ACTIVE_VERSION'), { GOROOT: undefined, GVX_ACTIVE_VERSION: undefined });
      assert.deepEqual((await sh.run(['true', 'true'])).gvx, [], 'said once');
    });

    it('GVX_AUTO_INSTALL=1 installs the family a go.mod requires', async () => {
      await mkdir(join(world.fresh, 'n'));
      await writeFile(join(world.fresh, 'n/go.mod'), mod('1.23.0'));
      const archive = fakeToolchain('1.23.4');
      const mirror = await startMirrorWithIndex([{ version: '1.23.4', files: [{ filename: archive.filename, source: archive.buffer }] }]);
      try {
        const { sh } = await startWithIntegration(world, shell, world.fresh, { GVX_AUTO_INSTALL: '1', GVX_MIRROR: mirror.url });
        const into = await sh.run(`cd ${q(join(world.fresh, 'n'))}`);
        const file = `${world.fresh}/n/go.mod`;
        assert.equal(into.gvx[0], `gvx: installing go 1.23 (${file} requires go >= 1.23.0; GVX_AUTO_INSTALL=1)`);
        assert.equal(into.gvx.at(-1), `gvx: go 1.23.4 (${file} requires go >= 1.23.0)`);
        assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.23.4'));
      } finally {
        await mirror.close();
      }
    });
  });
}
