// `gvx use` switches what runs, on synthetic releases served by a loopback mirror: a missing
// version is installed first (unless --no-install), the pin or the global default is written,
// the go shim runs the new version, and the proof line (gvx verify's checks, run on the
// synthetic go) says so or names what is wrong. Where the pin goes: use.test.ts. With real
// toolchains: shims-real and verify (*.e2e.test.ts).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type SyntheticHome, makeSyntheticHome } from '../helpers/synthetic-home.js';

const RELEASES = ['1.23.4', '1.22.12', '1.22.5', '1.21.13'];
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('gvx use: install, pin, run, prove (synthetic installs)', function () {
  this.timeout(60_000);
  let home: SyntheticHome;
  before(async () => {
    home = await makeSyntheticHome(RELEASES, ['1.21.13', '1.22.5']);
  });
  after(async () => home?.cleanup());

  const project = (files: Record<string, string>) => home.project(files);
  const use = (args: string[], cwd: string, env: Record<string, string> = {}) => home.sandbox.runGvx(['use', ...args], { cwd, env: { PWD: cwd, ...env } });
  const goVersion = (cwd: string) => home.sandbox.run(join(home.shimsDir, 'go'), ['version'], { cwd, env: { PWD: cwd } });
  const proof = (version: string) => `✓ go${version} verified: go version -m, PATH, go env GOROOT ${home.goroot(version)} (gvx verify shows each check)\n`;

  it('no SPEC in a module: the newest release of its go line\'s family, installed, pinned at the module root, run by the shim', async () => {
    const root = await project({ 'go.mod': 'module example.com/derived\n\ngo 1.22.0\n', 'cmd/tool/main.go': 'package main\n' });
    const cwd = join(root, 'cmd/tool');
    const r = await use([], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`^gvx: ${esc(join(root, 'go.mod'))} requires go >= 1\\.22\\.0: using 1\\.22\\.12\\n`), 'not the installed 1.22.5: the index knows a newer one');
    assert.match(r.stderr, /^gvx: downloading go1\.22\.12 /m);
    assert.equal(r.stdout, `wrote ${join(root, '.go-version')}: go 1.22.12 (1.22.12)\n${proof('1.22.12')}`);
    assert.equal(readFileSync(join(root, '.go-version'), 'utf8'), '1.22.12\n');
    assert.match((await goVersion(cwd)).stdout, /^go version go1\.22\.12 /);

    // An invalid pin is reported, never silently replaced by what the module derives.
    await writeFile(join(root, 'go.mod'), 'module example.com/derived\n\ngo 1.21.0\n\ntoolchain go1.22.5\n');
    await writeFile(join(root, '.go-version'), 'not a version\n');
    const broken = await use([], cwd);
    assert.equal(broken.code, 2);
    assert.equal(/^gvx: error: (.*)$/m.exec(broken.stderr)?.[1], `${join(root, '.go-version')}: "not a version" is not a valid Go version`);
    assert.equal(readFileSync(join(root, '.go-version'), 'utf8'), 'not a version\n');
  });

  it('a SPEC that is not installed: --no-install refuses (exit 3) and fetches nothing; without it, installed, pinned and proven', async () => {
    const root = await project({});
    const refused = await use(['--no-install', '1.23'], root);
    assert.equal(refused.code, 3);
    assert.equal(refused.stderr, 'gvx: error: go 1.23 is not installed (and --no-install was given)\nhint: gvx install 1.23\n');
    assert.deepEqual(home.mirror.requests.filter((req) => req.path.includes('go1.23.4')), [], 'nothing downloaded');

    const used = await use(['1.23'], root);
    assert.equal(used.code, 0, used.stderr);
    assert.match(used.stderr, /^gvx: downloading go1\.23\.4 /m);
    assert.equal(used.stdout, `wrote ${join(root, '.go-version')}: go 1.23 (1.23.4)\n${proof('1.23.4')}`);
    assert.match((await goVersion(root)).stdout, /^go version go1\.23\.4 /);
    const again = await use(['1.23'], root);
    assert.doesNotMatch(again.stderr, /downloading/, 'installed once');
  });

  it('another go ahead of the shims on PATH: the switch succeeds and the proof names the failing check and its fix', async () => {
    const root = await project({});
    const shadow = join(home.goroot('1.21.13'), 'bin');
    const r = await use(['1.22.5'], root, { PATH: `${shadow}:${home.sandbox.env.PATH}` });
    assert.equal(r.code, 0, 'the switch itself succeeded');
    assert.equal(readFileSync(join(root, '.go-version'), 'utf8'), '1.22.5\n');
    assert.match(r.stdout, new RegExp(`✗ go 1\\.22\\.5 is selected, but gvx verify found problems:\\n✗ path: the first go on PATH is ${esc(shadow)}/go, ahead of the gvx shim`));
    assert.match(r.stdout, new RegExp(`fix: remove ${esc(shadow)} from PATH`));
    assert.doesNotMatch(r.stdout, /✓/);
  });
});

describe('gvx use --global (synthetic installs)', function () {
  this.timeout(60_000);
  let home: SyntheticHome;
  before(async () => {
    home = await makeSyntheticHome(RELEASES, ['1.21.13', '1.22.12']);
  });
  after(async () => home?.cleanup());
  const defaultFile = () => readFileSync(join(home.sandbox.home, 'default'), 'utf8');

  it('sets the default that gvx current and the shims follow outside projects; --exact writes the resolved version', async () => {
    const cwd = home.sandbox.cwd;
    assert.equal(defaultFile(), '1.21.13\n', 'the first install');
    const r = await home.sandbox.runGvx(['use', '--global', '1.22'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `global default: go 1.22 (1.22.12, ${home.goroot('1.22.12')})\n✓ go1.22.12 verified: go version -m, PATH, go env GOROOT ${home.goroot('1.22.12')} (gvx verify shows each check)\n`);
    assert.equal(defaultFile(), '1.22\n');
    assert.equal((await home.sandbox.runGvx(['current'], { cwd })).stdout, `go 1.22.12 (global default, ${join(home.sandbox.home, 'default')})\nGOROOT ${home.goroot('1.22.12')}\n`);
    assert.match((await home.sandbox.run(join(home.shimsDir, 'go'), ['version'], { cwd })).stdout, /^go version go1\.22\.12 /);

    const exact = await home.sandbox.runGvx(['use', '--global', '--exact', '--quiet', '1.21'], { cwd });
    assert.equal(exact.stdout, `global default: go 1.21.13 (1.21.13, ${home.goroot('1.21.13')})\n`);
    assert.equal(defaultFile(), '1.21.13\n');
  });

  it('needs a SPEC (exit 2) and leaves the default alone', async () => {
    const before = defaultFile();
    const r = await home.sandbox.runGvx(['use', '--global']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, 'gvx: error: use --global needs a SPEC\nhint: gvx use --global 1.22\n');
    assert.equal(defaultFile(), before);
  });
});
