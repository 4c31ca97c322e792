// `gvx upgrade`: installs the newest patch of a family through the install service (from a
// loopback mirror of synthetic releases), moves an exact global default, and never edits a
// version file.

import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';
import { makeFakeHome } from '../helpers/fake-home.js';

const RELEASES = ['1.22.12', '1.22.10', '1.21.13'];

describe('gvx upgrade', function () {
  this.timeout(60_000);
  let mirror: Mirror;
  let sandbox: Sandbox;
  const archives = new Map(RELEASES.map((v) => [v, fakeToolchain(v)]));

  beforeEach(async () => {
    mirror = await startMirrorWithIndex(RELEASES.map((version) => ({ version, files: [{ filename: archives.get(version)!.filename, source: archives.get(version)!.buffer }] })));
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    sandbox.env.GVX_HTTP_RETRIES = '0';
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  const upgrade = (args: string[], cwd = sandbox.cwd) => sandbox.runGvx(['upgrade', ...args], { cwd, env: { PWD: cwd } });
  const versionDir = (v: string) => join(sandbox.home, 'versions', v);
  const defaultFile = () => readFileSync(join(sandbox.home, 'default'), 'utf8');

  it('installs the newest patch, moves an exact default, reports the .go-version pin here and leaves its bytes alone', async () => {
    await makeFakeHome(sandbox.home, ['1.21.13', '1.22.10'], '1.22.10');
    const pin = join(sandbox.cwd, '.go-version');
    const pinBytes = Buffer.from('# this project\r\ngo1.22.10\r\n');
    writeFileSync(pin, pinBytes);

    const r = await upgrade(['1.22']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(
      r.stdout,
      [
        `upgraded 1.22: 1.22.10 -> 1.22.12 (${versionDir('1.22.12')})`,
        'global default: 1.22.10 -> 1.22.12',
        `${pin} pins 1.22.10; it stays (gvx use 1.22.12 to move it)`,
        '',
      ].join('\n'),
    );
    assert.match(r.stderr, /gvx: downloading go1\.22\.12 from /);
    assert.match(r.stderr, /gvx: the older patches stay installed; gvx prune removes them/);
    assert.equal(existsSync(join(versionDir('1.22.12'), 'bin', 'go')), true);
    assert.equal(existsSync(versionDir('1.22.10')), true, 'the old patch stays (prune removes it)');
    assert.equal(defaultFile(), '1.22.12\n');
    assert.deepEqual(readFileSync(pin), pinBytes);
    assert.equal(mirror.count(archives.get('1.21.13')!.filename), 0, 'only the named family');

    // Again: nothing to do, nothing downloaded; the pin is still reported.
    const again = await upgrade(['go1.22']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout, `1.22 is up to date (1.22.12)\n${pin} pins 1.22.10; it stays (gvx use 1.22.12 to move it)\n`);
    assert.equal(mirror.count(archives.get('1.22.12')!.filename), 1);
  });

  it('--all: a default naming the family follows by itself, its file untouched; up-to-date families say so', async () => {
    await makeFakeHome(sandbox.home, ['1.21.13', '1.22.10'], '1.22');
    const r = await upgrade(['--all', '--quiet']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `upgraded 1.22: 1.22.10 -> 1.22.12 (${versionDir('1.22.12')})\n1.21 is up to date (1.21.13)\n`);
    assert.equal(r.stderr, '');
    assert.equal(defaultFile(), '1.22\n');
    const current = await sandbox.runGvx(['current', '--json']);
    assert.equal(JSON.parse(current.stdout).version, '1.22.12');
  });

  it('no FAMILY: the families in use (the default and what this directory selects), and no others', async () => {
    await makeFakeHome(sandbox.home, ['1.21.13', '1.22.10'], '1.21.13');
    const project = join(sandbox.cwd, 'project');
    await sandbox.run('mkdir', [project]);
    writeFileSync(join(project, '.go-version'), '1.22\n');
    const result = await upgrade([], project);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`gvx: upgrading the families in use: 1\\.21 \\(1\\.21\\.13, global default\\), 1\\.22 \\(1\\.22\\.10, ${project}/\\.go-version\\)`));
    assert.match(result.stdout, /upgraded 1\.22: 1\.22\.10 -> 1\.22\.12/);
    assert.match(result.stdout, /1\.21 is up to date \(1\.21\.13\)/);

    const elsewhere = await upgrade([]);
    assert.equal(elsewhere.code, 0, elsewhere.stderr);
    assert.match(elsewhere.stderr, /in use: 1\.21 \(1\.21\.13, global default\)\n/);
    assert.doesNotMatch(elsewhere.stdout, /1\.22/, 'a family used by no selection here is left to --all');
  });

  it('a family that is not installed: exit 3 with the install to run; no FAMILY or a patch: usage errors', async () => {
    await makeFakeHome(sandbox.home, ['1.21.13'], '1.21.13');
    const missing = await upgrade(['1.21', '1.22']);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /gvx: error: no go1\.22\.x is installed, so there is nothing to upgrade\nhint: gvx install 1\.22\n/);
    assert.equal(mirror.requests.length, 0, 'checked before anything is fetched');

    await sandbox.run('rm', [join(sandbox.home, 'default')]);
    const none = await upgrade([]);
    assert.equal(none.code, 2, none.stderr);
    assert.match(none.stderr, /upgrade: no installed Go is in use here \(no global default, nothing selected\): name a family \(1\.22\) or give --all/);
    const patch = await upgrade(['1.21.5']);
    assert.equal(patch.code, 2);
    assert.match(patch.stderr, /"1\.21\.5" is not a family such as 1\.22/);
    const both = await upgrade(['--all', '1.21']);
    assert.equal(both.code, 2);
  });
});
