// GVX_HOME/default is read under the home lock (does an install become the default?): a
// FIFO or a device there must not block or be read without bound. defaultIsSet directly, and
// `gvx install` through the CLI, which must end by itself with an error naming the file.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultIsSet } from '../../lib/store/default-version.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { expectGvxError } from '../helpers/gvx-error.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';
import { makeFifo } from '../helpers/fifo.js';

/** Long enough for any install here; a FIFO read would outlive it. */
const NO_HANG_MS = 30_000;

describe('store/default-version: defaultIsSet on hostile files', function () {
  let root: string;
  let layout: HomeLayout;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gvx-default-'));
    layout = new HomeLayout(join(root, 'home'));
    mkdirSync(layout.home);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('is false with no file, an empty or blank one, or a dangling symlink; true with a version, also through a symlink', async () => {
    assert.equal(await defaultIsSet(layout), false);
    writeFileSync(layout.defaultFile, ' \n\t\n');
    assert.equal(await defaultIsSet(layout), false);
    writeFileSync(layout.defaultFile, '1.22\n');
    assert.equal(await defaultIsSet(layout), true);

    await rm(layout.defaultFile);
    symlinkSync(join(root, 'missing'), layout.defaultFile);
    assert.equal(await defaultIsSet(layout), false);
    await rm(layout.defaultFile);
    writeFileSync(join(root, 'dotfiles-default'), '1.21\n');
    symlinkSync(join(root, 'dotfiles-default'), layout.defaultFile);
    assert.equal(await defaultIsSet(layout), true);
  });

  it('counts a file larger than the version-file budget as set, reading only the budget', async () => {
    writeFileSync(layout.defaultFile, `${' '.repeat(8192)}1.22\n`);
    assert.equal(await defaultIsSet(layout), true);
  });

  it('a FIFO: an error naming the file and the fix, without blocking', async () => {
    makeFifo(layout.defaultFile);
    const error = await expectGvxError(defaultIsSet(layout), 'E_FS_OTHER', /is a FIFO, not a file holding a Go version/);
    assert.ok(error.message.includes(layout.defaultFile), error.message);
    assert.equal(error.hint, `remove ${layout.defaultFile}, then set the default again: gvx use --global 1.22`);
  });

  it('a symlink to /dev/zero, a directory, a symlink loop: errors naming what they are', async () => {
    symlinkSync('/dev/zero', layout.defaultFile);
    await expectGvxError(defaultIsSet(layout), 'E_FS_OTHER', /default is a device, not a file/);
    await rm(layout.defaultFile);
    mkdirSync(layout.defaultFile);
    await expectGvxError(defaultIsSet(layout), 'E_FS_OTHER', /default is a directory, not a file/);
    await rm(layout.defaultFile, { recursive: true });
    symlinkSync(layout.defaultFile, layout.defaultFile);
    await expectGvxError(defaultIsSet(layout), 'E_FS_OTHER', /default is a symlink loop, not a file/);
  });
});

describe('gvx install with a hostile GVX_HOME/default (CLI)', function () {
  let mirror: Mirror;
  let sandbox: Sandbox;
  const archive = fakeToolchain('1.22.5');

  beforeEach(async () => {
    mirror = await startMirrorWithIndex([{ version: '1.22.5', files: [{ filename: archive.filename, source: archive.buffer }] }]);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    mkdirSync(sandbox.home);
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  const defaultFile = () => join(sandbox.home, 'default');

  /** gvx install ends by itself with exit 7 naming the default; the home lock is released. */
  async function assertRefusedQuickly(what: RegExp): Promise<void> {
    const result = await sandbox.runGvx(['install', '1.22.5'], { timeoutMs: NO_HANG_MS });
    assert.equal(result.timedOut, false, `gvx install hung on the default file: ${result.stderr}`);
    assert.equal(result.code, 7, result.stderr);
    assert.ok(result.stderr.includes(`gvx: error: the global default ${defaultFile()} is `), result.stderr);
    assert.match(result.stderr, what);
    assert.match(result.stderr, /hint: remove .*default, then set the default again: gvx use --global 1\.22/);
    assert.equal(existsSync(join(sandbox.home, 'locks', 'home.lock-target.lock')), false, 'the home lock is released');
  }

  it('a FIFO as the default: exits by itself with the clear error; the fix works', async () => {
    makeFifo(defaultFile());
    await assertRefusedQuickly(/is a FIFO, not a file holding a Go version/);

    await rm(defaultFile());
    const fixed = await sandbox.runGvx(['install', '1.22.5'], { timeoutMs: NO_HANG_MS });
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.equal(readFileSync(defaultFile(), 'utf8'), '1.22.5\n', 'the first install became the default');
  });

  it('a symlink to /dev/zero as the default: exits by itself with the clear error', async () => {
    symlinkSync('/dev/zero', defaultFile());
    await assertRefusedQuickly(/is a device, not a file holding a Go version/);
  });
});
