// A GVX_HOME shared with other users: an installed GOROOT gets the mode any directory gets
// under the installing process's umask (0755 under 022), not the 0700 of the staging
// directory it was unpacked in; under umask 077 it stays private. The umask is set by the
// shell that execs gvx, so this process's own umask is never touched.

import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { GVX_BIN, type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';

const mode = (path: string) => statSync(path).mode & 0o777;

describe('installed GOROOT modes follow the umask', function () {
  let mirror: Mirror;
  let sandbox: Sandbox;
  const archive = fakeToolchain('1.22.5');

  beforeEach(async () => {
    mirror = await startMirrorWithIndex([{ version: '1.22.5', files: [{ filename: archive.filename, source: archive.buffer }] }]);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  const installWithUmask = (umask: string, args: string[]) =>
    sandbox.run('sh', ['-c', `umask ${umask} && exec "$@"`, 'sh', process.execPath, GVX_BIN, 'install', '--quiet', ...args]);

  it('umask 022: versions/<v> is 0755, bin/go is executable by others', async () => {
    const result = await installWithUmask('022', ['1.22.5']);
    assert.equal(result.code, 0, result.stderr);
    const root = join(sandbox.home, 'versions', '1.22.5');
    assert.equal(mode(root).toString(8), '755');
    assert.equal(mode(join(root, 'bin')).toString(8), '755');
    assert.equal(mode(join(root, 'bin', 'go')).toString(8), '755');
    assert.equal(mode(join(root, 'bin', 'go')) & 0o005, 0o005, 'others may read and run go');
    assert.equal(mode(join(root, 'VERSION')).toString(8), '644');
    assert.equal(mode(join(root, '.gvx-install.json')).toString(8), '644');
    assert.equal(mode(join(sandbox.home, 'versions')).toString(8), '755');
  });

  it('umask 077: versions/<v> is 0700', async () => {
    const result = await installWithUmask('077', ['1.22.5']);
    assert.equal(result.code, 0, result.stderr);
    const root = join(sandbox.home, 'versions', '1.22.5');
    assert.equal(mode(root).toString(8), '700');
    assert.equal(mode(join(root, 'bin')).toString(8), '700');
    assert.equal(mode(join(root, 'bin', 'go')).toString(8), '700');
  });

  it('umask 027 with --archive: versions/<v> is 0750', async () => {
    const file = join(sandbox.root, archive.filename);
    writeFileSync(file, archive.buffer);
    const result = await installWithUmask('027', ['--archive', file, '--sha256', archive.sha256]);
    assert.equal(result.code, 0, result.stderr);
    const root = join(sandbox.home, 'versions', '1.22.5');
    assert.equal(mode(root).toString(8), '750');
    assert.equal(mode(join(root, 'bin', 'go')).toString(8), '750');
  });
});
