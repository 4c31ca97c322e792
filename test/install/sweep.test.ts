// sweepLeftovers with real locks held by real processes: leftovers of killed installs and
// uninstalls go, entries of an install in progress stay, odd names and symlinks are safe; in
// downloads/, only old files with the names gvx gives go, and nothing through a symlinked one.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { link, lutimes, mkdir, mkdtemp, rename, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { downloadCachePath } from '../../lib/install/download-cache.js';
import { sweepLeftovers } from '../../lib/install/sweep.js';
import { atomicTempName } from '../../lib/store/atomic-write.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { acquireInstallLock } from '../../lib/store/lock.js';
import { makeFifo } from '../helpers/fifo.js';

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

  /** A download cache entry as gvx names it (created by the cache itself), with its mtime `ageMs` ago. */
  async function cacheEntry(file: string, ageMs: number, content = 'partial'): Promise<string> {
    const path = await downloadCachePath(layout, `https://mirror/${file}\nsha`, file);
    await writeFile(path, content);
    await age(path, ageMs);
    return path;
  }
  const age = (path: string, ms: number) => utimes(path, new Date(Date.now() - ms), new Date(Date.now() - ms));

  it('removes downloads untouched for longer than the maximum age', async () => {
    const old = await cacheEntry('go1.21.0.linux-amd64.tar.gz', 15 * DAY);
    const fresh = await cacheEntry('go1.22.0.linux-amd64.tar.gz', 0);
    const hoursOld = await cacheEntry('v0.0.1-go1.23.0.linux-amd64.zip', 2 * 60 * 60 * 1000);
    const oldTemp = atomicTempName(fresh); // left by a kill between creating an entry and renaming it
    await put(oldTemp, '');
    await age(oldTemp, 15 * DAY);
    const oldDir = join(layout.downloadsDir, 'subdir');
    await mkdir(oldDir);
    await age(oldDir, 30 * DAY);

    assert.deepEqual((await sweepLeftovers(layout, { onError })).removed.sort(), [old, oldTemp].sort());
    assert.ok(existsSync(fresh));
    assert.ok(existsSync(hoursOld));
    assert.ok(existsSync(oldDir), 'only files are swept');
    assert.deepEqual((await sweepLeftovers(layout, { downloadMaxAgeMs: 60 * 60 * 1000, onError })).removed, [hoursOld]);
    assert.ok(existsSync(fresh));
    assert.deepEqual(errors, []);
  });

  it('leaves old files whose names gvx does not write, and directories with gvx names', async () => {
    const ours = await cacheEntry('go1.21.0.linux-amd64.tar.gz', 30 * DAY);
    const foreign = ['holiday.jpg', 'x.part', `${basename(ours)}.bak`, `${'0'.repeat(16)}-notes.txt`, 'go1.21.0.linux-amd64.tar.gz'].map((n) => join(layout.downloadsDir, n));
    for (const path of foreign) {
      await put(path, 'the user file');
      await age(path, 30 * DAY);
    }
    const dirWithOurName = join(layout.downloadsDir, `${'0'.repeat(16)}-go1.20.tar.gz`);
    await put(join(dirWithOurName, 'inside'));
    await age(dirWithOurName, 30 * DAY);

    assert.deepEqual((await sweepLeftovers(layout, { onError })).removed, [ours]);
    for (const path of foreign) assert.equal(readFileSync(path, 'utf8'), 'the user file', path);
    assert.ok(existsSync(join(dirWithOurName, 'inside')));
    assert.deepEqual(errors, []);
  });

  it('sweeps nothing through a downloads/ that is a symlink to a directory, whatever the names there', async () => {
    // Made as a real cache first, so the old file has exactly the name gvx gives an entry.
    const gvxNamed = await cacheEntry('go1.21.0.linux-amd64.tar.gz', 30 * DAY, 'the user file');
    const userDownloads = join(root, 'Downloads');
    await rename(layout.downloadsDir, userDownloads);
    await symlink(userDownloads, layout.downloadsDir);
    const foreign = join(userDownloads, 'holiday.jpg');
    await put(foreign, 'the user file');
    await age(foreign, 30 * DAY);

    assert.deepEqual((await sweepLeftovers(layout, { onError })).removed, []);
    assert.equal(readFileSync(join(userDownloads, basename(gvxNamed)), 'utf8'), 'the user file');
    assert.equal(readFileSync(foreign, 'utf8'), 'the user file');
    assert.deepEqual(errors, []);
  });

  it('unlinks old gvx-named symlinks, FIFOs and hard links without touching what they point at', async () => {
    const outside = join(root, 'outside');
    await put(outside, 'the user file');
    await age(outside, 30 * DAY);
    const asSymlink = await cacheEntry('go1.19.0.linux-amd64.tar.gz', 0);
    const asFifo = await cacheEntry('go1.20.0.linux-amd64.tar.gz', 0);
    const asHardLink = await cacheEntry('go1.21.0.linux-amd64.tar.gz', 0);
    for (const path of [asSymlink, asFifo, asHardLink]) await rm(path);
    await symlink(outside, asSymlink);
    makeFifo(asFifo);
    await link(outside, asHardLink);
    for (const path of [asSymlink, asFifo]) await lutimes(path, new Date(Date.now() - 30 * DAY), new Date(Date.now() - 30 * DAY));

    assert.deepEqual((await sweepLeftovers(layout, { onError })).removed.sort(), [asSymlink, asFifo, asHardLink].sort());
    assert.deepEqual(readdirSync(layout.downloadsDir), []);
    assert.equal(readFileSync(outside, 'utf8'), 'the user file');
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
