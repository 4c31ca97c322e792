// sweepLeftovers with real locks held by real processes: leftovers of killed installs and
// uninstalls go, entries of an install in progress stay, odd names and symlinks are safe.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepLeftovers } from '../../lib/install/sweep.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { acquireInstallLock } from '../../lib/store/lock.js';

const LOCK_JS = new URL('../../lib/store/lock.js', import.meta.url).href;
const LAYOUT_JS = new URL('../../lib/store/layout.js', import.meta.url).href;
const DAY = 24 * 60 * 60 * 1000;

async function put(path: string, content = 'x'): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, content);
}

/** A node child holding the install lock of `version` until killed; resolves once it holds it. */
async function lockHolder(home: string, version: string): Promise<{ child: ChildProcess; exited: Promise<unknown> }> {
  const script = `
    import { acquireInstallLock } from ${JSON.stringify(LOCK_JS)};
    import { HomeLayout } from ${JSON.stringify(LAYOUT_JS)};
    await acquireInstallLock(new HomeLayout(${JSON.stringify(home)}), ${JSON.stringify(version)});
    console.log('locked');
    setInterval(() => {}, 1 << 30);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('locked')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited (${code}) before locking`)));
  });
  return { child, exited };
}

describe('sweepLeftovers', function () {
  let root: string;
  let layout: HomeLayout;
  let errors: Array<[string, unknown]>;
  const onError = (path: string, error: unknown) => errors.push([path, error]);

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gvx-sweep-'));
    layout = new HomeLayout(join(root, 'home'));
    errors = [];
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('does nothing (and creates nothing) in an empty home', async () => {
    assert.deepEqual(await sweepLeftovers(layout, { onError }), { removed: [] });
    assert.deepEqual(errors, []);
    assert.equal(existsSync(layout.home), false);
  });

  it('removes stale staging and trash entries; leaves odd names, files and symlinks', async () => {
    const trash = join(layout.trashDir, '1.21.13-Ab12Cd');
    const staging = join(layout.stagingDir, '1.22.0-Xy34Zw');
    await put(join(trash, 'go', 'bin', 'go'));
    await put(join(staging, 'go', 'VERSION'));
    // Outside the home: must survive links to it, inside a removed tree and as an entry.
    const outside = join(root, 'outside');
    await put(join(outside, 'precious'));
    await symlink(outside, join(trash, 'go', 'link'));
    await symlink(outside, join(layout.trashDir, '1.20.1-Sy3mLk'));
    const kept = ['notaversion', '1.22.0-short', '1.22.0-toolong7', 'go-Ab12Cd', '1.22.0-Ab12C-'].map((n) => join(layout.stagingDir, n));
    for (const dir of kept) await mkdir(dir);
    await put(join(layout.stagingDir, '1.22.1-Fi1eAb')); // a file with a leftover's name

    const { removed } = await sweepLeftovers(layout, { onError });
    assert.deepEqual(errors, []);
    assert.deepEqual(removed.sort(), [staging, trash].sort());
    assert.equal(existsSync(trash), false);
    assert.equal(existsSync(staging), false);
    assert.ok(existsSync(join(outside, 'precious')), 'symlink targets survive');
    assert.ok(existsSync(join(layout.trashDir, '1.20.1-Sy3mLk')), 'a symlink entry is left alone');
    for (const dir of kept) assert.ok(existsSync(dir), dir);
    assert.ok(existsSync(join(layout.stagingDir, '1.22.1-Fi1eAb')));
    // The locks taken for the sweep are released.
    assert.equal(existsSync(`${layout.lockTarget('1.21.13')}.lock`), false);
    assert.equal(existsSync(`${layout.lockTarget('1.22.0')}.lock`), false);
  });

  it('keeps the entries of a version locked by another process, removes them once its lock is stale', async () => {
    const busy = join(layout.trashDir, '1.23.4-Lk56Mn');
    const stale = join(layout.stagingDir, '1.22.0-Xy34Zw');
    await put(join(busy, 'go', 'bin', 'go'));
    await put(join(stale, 'go', 'VERSION'));
    const { child, exited } = await lockHolder(layout.home, '1.23.4');
    try {
      const first = await sweepLeftovers(layout, { onError });
      assert.deepEqual(first.removed, [stale], 'other versions are still swept');
      assert.ok(existsSync(join(busy, 'go', 'bin', 'go')), 'the locked version is left alone');
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    // Killed with -9, the holder no longer refreshes the lock: make it look 10 s old rather
    // than wait out proper-lockfile's 5 s.
    const lockDir = `${layout.lockTarget('1.23.4')}.lock`;
    assert.ok(existsSync(lockDir), 'kill -9 leaves the lock behind');
    const past = new Date(Date.now() - 10_000);
    await utimes(lockDir, past, past);

    const second = await sweepLeftovers(layout, { onError });
    assert.deepEqual(second.removed, [busy]);
    assert.equal(existsSync(busy), false);
    assert.equal(existsSync(lockDir), false, 'the stale lock was taken over and released');
    assert.deepEqual(errors, []);
  });

  it("leaves the caller's own locked version alone, with or without except", async () => {
    const own = join(layout.stagingDir, '1.24.0-Ab12Cd');
    await put(join(own, 'go', 'VERSION'));
    const lock = await acquireInstallLock(layout, '1.24.0');
    try {
      assert.deepEqual((await sweepLeftovers(layout, { except: '1.24.0', onError })).removed, []);
      assert.deepEqual((await sweepLeftovers(layout, { onError })).removed, [], 'a lock held in this process is not free');
      assert.ok(existsSync(own));
    } finally {
      await lock.release();
    }
    assert.deepEqual((await sweepLeftovers(layout, { except: '1.24.0', onError })).removed, [], 'except skips even a free version');
    assert.deepEqual((await sweepLeftovers(layout, { onError })).removed, [own]);
    assert.deepEqual(errors, []);
  });

  it('removes downloads untouched for longer than the maximum age', async () => {
    const old = join(layout.downloadsDir, 'x.part');
    const fresh = join(layout.downloadsDir, 'y.part');
    const hoursOld = join(layout.downloadsDir, 'z.part');
    const oldDir = join(layout.downloadsDir, 'subdir');
    await put(old);
    await put(fresh);
    await put(hoursOld);
    await mkdir(oldDir);
    const at = (ms: number) => new Date(Date.now() - ms);
    await utimes(old, at(15 * DAY), at(15 * DAY));
    await utimes(hoursOld, at(2 * 60 * 60 * 1000), at(2 * 60 * 60 * 1000));
    await utimes(oldDir, at(30 * DAY), at(30 * DAY));

    assert.deepEqual((await sweepLeftovers(layout, { onError })).removed, [old]);
    assert.ok(existsSync(fresh));
    assert.ok(existsSync(hoursOld));
    assert.ok(existsSync(oldDir), 'only files are swept');
    assert.deepEqual((await sweepLeftovers(layout, { downloadMaxAgeMs: 60 * 60 * 1000, onError })).removed, [hoursOld]);
    assert.ok(existsSync(fresh));
    assert.deepEqual(errors, []);
  });

  it('reports a failure through onError instead of throwing, and keeps the entry', async () => {
    const entry = join(layout.trashDir, '1.21.13-Ab12Cd');
    await put(join(entry, 'go', 'bin', 'go'));
    await put(layout.locksDir); // a file where the locks directory should be: no lock can be taken
    assert.deepEqual((await sweepLeftovers(layout, { onError })).removed, []);
    assert.ok(existsSync(entry));
    assert.equal(errors.length, 1);
    assert.equal(errors[0]![0], layout.lockTarget('1.21.13'));
    assert.deepEqual(await sweepLeftovers(layout), { removed: [] }, 'silent without onError');
  });
});
