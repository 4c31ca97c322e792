// `gvx which` on synthetic releases installed by `gvx install` from a loopback mirror: the
// binary it names is the one the go shim runs here, for go and gofmt, and --goroot is that
// release's root; what it cannot answer exits 2 (not a toolchain binary) or 3 (not installed).
// With real toolchains: shims-real (*.e2e.test.ts).

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type SyntheticHome, makeSyntheticHome } from '../helpers/synthetic-home.js';

describe('gvx which (synthetic installs)', function () {
  this.timeout(60_000);
  let home: SyntheticHome;
  before(async () => {
    home = await makeSyntheticHome(['1.23.4', '1.22.12', '1.21.13'], ['1.21.13', '1.22.12']);
  });
  after(async () => home?.cleanup());

  const project = (files: Record<string, string>) => home.project(files);
  const which = (args: string[], cwd: string) => home.sandbox.runGvx(['which', ...args], { cwd, env: { PWD: cwd } });

  it('go, gofmt and --goroot of the pinned release; the go it names is the one the shim runs', async () => {
    const root = await project({ '.go-version': '1.22.12\n', 'sub/keep': '' });
    const cwd = join(root, 'sub');
    const go = await which([], cwd);
    assert.equal(go.code, 0, go.stderr);
    assert.equal(go.stdout, `${join(home.goroot('1.22.12'), 'bin', 'go')}\n`);
    assert.equal((await which(['go'], cwd)).stdout, go.stdout);
    assert.equal((await which(['gofmt'], cwd)).stdout, `${join(home.goroot('1.22.12'), 'bin', 'gofmt')}\n`);
    assert.equal((await which(['--goroot'], cwd)).stdout, `${home.goroot('1.22.12')}\n`);
    const named = await home.sandbox.run(go.stdout.trim(), ['version'], { cwd });
    const shim = await home.sandbox.run(join(home.shimsDir, 'go'), ['version'], { cwd, env: { PWD: cwd } });
    assert.equal(shim.code, 0, shim.stderr);
    assert.equal(named.stdout, shim.stdout);
    assert.match(shim.stdout, /^go version go1\.22\.12 /);
    const gofmt = await home.sandbox.run(join(home.shimsDir, 'gofmt'), [], { cwd, env: { PWD: cwd } });
    assert.equal(gofmt.stdout, 'gofmt 1.22.12\n', 'the gofmt shim runs the same release');
  });

  it('follows the selection: the global default elsewhere, a module\'s requirement inside it', async () => {
    assert.equal((await which([], home.sandbox.cwd)).stdout, `${join(home.goroot('1.21.13'), 'bin', 'go')}\n`);
    const root = await project({ 'go.mod': 'module m\n\ngo 1.22.0\n', 'pkg/a.go': 'package pkg\n' });
    assert.equal((await which(['--goroot'], join(root, 'pkg'))).stdout, `${home.goroot('1.22.12')}\n`);
  });

  it('a tool that is not a toolchain binary is a usage error (exit 2)', async () => {
    const r = await which(['vet'], home.sandbox.cwd);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'gvx: error: which: "vet" is not a Go toolchain binary\nhint: gvx which go\n');
  });

  it('a selection nothing installed answers: exit 3 with the install, nothing downloaded', async () => {
    const pinned = await project({ '.go-version': '1.23.4\n' });
    const r = await which([], pinned);
    assert.equal(r.code, 3);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `gvx: error: go 1.23.4 is selected by ${join(pinned, '.go-version')} but is not installed\nhint: gvx install 1.23.4\n`);
    const module = await project({ 'go.mod': 'module m\n\ngo 1.23.0\n' });
    const unsatisfied = await which(['--goroot'], module);
    assert.equal(unsatisfied.code, 3);
    assert.equal(unsatisfied.stderr, `gvx: error: ${join(module, 'go.mod')} requires go >= 1.23.0 and no installed Go satisfies it\nhint: gvx install 1.23\n`);
    assert.deepEqual(home.mirror.requests.filter((req) => req.path.includes('go1.23.4')), []);
  });
});
