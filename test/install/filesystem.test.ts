// A read-only or full GVX_HOME: a clear error naming the path (exit 7), nothing installed.
// Root ignores permission bits, so as root these use real tmpfs mounts (read-only, tiny).

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { runSyncOk } from '../helpers/run-sync.js';

const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
const isRoot = process.getuid?.() === 0;

function mountTmpfs(options: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gvx-fs-'));
  runSyncOk('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
  return dir;
}

function unmount(dir: string): void {
  runSyncOk('umount', [dir]);
  rmSync(dir, { recursive: true, force: true });
}

describe('gvx install into a read-only or full GVX_HOME', function () {
  let mirror: Mirror;
  let sandbox: Sandbox;
  const archive = fakeToolchain('1.22.5', { padBytes: 2 * 1024 * 1024 });

  beforeEach(async function () {
    if (!isRoot && !process.env.CI) this.skip(); // tmpfs mounts need root; CI runs as root
    mirror = await startMirror({});
    mirror.setIndex([{ version: 'go1.22.5', stable: true, files: [{ filename: archive.filename, os: 'linux', arch, version: 'go1.22.5', sha256: archive.sha256, size: archive.size, kind: 'archive' }] }]);
    mirror.addFile(archive.filename, archive.buffer);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
  });
  afterEach(async () => {
    await mirror?.close();
    await sandbox?.cleanup();
  });

  it('read-only home: exit 7 and the path in the message', async () => {
    const home = mountTmpfs('ro,size=1m');
    try {
      const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_HOME: home } });
      assert.equal(result.code, 7, result.stderr);
      assert.match(result.stderr, new RegExp(`gvx: error: cannot .*${home}.*read-only`));
      assert.match(result.stderr, /hint: .*GVX_HOME/);
    } finally {
      unmount(home);
    }
  });

  it('full home: exit 7, "no space left", nothing installed and staging cleaned', async () => {
    const home = mountTmpfs('size=512k');
    try {
      const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_HOME: home } });
      assert.equal(result.code, 7, result.stderr);
      assert.match(result.stderr, new RegExp(`gvx: error: cannot .*${home}.*no space left on device`));
      assert.equal(existsSync(join(home, 'versions', '1.22.5')), false);
      const staging = join(home, 'staging');
      assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], []);
    } finally {
      unmount(home);
    }
  });
});
