// `gvx current` on synthetic releases installed by `gvx install` from a loopback mirror: what
// it says (text and --json) is what the go shim runs, for each way of selecting (a version
// file, the global default, a go.mod's requirement), and a selection nothing installed answers
// exits 3 naming the install. The same checks with real toolchains: shims-real and
// module-real (*.e2e.test.ts).

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { type SyntheticHome, makeSyntheticHome } from '../helpers/synthetic-home.js';

describe('gvx current (synthetic installs)', function () {
  this.timeout(60_000);
  let home: SyntheticHome;
  before(async () => {
    // 1.21.13 is installed first: the global default.
    home = await makeSyntheticHome(['1.23.4', '1.22.12', '1.21.13'], ['1.21.13', '1.22.12']);
  });
  after(async () => home?.cleanup());

  const project = (files: Record<string, string>) => home.project(files);
  const current = (args: string[], cwd: string) => home.sandbox.runGvx(['current', ...args], { cwd, env: { PWD: cwd } });
  const goVersion = (cwd: string) => home.sandbox.run(join(home.shimsDir, 'go'), ['version'], { cwd, env: { PWD: cwd } });

  it('a .go-version 7 levels up: the version, the file and the GOROOT, and the shim runs that go', async () => {
    const root = await project({ '.go-version': 'go1.22.12\r\n' });
    const deep = join(root, 'a/b/c/d/e/f/g');
    await mkdir(deep, { recursive: true });
    const text = await current([], deep);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, `go 1.22.12 (${join(root, '.go-version')})\nGOROOT ${home.goroot('1.22.12')}\n`);
    const json = await current(['--json'], deep);
    assert.deepEqual(JSON.parse(json.stdout), { version: '1.22.12', spec: '1.22.12', origin: 'file', file: join(root, '.go-version'), goroot: home.goroot('1.22.12') });
    assert.match((await goVersion(deep)).stdout, /^go version go1\.22\.12 /);
  });

  it('outside any project: the global default (the first install), with the file that holds it', async () => {
    const text = await current([], home.sandbox.cwd);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, `go 1.21.13 (global default, ${join(home.sandbox.home, 'default')})\nGOROOT ${home.goroot('1.21.13')}\n`);
    assert.deepEqual(JSON.parse((await current(['--json'], home.sandbox.cwd)).stdout), {
      version: '1.21.13',
      spec: '1.21.13',
      origin: 'default',
      file: join(home.sandbox.home, 'default'),
      goroot: home.goroot('1.21.13'),
    });
    assert.match((await goVersion(home.sandbox.cwd)).stdout, /^go version go1\.21\.13 /);
  });

  it('a package of a module that needs more than the default: the installed release that satisfies it', async () => {
    const root = await project({ 'go.mod': 'module example.com/needs\n\ngo 1.22.0\n', 'cmd/tool/main.go': 'package main\n' });
    const pkg = join(root, 'cmd/tool');
    const text = await current([], pkg);
    assert.equal(text.code, 0, text.stderr);
    assert.equal(text.stdout, `go 1.22.12 (${join(root, 'go.mod')} requires go >= 1.22.0)\nGOROOT ${home.goroot('1.22.12')}\n`);
    const json = await current(['--json'], pkg);
    assert.deepEqual(JSON.parse(json.stdout), { version: '1.22.12', spec: '1.22.0', origin: 'go.mod', file: join(root, 'go.mod'), goroot: home.goroot('1.22.12') });
    assert.match((await goVersion(pkg)).stdout, /^go version go1\.22\.12 /);
  });

  it('a module nothing installed satisfies: exit 3, the requirement and the install, also in --json', async () => {
    const root = await project({ 'go.mod': 'module example.com/newer\n\ngo 1.23.0\n' });
    const text = await current([], root);
    assert.equal(text.code, 3);
    assert.equal(text.stdout, '');
    assert.equal(text.stderr, `gvx: error: ${join(root, 'go.mod')} requires go >= 1.23.0 and no installed Go satisfies it\nhint: gvx install 1.23\n`);
    const json = await current(['--json'], root);
    assert.equal(json.code, 3);
    assert.deepEqual(JSON.parse(json.stdout), { version: null, spec: '1.23.0', origin: 'go.mod', file: join(root, 'go.mod'), goroot: null, install: '1.23' });
  });

  it('a pinned version that is not installed: exit 3 naming the pin and the install', async () => {
    const root = await project({ '.go-version': '1.23.4\n' });
    const text = await current([], root);
    assert.equal(text.code, 3);
    assert.equal(text.stderr, `gvx: error: go 1.23.4 is selected by ${join(root, '.go-version')} but is not installed\nhint: gvx install 1.23.4\n`);
    assert.deepEqual(home.mirror.requests.filter((r) => r.path.includes('go1.23.4')), [], 'current never installs');
  });
});
