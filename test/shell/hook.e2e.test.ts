// The prompt hook in real interactive shells: GOROOT and GVX_ACTIVE_VERSION follow the selection,
// one line per change, nothing on an unchanged prompt, gvx's own GOROOT taken back and a
// hand-exported one left alone, a hint for a selected-but-missing version.

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { startMirrorWithIndex } from '../helpers/mirror.js';
import { SHELLS, quoteFor } from './interactive.js';
import { type World, makeWorld, requireShell, startWithIntegration } from './setup.js';

for (const shell of SHELLS) {
  describe(`shell hook: ${shell}`, function () {
    this.timeout(120000);
    let world: World;
    const q = (text: string) => quoteFor(shell, text);
    beforeEach(async function () {
      requireShell(this, shell);
      world = await makeWorld();
    });
    afterEach(async () => world?.cleanup());

    it('follows nested projects in and back out: GOROOT, GVX_ACTIVE_VERSION, one line per change, the right go', async () => {
      const { P } = world;
      const { sh, setup } = await startWithIntegration(world, shell, world.root);
      assert.deepEqual(setup.gvx, [], 'nothing selected at the start: nothing to say');
      assert.deepEqual(await sh.vars('GOROOT', 'GVX_ACTIVE_VERSION'), { GOROOT: undefined, GVX_ACTIVE_VERSION: undefined });

      assert.deepEqual((await sh.run(`cd ${q(join(P, 'sub/deep/er'))}`)).gvx, [`gvx: go 1.21.13 (${P}/.go-version)`]);
      assert.deepEqual(await sh.vars('GOROOT', 'GVX_ACTIVE_VERSION'), { GOROOT: world.goroot('1.21.13'), GVX_ACTIVE_VERSION: '1.21.13' });
      assert.match((await sh.run('go version')).stdout, /^go version go1\.21\.13 linux\/amd64/);

      const sameProject = await sh.run(['cd ../..', 'true', 'true', 'cd deep']);
      assert.deepEqual(sameProject.gvx, [], 'moving inside one project, or prompts without a cd, say nothing');

      assert.deepEqual((await sh.run(`cd ${q(join(P, 'other'))}`)).gvx, [`gvx: go 1.22.12 (${P}/other/.go-version)`]);
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.22.12'));
      assert.match((await sh.run('go version')).stdout, /^go version go1\.22\.12 /);

      assert.deepEqual((await sh.run('cd ../tv')).gvx, [`gvx: go 1.22.12 (${P}/tv/.tool-versions)`], 'a new origin is announced');
      assert.deepEqual((await sh.run('cd ..')).gvx, [`gvx: go 1.21.13 (${P}/.go-version)`]);

      const out = await sh.run(`cd ${q(world.fresh)}`);
      assert.deepEqual(out.gvx, [], 'leaving all projects (no default) is silent');
      assert.deepEqual(await sh.vars('GOROOT', 'GVX_ACTIVE_VERSION'), { GOROOT: undefined, GVX_ACTIVE_VERSION: undefined }, 'the GOROOT gvx exported is taken back');
      assert.match((await sh.run('go version')).stderr, /gvx: error: no Go version is selected here/);
    });

    it('a selected version that is not installed: one hint per project, GOROOT not left pointing elsewhere', async () => {
      const { sh } = await startWithIntegration(world, shell, world.P);
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.21.13'));
      const into = await sh.run(`cd ${q(world.Q)}`);
      assert.deepEqual(into.gvx, [`gvx: go 1.23.4 is selected by ${world.Q}/.go-version but not installed; run: gvx install 1.23.4`]);
      assert.deepEqual(await sh.vars('GOROOT', 'GVX_ACTIVE_VERSION'), { GOROOT: undefined, GVX_ACTIVE_VERSION: undefined });
      assert.deepEqual((await sh.run(['cd sub', 'true', 'cd ..'])).gvx, [], 'not repeated inside the project');
    });

    it('GVX_AUTO_INSTALL=1 installs the selected version on entering the project', async () => {
      const archive = fakeToolchain('1.23.4');
      const mirror = await startMirrorWithIndex([{ version: '1.23.4', files: [{ filename: archive.filename, source: archive.buffer }] }]);
      try {
        const { sh } = await startWithIntegration(world, shell, world.root, { GVX_AUTO_INSTALL: '1', GVX_MIRROR: mirror.url });
        const into = await sh.run(`cd ${q(world.Q)}`);
        assert.equal(into.gvx[0], `gvx: installing go 1.23.4 (selected by ${world.Q}/.go-version; GVX_AUTO_INSTALL=1)`);
        assert.equal(into.gvx.at(-1), `gvx: go 1.23.4 (${world.Q}/.go-version)`);
        assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.23.4'));
        assert.match((await sh.run('go version')).stdout, /go1\.23\.4/);
      } finally {
        await mirror.close();
      }
    });

    it('a hand-exported GOROOT is left alone and named once; gvx overrides it only inside projects', async () => {
      const hand = '/opt/handmade/go';
      const { sh, setup } = await startWithIntegration(world, shell, world.fresh, { GOROOT: hand });
      assert.equal(setup.gvx.length, 1);
      assert.match(setup.gvx[0], new RegExp(`^gvx: warning: GOROOT=${hand} was exported by hand, not by gvx; go tools may mix versions`));
      assert.equal((await sh.vars('GOROOT')).GOROOT, hand);
      assert.deepEqual((await sh.run(`cd ${q(world.P)}`)).gvx, [`gvx: go 1.21.13 (${world.P}/.go-version)`]);
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.21.13'));
      const back = await sh.run([`cd ${q(world.fresh)}`, `cd ${q(world.P)}`, `cd ${q(world.fresh)}`]);
      assert.deepEqual(back.gvx.filter((l) => l.includes('warning')), [], 'named once, not on every visit');
      assert.equal((await sh.vars('GOROOT')).GOROOT, hand, 'the hand-exported GOROOT is put back');
    });

    it('GVX_QUIET=1 silences the switch line, not the switch', async () => {
      const { sh } = await startWithIntegration(world, shell, world.root, { GVX_QUIET: '1' });
      assert.deepEqual((await sh.run(`cd ${q(world.P)}`)).gvx, []);
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.21.13'));
    });

    it('the global default is applied silently at start-up and announced when it comes back', async () => {
      await world.sandbox.runGvx(['use', '--global', '--quiet', '1.22.12']);
      const { sh, setup } = await startWithIntegration(world, shell, world.fresh);
      assert.deepEqual(setup.gvx, []);
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.22.12'));
      await sh.run(`cd ${q(world.P)}`);
      assert.deepEqual((await sh.run(`cd ${q(world.fresh)}`)).gvx, ['gvx: go 1.22.12 (global default)']);
    });

    it('announces a new version or a new file/origin, never a new directory alone; GOROOT still follows every change', async () => {
      const { P, root, fresh } = world;
      const R = join(root, 'R');
      await mkdir(join(P, 'other/pkg/a'), { recursive: true });
      await mkdir(R);
      await writeFile(join(R, '.go-version'), '1.22.12\n');
      await world.sandbox.runGvx(['use', '--global', '--quiet', '1.22.12']);
      const { sh, setup } = await startWithIntegration(world, shell, fresh);
      assert.deepEqual(setup.gvx, []);
      assert.deepEqual((await sh.run('cd /')).gvx, [], 'the default here and there: nothing changed');
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.22.12'));
      assert.deepEqual((await sh.run(`cd ${q(join(P, 'other'))}`)).gvx, [`gvx: go 1.22.12 (${P}/other/.go-version)`], 'same version, a file selects it now');
      assert.deepEqual((await sh.run(['cd pkg', 'cd a', 'cd ../..'])).gvx, [], 'subdirectories of the project');
      assert.deepEqual((await sh.run(`cd ${q(R)}`)).gvx, [`gvx: go 1.22.12 (${R}/.go-version)`], 'another project naming the same version: another file');
      assert.deepEqual((await sh.run('cd /')).gvx, ['gvx: go 1.22.12 (global default)'], 'out to where the default applies: another origin');
      assert.deepEqual((await sh.run(`cd ${q(fresh)}`)).gvx, [], 'the default again');

      // The file now names the same version differently: a new outcome, applied, but nothing to say.
      await sh.run(`cd ${q(R)}`);
      await sh.run(shell === 'fish' ? 'set -gx GOROOT /opt/elsewhere' : 'export GOROOT=/opt/elsewhere');
      assert.equal((await sh.vars('GOROOT')).GOROOT, '/opt/elsewhere', 'an unchanged outcome leaves GOROOT alone');
      const respelled = await sh.run(`printf '%s\\n' 1.22 > ${q(join(R, '.go-version'))}`);
      assert.deepEqual(respelled.gvx, [], 'same version, same file');
      assert.deepEqual(await sh.vars('GOROOT', 'GVX_ACTIVE_VERSION'), { GOROOT: world.goroot('1.22.12'), GVX_ACTIVE_VERSION: '1.22.12' }, 'the changed outcome is exported');
      assert.deepEqual((await sh.run(`printf '%s\\n' 1.21 > ${q(join(R, '.go-version'))}`)).gvx, [`gvx: go 1.21.13 (${R}/.go-version)`], 'a new version in the same file');
    });

    it('re-evaluating gvx env: the shims once and first on PATH, one hook, nothing said again', async () => {
      const { sh } = await startWithIntegration(world, shell, world.P);
      const hooks = async () => {
        const cmd =
          shell === 'bash' ? `printf '%s\\n' "$PROMPT_COMMAND"` : shell === 'zsh' ? `print -l -- $precmd_functions` : `functions --handlers-type generic`;
        return (await sh.run(cmd)).stdout.split('\n').filter((l) => /_gvx/.test(l)).join('\n');
      };
      const before = await hooks();
      assert.ok(before.length > 0, 'a hook is registered');
      const again = await sh.run(shell === 'fish' ? 'gvx env | source' : 'eval "$(gvx env)"');
      assert.deepEqual(again.gvx, [], 'nothing changed, nothing said');
      assert.equal(await hooks(), before, 'still one hook');
      if (shell === 'bash') assert.equal(before.split('_gvx_prompt_hook').length - 1, 1);
      const path = (await sh.vars('PATH')).PATH!.split(':');
      const shims = join(world.home, 'shims');
      assert.equal(path[0], shims);
      assert.equal(path.filter((d) => d === shims).length, 1);
      assert.deepEqual((await sh.run('cd other')).gvx, [`gvx: go 1.22.12 (${world.P}/other/.go-version)`], 'one line, not one per evaluation');
    });
  });
}
