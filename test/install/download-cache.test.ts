// The download cache against hostile state in GVX_HOME/downloads: a symlinked or non-directory
// downloads/ is refused, and an entry that is a symlink, FIFO, hard link or directory is
// replaced (or, a directory with content, refused), never read or written through.

import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { link, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { downloadCachePath, isDownloadCacheName } from '../../lib/install/download-cache.js';
import { atomicTempName } from '../../lib/store/atomic-write.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { expectGvxError } from '../helpers/gvx-error.js';
import { makeFifo } from '../helpers/fifo.js';

const ARCHIVE = 'go1.22.5.linux-amd64.tar.gz';
const PRECIOUS = 'the user file: must never change\n';

describe('install/download-cache: entries and hostile state', function () {
  let root: string;
  let layout: HomeLayout;
  let userFile: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gvx-cache-'));
    layout = new HomeLayout(join(root, 'home'));
    userFile = join(root, 'user-file');
    writeFileSync(userFile, PRECIOUS);
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /** The entry's path, found by asking once (an empty file is created), then removed again. */
  async function entryPath(): Promise<string> {
    const path = await downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE);
    await rm(path);
    return path;
  }

  const assertEmptyRegularFile = (path: string) => {
    const info = lstatSync(path);
    assert.ok(info.isFile(), `${path} must be a regular file`);
    assert.equal(info.size, 0);
    assert.equal(info.nlink, 1);
  };

  it('names entries "<16 hex>-<file>" and knows them, and their temp names, by name', async () => {
    const path = await downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE);
    const name = basename(path);
    assert.match(name, /^[0-9a-f]{16}-go1\.22\.5\.linux-amd64\.tar\.gz$/);
    assertEmptyRegularFile(path);
    assert.ok(isDownloadCacheName(name));
    assert.ok(isDownloadCacheName(basename(atomicTempName(path))), 'the temp name it is created under');
    assert.ok(isDownloadCacheName('0123456789abcdef-v0.0.1-go1.22.5.linux-amd64.zip'), 'a toolchain module zip');
    assert.ok(isDownloadCacheName(`0123456789abcdef-${'a'.repeat(96)}.zip`), 'a name cut to its last 100 characters');
    const foreign = ['holiday.jpg', 'x.part', `${name}.bak`, `${name}.part`, '0123456789abcdef-notes.txt', `0123456789abcdef-${'a'.repeat(97)}.zip`, '0123456789ABCDEF-go.tar.gz', `.${name}.tmp`, ARCHIVE];
    for (const other of foreign) {
      assert.equal(isDownloadCacheName(other), false, other);
    }
  });

  it('continues a partial download kept by an earlier run; fresh starts it over', async () => {
    const path = await entryPath();
    writeFileSync(path, 'first half');
    assert.equal(await downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE), path);
    assert.equal(readFileSync(path, 'utf8'), 'first half');
    await downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE, { fresh: true });
    assertEmptyRegularFile(path);
  });

  it('replaces an entry that is a symlink, leaving its target alone', async () => {
    const path = await entryPath();
    await symlink(userFile, path);
    await downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE);
    assertEmptyRegularFile(path);
    assert.equal(readFileSync(userFile, 'utf8'), PRECIOUS);
  });

  it('replaces an entry that is a FIFO, without blocking on it', async () => {
    const path = await entryPath();
    makeFifo(path);
    await downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE);
    assertEmptyRegularFile(path);
  });

  it('replaces an entry that is a hard link: the other name keeps its content', async () => {
    const path = await entryPath();
    await link(userFile, path);
    await downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE);
    assertEmptyRegularFile(path);
    assert.equal(readFileSync(userFile, 'utf8'), PRECIOUS);
    assert.equal(statSync(userFile).nlink, 1);
  });

  it('removes an empty directory at an entry name, refuses one with content and keeps it', async () => {
    const path = await entryPath();
    mkdirSync(path);
    await downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE);
    assertEmptyRegularFile(path);

    await rm(path);
    mkdirSync(path);
    writeFileSync(join(path, 'notes.txt'), PRECIOUS);
    const error = await expectGvxError(downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE), 'E_FS_OTHER', /is a directory where gvx keeps a download, and it is not empty/);
    assert.ok(error.message.includes(path), error.message);
    assert.match(error.hint ?? '', /rm -r /);
    assert.equal(readFileSync(join(path, 'notes.txt'), 'utf8'), PRECIOUS);
  });

  it('refuses a downloads/ that is a symlink to a directory, naming it and the fix, and writes nothing there', async () => {
    const userDownloads = join(root, 'Downloads');
    mkdirSync(userDownloads);
    writeFileSync(join(userDownloads, 'holiday.jpg'), PRECIOUS);
    mkdirSync(layout.home);
    await symlink(userDownloads, layout.downloadsDir);
    const error = await expectGvxError(downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE), 'E_FS_OTHER', /is a symlink \(to .*Downloads\), not a directory/);
    assert.ok(error.message.includes(layout.downloadsDir), error.message);
    assert.match(error.hint ?? '', /rm .*downloads removes only the link/);
    assert.deepEqual(readdirSync(userDownloads), ['holiday.jpg']);
    assert.ok(lstatSync(layout.downloadsDir).isSymbolicLink(), 'the link is left for the user to remove');
  });

  it('refuses a downloads/ that is a regular file, and keeps the file', async () => {
    mkdirSync(layout.home);
    writeFileSync(layout.downloadsDir, PRECIOUS);
    await expectGvxError(downloadCachePath(layout, 'https://mirror/x\nsha', ARCHIVE), 'E_FS_OTHER', /downloads is a regular file, not a directory/);
    assert.equal(readFileSync(layout.downloadsDir, 'utf8'), PRECIOUS);
  });
});
