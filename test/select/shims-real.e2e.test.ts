// The shims with real Go toolchains installed by gvx: what a user sees on every `go` call.

import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeSandbox, runProcess } from '../helpers/env.js';
import { type RealHome, realMirror, sharedRealHome, tempProject } from '../helpers/real-home.js';

describe('shims with real toolchains', function () {
  this.timeout(600000);
  let real: RealHome;
  let newer: string;
  let older: string;
  const goShim = () => join(real.sandbox.home, 'shims', 'go');
  const run = (command: string, args: string[], cwd: string, env: Record<string, string | undefined> = {}) => {
    const merged: Record<string, string> = { ...real.sandbox.env, PWD: cwd };
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    return runProcess(command, args, { env: merged, cwd });
  };

  before(async function () {
    real = await sharedRealHome(this);
    [newer, older] = real.versions;
    assert.ok(older, 'two real minors are installed');
  });

  it('go version 7 levels below .go-version runs the pinned release; the default applies elsewhere', async () => {
    const project = await tempProject();
    writeFileSync(join(project, '.go-version'), `go${older}\r\n`);
    const deep = join(project, 'a/b/c/d/e/f/g');
    mkdirSync(deep, { recursive: true });
    const pinned = await run(goShim(), ['version'], deep);
    assert.equal(pinned.code, 0, pinned.stderr);
    assert.match(pinned.stdout, new RegExp(`^go version go${older.replace(/\./g, '\\.')} `));
    const elsewhere = await run(goShim(), ['version'], real.sandbox.cwd);
    assert.match(elsewhere.stdout, new RegExp(`^go version go${older.replace(/\./g, '\\.')} `), 'the first install is the default');
    const current = await real.sandbox.runGvx(['current', '--json'], { cwd: deep });
    assert.deepEqual(JSON.parse(current.stdout), { version: older, spec: older, origin: 'file', file: join(project, '.go-version'), goroot: join(real.sandbox.home, 'versions', older) });
  });

  it('a stale exported GOROOT cannot mix versions: go env GOROOT is the selected root and go build works', async () => {
    const project = await tempProject();
    writeFileSync(join(project, '.go-version'), `${newer}\n`);
    writeFileSync(join(project, 'go.mod'), 'module example.com/stale\n\ngo 1.21\n');
    writeFileSync(join(project, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("built") }\n');
    const stale = { GOROOT: join(real.sandbox.home, 'versions', older) };
    const env = await run(goShim(), ['env', 'GOROOT', 'GOVERSION', 'GOTOOLCHAIN'], project, stale);
    assert.equal(env.code, 0, env.stderr);
    assert.deepEqual(env.stdout.trim().split('\n'), [join(real.sandbox.home, 'versions', newer), `go${newer}`, 'local']);
    const build = await run(goShim(), ['build', '-o', 'out', '.'], project, stale);
    assert.equal(build.code, 0, build.stderr);
    assert.equal((await run(join(project, 'out'), [], project)).stdout, 'built\n');
  });

  it('a go.mod asking for a newer Go fails with Go\'s own message and downloads nothing', async () => {
    const project = await tempProject();
    writeFileSync(join(project, '.go-version'), `${older}\n`);
    writeFileSync(join(project, 'go.mod'), 'module example.com/newer\n\ngo 1.99.0\n');
    writeFileSync(join(project, 'main.go'), 'package main\n\nfunc main() {}\n');
    // GOPROXY is removed so that a download attempt would go to the real default (and show).
    const build = await run(goShim(), ['build', '.'], project, { GOPROXY: undefined });
    assert.notEqual(build.code, 0);
    assert.match(build.stderr, /go\.mod requires go >= 1\.99\.0 \(running go [0-9.]+; GOTOOLCHAIN=local\)/);
    assert.doesNotMatch(build.stderr, /downloading|switching to/i);
    // Exporting GOTOOLCHAIN yourself is respected: the shim does not override it.
    const own = await run(goShim(), ['env', 'GOTOOLCHAIN'], real.sandbox.cwd, { GOTOOLCHAIN: 'local+path' });
    assert.equal(own.stdout.trim(), 'local+path');
  });

  it('gofmt runs through its shim from the selected release', async () => {
    const project = await tempProject();
    writeFileSync(join(project, '.go-version'), `${newer}\n`);
    writeFileSync(join(project, 'ugly.go'), 'package main\nfunc   main( ) {  }\n');
    const gofmt = await run(join(real.sandbox.home, 'shims', 'gofmt'), ['-l', '.'], project);
    assert.equal(gofmt.code, 0, gofmt.stderr);
    assert.equal(gofmt.stdout.trim(), 'ugly.go');
    const which = await real.sandbox.runGvx(['which', 'gofmt'], { cwd: project });
    assert.equal(which.stdout.trim(), join(real.sandbox.home, 'versions', newer, 'bin', 'gofmt'));
  });

  it('gvx use with no SPEC in a module derives the version from go.mod', async () => {
    const project = await tempProject();
    const minor = older.split('.').slice(0, 2).join('.');
    writeFileSync(join(project, 'go.mod'), `module example.com/derived\n\ngo ${minor}.0\n`);
    const use = await real.sandbox.runGvx(['use'], { cwd: project });
    assert.equal(use.code, 0, use.stderr);
    assert.equal(readFileSync(join(project, '.go-version'), 'utf8'), `${older}\n`);
    const version = await run(goShim(), ['version'], project);
    assert.match(version.stdout, new RegExp(`go${older.replace(/\./g, '\\.')} `));

    writeFileSync(join(project, 'go.mod'), `module example.com/derived\n\ngo ${minor}.0\n\ntoolchain go${newer}\n`);
    writeFileSync(join(project, '.go-version'), 'not a version\n');
    const broken = await real.sandbox.runGvx(['use'], { cwd: project });
    assert.equal(broken.code, 2, 'an invalid .go-version is reported, not silently replaced');
    assert.equal(/^gvx: error: (.*)$/m.exec(broken.stderr)?.[1], `${project}/.go-version: "not a version" is not a valid Go version`);
  });

  it('gvx exec runs one command with a version and passes its exit code through', async () => {
    const exec = await real.sandbox.runGvx(['exec', older.split('.').slice(0, 2).join('.'), '--', 'go', 'version']);
    assert.equal(exec.code, 0, exec.stderr);
    assert.match(exec.stdout, new RegExp(`go version go${older.replace(/\./g, '\\.')} `));
    const failing = await real.sandbox.runGvx(['exec', newer, '--', 'sh', '-c', 'go env GOROOT; exit 42']);
    assert.equal(failing.code, 42);
    assert.equal(failing.stdout.trim(), join(real.sandbox.home, 'versions', newer));
    const missing = await real.sandbox.runGvx(['exec', '1.5.4', '--', 'go', 'version']);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /hint: gvx install 1\.5\.4/);
  });

  it('GVX_AUTO_INSTALL=1: the shim installs the selected version first, then runs it', async () => {
    const sandbox = await makeSandbox();
    const mirror = await realMirror(real.toolchains);
    try {
      const project = await tempProject();
      writeFileSync(join(project, '.go-version'), `${older}\n`);
      const env = { ...sandbox.env, GVX_MIRROR: mirror.url, PWD: project };
      // The shims exist once gvx has written them (gvx env does).
      assert.equal((await sandbox.runGvx(['env', '--shell', 'bash'], { env })).code, 0);
      const shim = join(sandbox.home, 'shims', 'go');
      const refused = await runProcess(shim, ['version'], { env, cwd: project });
      assert.equal(refused.code, 127);
      assert.match(refused.stderr, new RegExp(`go ${older.replace(/\./g, '\\.')} is selected by ${project}/\\.go-version but is not installed\\nhint: gvx install ${older.replace(/\./g, '\\.')}`));
      const auto = await runProcess(shim, ['version'], { env: { ...env, GVX_AUTO_INSTALL: '1' }, cwd: project, timeoutMs: 300000 });
      assert.equal(auto.code, 0, auto.stderr);
      assert.match(auto.stdout, new RegExp(`^go version go${older.replace(/\./g, '\\.')} `));
      assert.match(auto.stderr, /installing go .* GVX_AUTO_INSTALL=1/);
    } finally {
      await mirror.close();
      await sandbox.cleanup();
    }
  });
});
