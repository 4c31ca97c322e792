// Nothing matches: `gvx ls-remote 1.99` is exit 3 with a message (--json: `[]`, still exit 3),
// and a "gvx install SPEC" hint (gvx shell, gvx current) is given only when the cached release
// index lists such a release; the hint reads the cache only, never the network.

import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HomeLayout } from '../../lib/store/layout.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { makeFakeHome } from '../helpers/fake-home.js';

/** A release-index entry with no files: only versions are read here. */
const listed = (version: string, stable = true) => ({ version: `go${version}`, stable, files: [] });
const INDEX = [listed('1.23rc1', false), listed('1.22.12'), listed('1.22.5'), listed('1.21.9')];

describe('nothing matches: ls-remote, and the install hints of shell and current', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let mirror: Mirror;
  beforeEach(async () => {
    sandbox = await makeSandbox();
    mirror = await startMirror({ index: INDEX });
    sandbox.env.GVX_MIRROR = mirror.url;
    await makeFakeHome(sandbox.home, ['1.22.12'], '1.22.12');
  });
  afterEach(async () => {
    await mirror?.close();
    await sandbox?.cleanup();
  });

  it('gvx ls-remote 1.99: exit 3 and a message; once the index is cached, the hint says so', async () => {
    const fetched = await sandbox.runGvx(['ls-remote', '1.99']);
    assert.equal(fetched.code, 3);
    assert.equal(fetched.stdout, '');
    assert.equal(fetched.stderr, 'gvx: error: no release in the index matches 1.99\nhint: gvx ls-remote lists the releases\n');
    const cached = await sandbox.runGvx(['ls-remote', '1.99']);
    assert.equal(cached.code, 3);
    assert.equal(cached.stderr, 'gvx: error: no release in the index matches 1.99\nhint: gvx ls-remote lists the releases (the index is a cached copy; --refresh fetches it again)\n');
    assert.equal(mirror.count('index'), 1);
  });

  it('only pre-releases match: the message says "stable" and the hint names --all', async () => {
    const result = await sandbox.runGvx(['ls-remote', '1.23']);
    assert.equal(result.code, 3);
    assert.equal(result.stderr, 'gvx: error: no stable release in the index matches 1.23\nhint: only pre-releases match: gvx ls-remote 1.23 --all\n');
    const all = await sandbox.runGvx(['ls-remote', '1.23', '--all']);
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stdout, '1.23rc1 (unstable)\n');
  });

  it('--json with no match prints [] and exits 3, with nothing on stderr', async () => {
    const result = await sandbox.runGvx(['ls-remote', '1.99', '--json']);
    assert.equal(result.code, 3);
    assert.deepEqual(JSON.parse(result.stdout), []);
    assert.equal(result.stderr, '');
    const match = await sandbox.runGvx(['ls-remote', '1.22', '--json']);
    assert.equal(match.code, 0, match.stderr);
    assert.deepEqual(JSON.parse(match.stdout).map((r: { version: string }) => r.version), ['1.22.12', '1.22.5']);
  });

  it('gvx shell SPEC: "gvx install" only for a release the cached index lists; no network', async () => {
    assert.equal((await sandbox.runGvx(['ls-remote'])).code, 0); // caches the index
    const requests = mirror.requests.length;
    const shell = (spec: string) => sandbox.runGvx(['shell', spec], { env: { _GVX_SHELL_FUNCTION: '1' } });

    const unknown = await shell('1.99');
    assert.equal(unknown.code, 3);
    assert.equal(unknown.stdout, '', 'no directive for the shell function');
    assert.equal(
      unknown.stderr,
      'gvx: error: go 1.99 is not installed\nhint: the cached release index lists no release matching 1.99: gvx ls-remote lists the releases (--refresh fetches the index again)\n',
    );
    assert.match((await shell('1.22.99')).stderr, /^hint: the cached release index lists no release matching 1\.22\.99: /m);
    assert.match((await shell('1.23')).stderr, /^hint: the cached release index has only pre-releases of 1\.23: gvx ls-remote 1\.23 --all lists them$/m);
    for (const spec of ['1.22.5', '1.21', '1.23rc1']) {
      const known = await shell(spec);
      assert.equal(known.code, 3, spec);
      assert.equal(known.stderr, `gvx: error: go ${spec} is not installed\nhint: gvx install ${spec}, or gvx shell --install ${spec}\n`);
    }
    assert.equal(mirror.requests.length, requests, 'the hints read the cache only');
  });

  it('no cached index, or one of another mirror: the plain install hint', async () => {
    const shell = (env: Record<string, string> = {}) => sandbox.runGvx(['shell', '1.99'], { env: { _GVX_SHELL_FUNCTION: '1', ...env } });
    const plain = 'gvx: error: go 1.99 is not installed\nhint: gvx install 1.99, or gvx shell --install 1.99\n';
    assert.equal((await shell()).stderr, plain);
    assert.equal((await sandbox.runGvx(['ls-remote'])).code, 0);
    assert.equal((await shell({ GVX_MIRROR: 'http://127.0.0.1:1' })).stderr, plain);
    assert.equal(mirror.count('index'), 1);
    rmSync(new HomeLayout(sandbox.home).releaseIndexCache);
    assert.equal((await shell()).stderr, plain);
    assert.equal(mirror.count('index'), 1, 'still no fetch');
  });

  it('gvx current for a pin nothing installed answers: the same rule for its hint', async () => {
    assert.equal((await sandbox.runGvx(['ls-remote'])).code, 0);
    const project = await mkdtemp(join(sandbox.root, 'project-'));
    const current = async (spec: string) => {
      await writeFile(join(project, '.go-version'), `${spec}\n`);
      return sandbox.runGvx(['current'], { cwd: project, env: { PWD: project } });
    };
    const unknown = await current('1.99');
    assert.equal(unknown.code, 3);
    assert.equal(
      unknown.stderr,
      `gvx: error: go 1.99 is selected by ${join(project, '.go-version')} but is not installed\n` +
        'hint: the cached release index lists no release matching 1.99: gvx ls-remote lists the releases (--refresh fetches the index again)\n',
    );
    const known = await current('1.22.5');
    assert.equal(known.code, 3);
    assert.match(known.stderr, /^hint: gvx install 1\.22\.5$/m);
    assert.equal(mirror.count('index'), 1);
  });
});
