// Whose GOROOT is it: gvx's shell hook's (GVX_ACTIVE_VERSION=<v>, GOROOT=<home>/versions/<v>),
// or the user's. The verifier and doctor never tell the user to remove the hook's own export.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { classifyExportedGoroot } from '../../lib/verify/hook-goroot.js';

describe('classifyExportedGoroot', () => {
  const home = '/home/u/.local/share/gvx';

  it('none when GOROOT is not exported (or empty)', () => {
    assert.deepEqual(classifyExportedGoroot({}, home), { owner: 'none' });
    assert.deepEqual(classifyExportedGoroot({ GOROOT: '', GVX_ACTIVE_VERSION: '1.22.12' }, home), { owner: 'none' });
  });

  it("hook when GOROOT is <home>/versions/<GVX_ACTIVE_VERSION>, as the hook spells it or normalised", () => {
    const hook = { owner: 'hook', goroot: `${home}/versions/1.22.12`, version: '1.22.12' };
    assert.deepEqual(classifyExportedGoroot({ GOROOT: `${home}/versions/1.22.12`, GVX_ACTIVE_VERSION: '1.22.12' }, home), hook);
    // GVX_HOME with a trailing slash: the hook writes "<home>//versions/<v>".
    assert.equal(classifyExportedGoroot({ GOROOT: `${home}//versions/1.22.12`, GVX_ACTIVE_VERSION: '1.22.12' }, `${home}/`).owner, 'hook');
    assert.equal(classifyExportedGoroot({ GOROOT: `${home}/versions/1.23rc1/`, GVX_ACTIVE_VERSION: '1.23rc1' }, home).owner, 'hook');
  });

  it('hook through a symlinked home', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gvx-hook-goroot-'));
    try {
      await mkdir(join(root, 'real', 'versions', '1.22.12'), { recursive: true });
      await symlink(join(root, 'real'), join(root, 'link'));
      const env = { GOROOT: join(root, 'link', 'versions', '1.22.12'), GVX_ACTIVE_VERSION: '1.22.12' };
      assert.equal(classifyExportedGoroot(env, join(root, 'real')).owner, 'hook');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('user for anything else', () => {
    const user = (env: Record<string, string>) => classifyExportedGoroot(env, home).owner;
    assert.equal(user({ GOROOT: `${home}/versions/1.22.12` }), 'user', 'no GVX_ACTIVE_VERSION');
    assert.equal(user({ GOROOT: `${home}/versions/1.22.12`, GVX_ACTIVE_VERSION: '1.21.13' }), 'user', 'another version');
    assert.equal(user({ GOROOT: '/usr/local/go', GVX_ACTIVE_VERSION: '1.22.12' }), 'user');
    assert.equal(user({ GOROOT: `${home}/versions/1.22.12`, GVX_ACTIVE_VERSION: '1.22' }), 'user', '1.22 is not 1.22.12');
    assert.equal(user({ GOROOT: '/usr/local/go', GVX_ACTIVE_VERSION: '../../../../../usr/local/go' }), 'user', 'not a version');
    assert.equal(user({ GOROOT: `${home}/versions/1.22.12`, GVX_ACTIVE_VERSION: '' }), 'user');
    assert.equal(user({ GOROOT: '/elsewhere/versions/1.22.12', GVX_ACTIVE_VERSION: '1.22.12' }), 'user', 'another home');
  });
});
