// Rule 3 with real Go toolchains: the issue's own scenario. A repository with only a go.mod
// asking for a newer Go than the global default builds and runs with the installed release
// that satisfies it, and one nothing installed satisfies names the install (or, with
// GVX_AUTO_INSTALL=1, installs it and runs).

import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, runProcess } from '../helpers/env.js';
import { type RealHome, realMirror, sharedRealHome, tempProject } from '../helpers/real-home.js';

const escape = (text: string) => text.replace(/\./g, '\\.');
const family = (version: string) => version.split('.').slice(0, 2).join('.');

describe('go.mod-aware selection with real toolchains', function () {
  this.timeout(600000);
  let real: RealHome;
  let newer: string;
  let older: string;

  before(async function () {
    real = await sharedRealHome(this);
    [newer, older] = real.versions;
    assert.ok(older, 'two real minors are installed');
  });

  it('go run in a package of a module that needs more than the default runs the release that satisfies it', async () => {
    const project = await tempProject();
    writeFileSync(join(project, 'go.mod'), `module example.com/needs\n\ngo ${family(newer)}.0\n`);
    const pkg = join(project, 'cmd', 'tool');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'main.go'), 'package main\n\nimport (\n\t"fmt"\n\t"runtime"\n)\n\nfunc main() { fmt.Println(runtime.Version()) }\n');
    const env = { ...real.sandbox.env, PWD: pkg };
    const shim = join(real.sandbox.home, 'shims', 'go');

    const elsewhere = await runProcess(shim, ['version'], { env: { ...env, PWD: real.sandbox.cwd }, cwd: real.sandbox.cwd });
    assert.match(elsewhere.stdout, new RegExp(`^go version go${escape(older)} `), `the default is ${older}`);

    const run = await runProcess(shim, ['run', '.'], { env, cwd: pkg });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, `go${newer}\n`, 'the program was built and run by the newer release');
    assert.doesNotMatch(run.stderr, /requires go >=|downloading|switching/);

    const current = await real.sandbox.runGvx(['current'], { cwd: pkg, env });
    assert.equal(current.code, 0, current.stderr);
    assert.equal(current.stdout.split('\n')[0], `go ${newer} (${join(project, 'go.mod')} requires go >= ${family(newer)}.0)`);
    const json = JSON.parse((await real.sandbox.runGvx(['current', '--json'], { cwd: pkg, env })).stdout);
    assert.deepEqual(json, { version: newer, spec: `${family(newer)}.0`, origin: 'go.mod', file: join(project, 'go.mod'), goroot: join(real.sandbox.home, 'versions', newer) });

    const verify = await real.sandbox.runGvx(['verify'], { cwd: pkg, env });
    assert.equal(verify.code, 0, `${verify.stdout}${verify.stderr}`);
  });

  it('nothing installed satisfies the module: 127 naming it and the install; GVX_AUTO_INSTALL=1 installs and runs', async () => {
    const sandbox = await makeSandbox();
    const mirror = await realMirror(real.toolchains);
    try {
      const project = await tempProject();
      writeFileSync(join(project, 'go.mod'), `module example.com/fresh\n\ngo ${family(older)}.0\n`);
      const env = { ...sandbox.env, GVX_MIRROR: mirror.url, PWD: project };
      assert.equal((await sandbox.runGvx(['env', '--shell', 'bash'], { env })).code, 0); // writes the shims
      const shim = join(sandbox.home, 'shims', 'go');
      const refused = await runProcess(shim, ['version'], { env, cwd: project });
      assert.equal(refused.code, 127);
      assert.equal(
        refused.stderr,
        `gvx: error: ${project}/go.mod requires go >= ${family(older)}.0 and no installed Go satisfies it\nhint: gvx install ${family(older)} (or set GVX_AUTO_INSTALL=1 to install on first use)\n`,
      );
      const auto = await runProcess(shim, ['version'], { env: { ...env, GVX_AUTO_INSTALL: '1' }, cwd: project, timeoutMs: 300000 });
      assert.equal(auto.code, 0, auto.stderr);
      assert.match(auto.stdout, new RegExp(`^go version go${escape(older)} `));
      assert.match(auto.stderr, new RegExp(`installing go ${escape(family(older))} \\(${escape(project)}/go\\.mod requires go >= ${escape(family(older))}\\.0; GVX_AUTO_INSTALL=1\\)`));
    } finally {
      await mirror.close();
      await sandbox.cleanup();
    }
  });
});
