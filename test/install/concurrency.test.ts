// Two promises of the install pipeline under stress: concurrent installs of one version
// download once, and a kill -9 at any moment leaves nothing that looks installed and
// nothing that blocks the next install. The moments come from a seeded generator: the seed is
// in the suite's title, and GVX_TEST_SEED=<seed> replays a run.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { fakeToolchain } from '../helpers/archives.js';
import { GVX_BIN, type Sandbox, makeSandbox } from '../helpers/env.js';
import { TEST_SEED, seededRandom, testSeedLabel } from '../helpers/seeded-random.js';

const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';

const random = seededRandom(TEST_SEED);

describe(`gvx install under concurrency and kill -9 (${testSeedLabel})`, function () {
  let mirror: Mirror;
  let sandbox: Sandbox;
  // Big enough (a few MB of incompressible data) that a throttled download lasts a while.
  const archive = fakeToolchain('1.22.5', { padBytes: 4 * 1024 * 1024 });

  beforeEach(async () => {
    mirror = await startMirror({});
    mirror.setIndex([{ version: 'go1.22.5', stable: true, files: [{ filename: archive.filename, os: 'linux', arch, version: 'go1.22.5', sha256: archive.sha256, size: archive.size, kind: 'archive' }] }]);
    mirror.addFile(archive.filename, archive.buffer);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  it('four concurrent installs of one version: one download, all exit 0', async () => {
    mirror.setMode(archive.filename, { kind: 'slow', bytesPerTick: 256 * 1024, tickMs: 20 });
    const results = await Promise.all([1, 2, 3, 4].map(() => sandbox.runGvx(['install', '1.22.5'])));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.equal(mirror.count(`/${archive.filename}`), 1, 'downloaded exactly once');
    const waiters = results.filter((r) => /waiting for another gvx/.test(r.stderr));
    assert.ok(waiters.length > 0, 'a waiting process says so');
    for (const r of waiters) {
      // It says it waits, then that the other one finished; it never claims to download.
      assert.match(r.stderr, /^gvx: waiting for another gvx that is installing go1\.22\.5…\ngvx: the other gvx installed go1\.22\.5\n/m, r.stderr);
      assert.doesNotMatch(r.stderr, /downloading/, r.stderr);
    }
    assert.equal(results.filter((r) => /^installed go1\.22\.5/m.test(r.stdout)).length, 1);
    assert.equal(results.filter((r) => /already installed/.test(r.stdout)).length, 3);
  });

  for (let round = 1; round <= 3; round++) {
    const delay = 150 + Math.floor(random() * 900);
    it(`kill -9 ${delay} ms into an install (round ${round}), then a new install succeeds without clean-up`, async function () {
      this.timeout(120000);
      mirror.setMode(archive.filename, { kind: 'slow', bytesPerTick: 128 * 1024, tickMs: 20 });
      const child = spawn(process.execPath, [GVX_BIN, 'install', '1.22.5'], { env: sandbox.env, cwd: sandbox.cwd, stdio: 'ignore' });
      // Listened for at once: a fast install may finish before the kill comes.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill('SIGKILL');
      await exited;
      const version = join(sandbox.home, 'versions', '1.22.5');
      // Either the kill came before the rename (nothing visible) or after it (complete).
      if (existsSync(version)) assert.ok(existsSync(join(version, '.gvx-install.json')), 'a visible version is complete');

      mirror.setMode(archive.filename, { kind: 'ok' });
      const again = await sandbox.runGvx(['install', '1.22.5']); // a lock never recovered: the test's timeout
      assert.equal(again.code, 0, again.stderr);
      assert.ok(existsSync(join(version, 'bin', 'go')));
      const staging = join(sandbox.home, 'staging');
      assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], [], 'leftovers of the killed install are gone');
    });
  }
});
