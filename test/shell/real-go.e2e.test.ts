// Real Go toolchains (installed by `gvx install` from a local mirror of Debian's releases,
// test/helpers/real-home.ts) through the hook and the shims, in each real shell: `go version`
// and `go env GOROOT` answer what the directory selects, and GOROOT follows.

import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GVX_BIN } from '../helpers/env.js';
import { type RealHome, sharedRealHome, tempProject } from '../helpers/real-home.js';
import { InteractiveShell, SHELLS, quoteFor, setupLine, shellPath } from './interactive.js';
import { requireShell } from './setup.js';

describe('shell hook with real Go toolchains', function () {
  this.timeout(600000);
  let real: RealHome;
  let newer: string;
  let older: string;
  let bin: string;
  before(async function () {
    real = await sharedRealHome(this);
    [newer, older] = real.versions;
    assert.ok(older, 'two real minors are installed');
    bin = join(real.sandbox.root, 'shell-test-bin');
    await mkdir(bin, { recursive: true });
    await symlink(GVX_BIN, join(bin, 'gvx')).catch(() => {});
  });

  for (const shell of SHELLS) {
    it(`${shell}: go version and go env GOROOT follow the project`, async function () {
      requireShell(this, shell);
      const newProject = await tempProject();
      const oldProject = await tempProject();
      await writeFile(join(newProject, '.go-version'), `${newer}\n`);
      await writeFile(join(oldProject, '.go-version'), `go${older}\n`);
      const env = { ...real.sandbox.env, PATH: `${bin}:${real.sandbox.env.PATH}`, SHELL: shellPath(shell)! };
      const sh = await InteractiveShell.start(shell, env, newProject);
      try {
        await sh.run(setupLine(shell));
        const q = (p: string) => quoteFor(shell, p);
        for (const [dir, version] of [[newProject, newer], [oldProject, older], [newProject, newer]] as const) {
          const step = await sh.run(`cd ${q(dir)}`);
          if (dir === oldProject || step.gvx.length > 0) assert.deepEqual(step.gvx, [`gvx: go ${version} (${dir}/.go-version)`]);
          const go = await sh.run(['go version', 'go env GOROOT']);
          const [versionLine, goroot] = go.stdout.trim().split('\n');
          assert.match(versionLine, new RegExp(`^go version go${version.replace(/\./g, '\\.')} linux/`), go.stderr);
          assert.equal(goroot, join(real.sandbox.home, 'versions', version));
          assert.equal((await sh.vars('GOROOT')).GOROOT, goroot, 'the exported GOROOT is the one go uses');
        }
        await sh.run(`gvx shell ${older}`);
        assert.match((await sh.run('go version')).stdout, new RegExp(`^go version go${older.replace(/\./g, '\\.')} `));
      } finally {
        await sh.close();
      }
    });
  }
});
