// `gvx shell` / `gvx shell --unset` / `gvx use` through the shell function, in real shells:
// the change is immediate in this shell, and two shells open at once keep their own versions.
// Without the shell function: shell-command.test.ts.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHELLS, quoteFor } from './interactive.js';
import { type World, makeWorld, requireShell, startWithIntegration } from './setup.js';

for (const shell of SHELLS) {
  describe(`gvx shell and gvx use through the ${shell} function`, function () {
    this.timeout(120000);
    let world: World;
    const q = (text: string) => quoteFor(shell, text);
    const status = shell === 'fish' ? 'echo "status=$status"' : 'echo "status=$?"';
    beforeEach(async function () {
      requireShell(this, shell);
      world = await makeWorld();
    });
    afterEach(async () => world?.cleanup());

    it('gvx shell SPEC selects for this shell at once; --unset goes back to the file', async () => {
      const { sh, setup } = await startWithIntegration(world, shell, world.P);
      assert.deepEqual(setup.gvx, [`gvx: go 1.21.13 (${world.P}/.go-version)`]);

      const set = await sh.run('gvx shell 1.22');
      assert.deepEqual(set.gvx, ['gvx: go 1.22.12 (GVX_GO_VERSION)']);
      assert.deepEqual(await sh.vars('GVX_GO_VERSION', 'GOROOT', 'GVX_ACTIVE_VERSION'), { GVX_GO_VERSION: '1.22', GOROOT: world.goroot('1.22.12'), GVX_ACTIVE_VERSION: '1.22.12' });
      assert.match((await sh.run('go version')).stdout, /^go version go1\.22\.12 /);
      assert.deepEqual((await sh.run(['cd other', 'cd ..'])).gvx, [], 'the shell selection wins over the files');

      const missing = await sh.run(['gvx shell 1.30', status]);
      assert.match(missing.stderr, /gvx: error: go 1\.30 is not installed\nhint: gvx install 1\.30, or gvx shell --install 1\.30/);
      assert.match(missing.stdout, /status=3/);
      const invalid = await sh.run([`gvx shell ${q(`$(touch ${join(world.root, 'MARKER')})`)}`, status]);
      assert.match(invalid.stderr, /gvx: error: invalid Go version spec/);
      assert.match(invalid.stdout, /status=2/);
      assert.equal(existsSync(join(world.root, 'MARKER')), false);
      assert.equal((await sh.vars('GVX_GO_VERSION')).GVX_GO_VERSION, '1.22', 'a refused spec changes nothing');

      assert.match((await sh.run('gvx shell')).stdout, /^GVX_GO_VERSION=1\.22 /m);
      const unset = await sh.run('gvx shell --unset');
      assert.deepEqual(unset.gvx, [`gvx: go 1.21.13 (${world.P}/.go-version)`]);
      assert.deepEqual(await sh.vars('GVX_GO_VERSION', 'GOROOT'), { GVX_GO_VERSION: undefined, GOROOT: world.goroot('1.21.13') });
      assert.match((await sh.run('go version')).stdout, /^go version go1\.21\.13 /);
    });

    it('gvx use refreshes GOROOT in this shell at once (no cd needed)', async () => {
      const { sh } = await startWithIntegration(world, shell, world.fresh);
      assert.equal((await sh.vars('GOROOT')).GOROOT, undefined);
      const use = await sh.run('gvx use --quiet 1.22.12');
      assert.equal(readFileSync(join(world.fresh, '.go-version'), 'utf8'), '1.22.12\n');
      assert.deepEqual(use.gvx, [`gvx: go 1.22.12 (${world.fresh}/.go-version)`]);
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.22.12'));
      await sh.run('gvx use --quiet 1.21');
      assert.equal((await sh.vars('GVX_ACTIVE_VERSION')).GVX_ACTIVE_VERSION, '1.21.13');
    });

    it('two shells open at once keep their own versions', async () => {
      const other = join(world.P, 'other'); // .go-version: 1.22.12
      const [a, b] = await Promise.all([startWithIntegration(world, shell, other), startWithIntegration(world, shell, other)]);
      await a.sh.run('gvx shell 1.21');
      const [goA, goB] = await Promise.all([a.sh.run('go version'), b.sh.run('go version')]);
      assert.match(goA.stdout, /^go version go1\.21\.13 /);
      assert.match(goB.stdout, /^go version go1\.22\.12 /);
      await b.sh.run('cd ..');
      assert.equal((await b.sh.vars('GOROOT')).GOROOT, world.goroot('1.21.13'), 'b follows the files');
      await b.sh.run('gvx shell 1.22.12');
      assert.deepEqual(await a.sh.vars('GVX_GO_VERSION', 'GOROOT'), { GVX_GO_VERSION: '1.21', GOROOT: world.goroot('1.21.13') });
      assert.deepEqual(await b.sh.vars('GVX_GO_VERSION', 'GOROOT'), { GVX_GO_VERSION: '1.22.12', GOROOT: world.goroot('1.22.12') });
    });
  });
}
