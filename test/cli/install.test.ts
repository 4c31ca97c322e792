// `gvx install` with no SPEC: what the directory selects. In a module (rule 3) that means an
// install only when nothing installed satisfies its requirement.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { makeFakeHome } from '../helpers/fake-home.js';

const PLATFORM = { os: 'linux', arch: process.arch === 'arm64' ? 'arm64' : 'amd64' };

function release(version: string, archive: { filename: string; sha256: string; size: number }) {
  return { version: `go${version}`, stable: true, files: [{ filename: archive.filename, os: PLATFORM.os, arch: PLATFORM.arch, version: `go${version}`, sha256: archive.sha256, size: archive.size, kind: 'archive' }] };
}

describe('gvx install with no SPEC in a module', function () {
  this.timeout(60_000);
  let mirror: Mirror;
  let sandbox: Sandbox;
  const archives = ['1.22.12', '1.23.1', '1.23.4'].map((v) => fakeToolchain(v));

  beforeEach(async () => {
    mirror = await startMirror({});
    mirror.setIndex(archives.map((a, i) => release(['1.22.12', '1.23.1', '1.23.4'][i]!, a)));
    for (const a of archives) mirror.addFile(a.filename, a.buffer);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    await makeFakeHome(sandbox.home, ['1.21.13', '1.22.12'], '1.21.13');
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  /** A module at root with its go.mod; returns root/a/b. */
  async function module(goMod: string): Promise<{ root: string; cwd: string }> {
    const root = await mkdtemp(join(sandbox.root, 'module-'));
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    await writeFile(join(root, 'go.mod'), goMod);
    return { root, cwd: join(root, 'a', 'b') };
  }

  it('satisfied by an installed version: says which, installs nothing, touches no network', async () => {
    const { root, cwd } = await module('module m\n\ngo 1.22.0\n');
    const r = await sandbox.runGvx(['install'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `go 1.22.12 already satisfies ${join(root, 'go.mod')} (requires go >= 1.22.0): nothing to install\n`);
    assert.equal(r.stderr, '');
    assert.equal(mirror.requests.length, 0);

    const json = await sandbox.runGvx(['install', '--json'], { cwd });
    assert.deepEqual(JSON.parse(json.stdout), [{ version: '1.22.12', goroot: join(sandbox.home, 'versions', '1.22.12'), status: 'already-installed', becameDefault: false }]);
  });

  it('not satisfied: installs the newest release of the family, then the next run is satisfied', async () => {
    const { root, cwd } = await module('module m\n\ngo 1.23.0\n');
    const r = await sandbox.runGvx(['install'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`gvx: no installed Go satisfies ${join(root, 'go.mod')} \\(requires go >= 1\\.23\\.0\\): installing 1\\.23\\n`));
    assert.match(r.stdout, /^installed go1\.23\.4 in /);
    assert.equal(existsSync(join(sandbox.home, 'versions', '1.23.1')), false);
    const again = await sandbox.runGvx(['install'], { cwd });
    assert.equal(again.stdout, `go 1.23.4 already satisfies ${join(root, 'go.mod')} (requires go >= 1.23.0): nothing to install\n`);
  });

  it('a toolchain line above the go line: installs exactly that toolchain', async () => {
    const { root, cwd } = await module('module m\n\ngo 1.22.0\n\ntoolchain go1.23.1\n');
    const r = await sandbox.runGvx(['install'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`satisfies ${join(root, 'go.mod')} \\(requires go >= 1\\.23\\.1\\): installing 1\\.23\\.1\\n`));
    assert.match(r.stdout, /^installed go1\.23\.1 in /);
  });

  it('--force reinstalls the version that satisfies it, not a newer one', async () => {
    const { cwd } = await module('module m\n\ngo 1.22.0\n');
    const r = await sandbox.runGvx(['install', '--force'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^installed go1\.22\.12 in /);
  });

  it('a .go-version still wins: its spec is installed', async () => {
    const { cwd } = await module('module m\n\ngo 1.22.0\n');
    await writeFile(join(cwd, '.go-version'), '1.23\n');
    const r = await sandbox.runGvx(['install'], { cwd });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /gvx: 1\.23 is selected by .*\/a\/b\/\.go-version/);
    assert.match(r.stdout, /^installed go1\.23\.4 in /);
  });
});

describe('gvx install --allow-unlisted: only where it can mean something', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await makeSandbox();
  });
  after(() => sandbox?.cleanup());

  // GVX_MIRROR points nowhere: a usage error must come before any request.
  const cases: [string, string[], Record<string, string>, string][] = [
    ['no GVX_MIRROR', ['1.22.5', '--allow-unlisted'], {}, 'install: --allow-unlisted is for a directory GVX_MIRROR, and none is set (go.dev lists every official release)'],
    ['--source goproxy', ['1.22.5', '--allow-unlisted', '--source', 'goproxy'], { GVX_MIRROR: 'http://127.0.0.1:1' }, 'install: --allow-unlisted is for a directory GVX_MIRROR; --source goproxy installs only what the checksum database vouches for'],
    ['--archive', ['--archive', '/nonexistent/go1.22.5.linux-amd64.tar.gz', '--allow-unlisted'], { GVX_MIRROR: 'http://127.0.0.1:1' }, 'install: --allow-unlisted is for a directory GVX_MIRROR; --archive takes --sha256 HEX or --no-verify'],
  ];
  for (const [name, args, env, message] of cases) {
    it(`with ${name}: exit 2, the reason, nothing installed`, async () => {
      const result = await sandbox.runGvx(['install', ...args], { env });
      assert.equal(result.code, 2, result.stderr);
      assert.equal(result.stderr, `gvx: error: ${message}\nhint: gvx install --help\n`);
      assert.equal(existsSync(join(sandbox.home, 'versions')), false);
    });
  }
});
