// gvx install end to end against a local mirror with synthetic archives: the happy path and
// every way an install can fail. Each failure must end with a clear message, the right exit
// code and nothing that looks installed.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { acquireInstallLock } from '../../lib/store/lock.js';

const PLATFORM = { os: 'linux', arch: process.arch === 'arm64' ? 'arm64' : 'amd64' };

function release(version: string, archive: { filename: string; sha256: string; size: number }, stable = true) {
  return { version: `go${version}`, stable, files: [{ filename: archive.filename, os: PLATFORM.os, arch: PLATFORM.arch, version: `go${version}`, sha256: archive.sha256, size: archive.size, kind: 'archive' }] };
}

/** Nothing under versions/, and no staging directory left behind. */
function assertNothingInstalled(sandbox: Sandbox, version: string): void {
  assert.equal(existsSync(join(sandbox.home, 'versions', version)), false, `versions/${version} must not exist`);
  const staging = join(sandbox.home, 'staging');
  const left = existsSync(staging) ? readdirSync(staging) : [];
  assert.deepEqual(left, [], 'staging must be empty');
}

describe('gvx install (synthetic archives, local mirror)', function () {
  let mirror: Mirror;
  let sandbox: Sandbox;
  const v1225 = fakeToolchain('1.22.5');
  const v12212 = fakeToolchain('1.22.12');
  const v1219 = fakeToolchain('1.21.9');
  const rc = fakeToolchain('1.23rc1');

  beforeEach(async () => {
    mirror = await startMirror({});
    mirror.setIndex([release('1.23rc1', rc, false), release('1.22.12', v12212), release('1.22.5', v1225), release('1.21.9', v1219)]);
    for (const a of [v1225, v12212, v1219, rc]) mirror.addFile(a.filename, a.buffer);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    sandbox.env.GVX_HTTP_RETRY_DELAY_MS = '20';
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  it('installs the newest stable 1.22.x, records it, makes it the default and is a no-op the second time', async () => {
    const first = await sandbox.runGvx(['install', '1.22']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /installed go1\.22\.12 in .*versions\/1\.22\.12/);
    assert.match(first.stdout, /now the global default/);
    const root = join(sandbox.home, 'versions', '1.22.12');
    assert.equal(readFileSync(join(root, 'VERSION'), 'utf8').split('\n')[0], 'go1.22.12');
    const record = JSON.parse(readFileSync(join(root, '.gvx-install.json'), 'utf8'));
    assert.equal(record.sha256, v12212.sha256);
    assert.equal(record.source, `${mirror.url}/${v12212.filename}`);
    assert.equal(readFileSync(join(sandbox.home, 'default'), 'utf8'), '1.22.12\n');
    assert.equal(readFileSync(join(sandbox.home, 'aliases', '1.22'), 'utf8'), '1.22.12\n');
    assert.equal(mirror.count(`/${v12212.filename}`), 1);

    const again = await sandbox.runGvx(['install', 'go1.22.12']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already installed/);
    assert.equal(mirror.count(`/${v12212.filename}`), 1, 'no second download');

    const forced = await sandbox.runGvx(['install', '1.22.12', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(mirror.count(`/${v12212.filename}`), 2, '--force downloads again');
    assertNothingInstalled(sandbox, '1.22.99');
  });

  it('lists installed versions as JSON with the active and default marks', async () => {
    assert.equal((await sandbox.runGvx(['install', '1.21.9', '1.22.5'])).code, 0);
    const ls = await sandbox.runGvx(['ls', '--json']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.deepEqual(JSON.parse(ls.stdout), [
      { version: '1.22.5', goroot: join(sandbox.home, 'versions', '1.22.5'), active: false, default: false },
      { version: '1.21.9', goroot: join(sandbox.home, 'versions', '1.21.9'), active: true, default: true },
    ]);
  });

  it('ls-remote lists stable releases, --all adds pre-releases, a prefix filters', async () => {
    const stable = await sandbox.runGvx(['ls-remote', '--json']);
    assert.deepEqual(JSON.parse(stable.stdout).map((r: { version: string }) => r.version), ['1.22.12', '1.22.5', '1.21.9']);
    const all = await sandbox.runGvx(['ls-remote', '--all']);
    assert.match(all.stdout, /^1\.23rc1 \(unstable\)$/m);
    const prefixed = await sandbox.runGvx(['ls-remote', '1.21']);
    assert.equal(prefixed.stdout.trim(), '1.21.9');
  });

  it('installs an exact pre-release, which a prefix never picks', async () => {
    const result = await sandbox.runGvx(['install', '1.23rc1']);
    assert.equal(result.code, 0, result.stderr);
    const latest = await sandbox.runGvx(['install', '1.23']);
    assert.equal(latest.code, 3);
    assert.match(latest.stderr, /gvx: error: no Go release matches "1\.23"/);
    assert.match(latest.stderr, /hint: gvx ls-remote --all/);
  });

  it('refuses garbage specs with exit 2 and touches nothing', async () => {
    for (const spec of ['1.22;id', '../1.22', '$(touch x)', '1.22/']) {
      const result = await sandbox.runGvx(['install', spec]);
      assert.equal(result.code, 2, spec);
      assert.match(result.stderr, /^gvx: error: invalid Go version spec/m);
    }
    assert.equal(mirror.requests.length, 0);
  });

  it('wrong sha256 in the index: exit 5, expected and actual shown, nothing installed', async () => {
    mirror.setIndex([release('1.22.5', { ...v1225, sha256: 'ab'.repeat(32) })]);
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, new RegExp(`expected sha256 ${'ab'.repeat(32)}, got ${v1225.sha256}`));
    assertNothingInstalled(sandbox, '1.22.5');
    assert.deepEqual(readdirSync(join(sandbox.home, 'downloads')), [], 'a download that failed its checksum is not kept');
  });

  it('truncated body once: retried and installed; always: exit 4, nothing installed', async () => {
    mirror.setMode(v1225.filename, { kind: 'truncate', bytes: 100, times: 1 });
    const retried = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(retried.code, 0, retried.stderr);
    assert.match(retried.stderr, /retrying/);
    assert.equal(mirror.count(`/${v1219.filename}`), 0);

    mirror.setMode(v1219.filename, { kind: 'truncate', bytes: 100 });
    const failed = await sandbox.runGvx(['install', '1.21.9']);
    assert.equal(failed.code, 4, failed.stderr);
    assert.match(failed.stderr, /cut off/);
    assertNothingInstalled(sandbox, '1.21.9');
    // What did arrive is kept for the next install to continue.
    const kept = readdirSync(join(sandbox.home, 'downloads'));
    assert.equal(kept.length, 1);
    assert.ok(kept[0]!.endsWith(v1219.filename), kept[0]);
    // Each of the 4 attempts (3 retries) continued the one before, and was cut after 100 bytes.
    assert.equal(statSync(join(sandbox.home, 'downloads', kept[0]!)).size, 400);
  });

  it('an install sweeps what killed installs and uninstalls of other versions left, and leaves locked ones', async () => {
    const trash = join(sandbox.home, 'trash', '1.21.13-Ab12Cd', 'go', 'bin');
    const staging = join(sandbox.home, 'staging', '1.22.0-Xy34Zw', 'src');
    const busy = join(sandbox.home, 'staging', '1.20.1-Qr56St');
    for (const dir of [trash, staging, busy]) mkdirSync(dir, { recursive: true });
    writeFileSync(join(trash, 'go'), 'a Go that was being uninstalled');
    // 1.20.1's lock is held by a live install elsewhere: its staging stays.
    const held = await acquireInstallLock(new HomeLayout(sandbox.home), '1.20.1');
    try {
      const result = await sandbox.runGvx(['install', '1.22.5']);
      assert.equal(result.code, 0, result.stderr);
    } finally {
      await held.release();
    }
    assert.deepEqual(readdirSync(join(sandbox.home, 'trash')), []);
    assert.deepEqual(readdirSync(join(sandbox.home, 'staging')), ['1.20.1-Qr56St']);
    // And an uninstall sweeps too, once the lock is free.
    const removed = await sandbox.runGvx(['uninstall', '1.22.5', '--force']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.deepEqual(readdirSync(join(sandbox.home, 'staging')), []);
  });

  it('5xx: retried with backoff, bounded (exit 4)', async () => {
    mirror.setMode(v1225.filename, { kind: 'status', status: 503, times: 2 });
    const ok = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(mirror.count(`/${v1225.filename}`), 3);

    mirror.setMode(v1219.filename, { kind: 'status', status: 500 });
    const failed = await sandbox.runGvx(['install', '1.21.9'], { env: { GVX_HTTP_RETRIES: '2' } });
    assert.equal(failed.code, 4, failed.stderr);
    assert.match(failed.stderr, /HTTP 500/);
    assert.equal(mirror.count(`/${v1219.filename}`), 3, 'one try and two retries');
    assertNothingInstalled(sandbox, '1.21.9');
  });

  it('a stalled download times out and fails with exit 4', async () => {
    const big = fakeToolchain('1.22.5', { padBytes: 256 * 1024 });
    mirror.setIndex([release('1.22.5', big)]);
    mirror.addFile(big.filename, big.buffer);
    mirror.setMode(big.filename, { kind: 'stall', afterBytes: 64 * 1024 });
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_HTTP_TIMEOUT: '1', GVX_HTTP_RETRIES: '1' } });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /timed out/);
    assertNothingInstalled(sandbox, '1.22.5');
  });

  it('a malformed index is a clear error (exit 4), not a crash', async () => {
    for (const body of ['not json at all', '{"versions": []}', '[{"version": 12}]', '[{"version":"go1.22.5","files":[{"filename":"../../etc/passwd","kind":"archive"}]}]']) {
      mirror.setIndex(body);
      const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_INDEX_MAX_AGE: '0' } });
      assert.equal(result.code, 4, `${body}: ${result.stderr}`);
      assert.match(result.stderr, /release index .* (malformed|not JSON)/);
      assert.doesNotMatch(result.stderr, /internal error/);
    }
  });

  it('uses the cached index with a warning when the mirror is down', async () => {
    assert.equal((await sandbox.runGvx(['ls-remote'])).code, 0);
    mirror.setMode('index', { kind: 'status', status: 503 });
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_INDEX_MAX_AGE: '0', GVX_HTTP_RETRIES: '0' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /using the cached copy/);
  });

  for (const hostile of ['outside', 'absolute', 'dotdot', 'symlink-out', 'hardlink-out', 'write-through-symlink'] as const) {
    it(`refuses a hostile archive (${hostile}): exit 5, nothing written outside staging`, async () => {
      const evil = fakeToolchain('1.22.7', { hostile });
      mirror.setIndex([release('1.22.7', evil)]);
      mirror.addFile(evil.filename, evil.buffer);
      const result = await sandbox.runGvx(['install', '1.22.7']);
      assert.equal(result.code, 5, result.stderr);
      assert.match(result.stderr, /refusing go1\.22\.7/);
      for (const canary of evil.canaryPaths) assert.equal(existsSync(canary), false, `${canary} must not exist`);
      assertNothingInstalled(sandbox, '1.22.7');
    });
  }

  for (const broken of ['missing-go-binary', 'wrong-version-file'] as const) {
    it(`refuses an archive that is not the promised Go (${broken}): exit 5`, async () => {
      const bad = fakeToolchain('1.22.8', { hostile: broken });
      mirror.setIndex([release('1.22.8', bad)]);
      mirror.addFile(bad.filename, bad.buffer);
      const result = await sandbox.runGvx(['install', '1.22.8']);
      assert.equal(result.code, 5, result.stderr);
      assertNothingInstalled(sandbox, '1.22.8');
    });
  }

  it('uninstall removes a version, refuses the one in use without --force, and keeps aliases in step', async () => {
    assert.equal((await sandbox.runGvx(['install', '1.22.5', '1.22.12'])).code, 0);
    // 1.22.5 became the default (first installed), so it is in use here.
    const refused = await sandbox.runGvx(['uninstall', '1.22.5']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /in use here .*--force/s);
    const removed = await sandbox.runGvx(['uninstall', '1.22.12']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(readFileSync(join(sandbox.home, 'aliases', '1.22'), 'utf8'), '1.22.5\n');
    const forced = await sandbox.runGvx(['uninstall', '1.22.5', '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /default .* no longer installed/);
    assert.deepEqual(readdirSync(join(sandbox.home, 'aliases')), []);
    const missing = await sandbox.runGvx(['uninstall', '1.22.5']);
    assert.equal(missing.code, 3);
  });
});
