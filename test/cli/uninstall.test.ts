// `gvx uninstall` with a partial spec: one installed match is removed (and named), several
// are refused with the list unless --all, none is exit 3; every argument is checked before
// anything is removed, and the version in use is still refused without --force.

import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';

describe('gvx uninstall with partial specs', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await makeSandbox();
    // The default (in use in the sandbox's cwd) is a pre-release, which no prefix spec matches.
    await makeFakeHome(sandbox.home, ['1.20', '1.20.5', '1.21.12', '1.21.13', '1.22.12', '1.23rc1'], '1.23rc1');
  });
  afterEach(() => sandbox?.cleanup());

  const installed = () => readdirSync(join(sandbox.home, 'versions')).sort();

  it('a spec that matches one installed version removes it and says which', async () => {
    const result = await sandbox.runGvx(['uninstall', '1.22']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'uninstalled go1.22.12\n');
    assert.equal(existsSync(join(sandbox.home, 'versions', '1.22.12')), false);
    assert.equal(existsSync(join(sandbox.home, 'aliases', '1.22')), false, 'aliases follow');
  });

  it('several matches: refused with the list (exit 2), nothing removed; --all removes them all', async () => {
    const before = installed();
    const refused = await sandbox.runGvx(['uninstall', '1.21']);
    assert.equal(refused.code, 2);
    assert.equal(refused.stdout, '');
    assert.equal(
      refused.stderr,
      'gvx: error: uninstall: 1.21 matches 2 installed versions: 1.21.13, 1.21.12\n' +
        'hint: name one (gvx uninstall 1.21.13), or remove them all with gvx uninstall 1.21 --all\n',
    );
    assert.deepEqual(installed(), before);

    const all = await sandbox.runGvx(['uninstall', '1.21', '--all']);
    assert.equal(all.code, 0, all.stderr);
    assert.equal(all.stdout, 'uninstalled go1.21.13\nuninstalled go1.21.12\n');
    assert.deepEqual(installed(), ['1.20', '1.20.5', '1.22.12', '1.23rc1']);

    const gone = await sandbox.runGvx(['uninstall', '1.21']);
    assert.equal(gone.code, 3);
    assert.equal(gone.stderr, 'gvx: error: no installed Go matches 1.21\nhint: gvx ls lists the installed versions\n');
  });

  it('a version installed under exactly that name is the one (go1.20 is also the 1.20 family)', async () => {
    const result = await sandbox.runGvx(['uninstall', 'go1.20']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'uninstalled go1.20\n');
    assert.deepEqual(installed(), ['1.20.5', '1.21.12', '1.21.13', '1.22.12', '1.23rc1']);
    const exact = await sandbox.runGvx(['uninstall', '1.21.9']);
    assert.equal(exact.code, 3);
    assert.match(exact.stderr, /^gvx: error: go1\.21\.9 is not installed$/m);
  });

  it('one argument that matches nothing (exit 3) leaves the others installed', async () => {
    const result = await sandbox.runGvx(['uninstall', '1.22', '1.99']);
    assert.equal(result.code, 3);
    assert.equal(result.stdout, '');
    assert.match(result.stderr, /^gvx: error: no installed Go matches 1\.99$/m);
    assert.ok(installed().includes('1.22.12'));
  });

  it('--all still refuses the version in use unless --force', async () => {
    const env = { GVX_GO_VERSION: '1.20.5' };
    const refused = await sandbox.runGvx(['uninstall', '1', '--all'], { env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^gvx: error: go1\.20\.5 is in use here \(selected by GVX_GO_VERSION\)$/m);
    assert.equal(installed().length, 6, 'nothing removed');
    const forced = await sandbox.runGvx(['uninstall', '1', '--all', '--force'], { env });
    assert.equal(forced.code, 0, forced.stderr);
    assert.deepEqual(installed(), ['1.23rc1'], 'prefix specs match stable releases only');
  });
});
