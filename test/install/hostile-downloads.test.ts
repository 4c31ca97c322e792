// gvx install against hostile state in GVX_HOME/downloads, through the real CLI and a local
// mirror: a downloads/ symlinked to the user's own Downloads, old files gvx did not write, and
// a cache entry that is a symlink, FIFO, hard link or directory. The user's files survive,
// nothing is written through a link, and no install hangs (each run has a timeout it must not
// reach).

import assert from 'node:assert/strict';
import { existsSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { type RunResult, type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';
import { makeFifo } from '../helpers/fifo.js';

const USER_TEXT = 'the user file: must survive\n';
const MONTH_MS = 30 * 24 * 60 * 60 * 1000;
/** Long enough for any install here; a hang (a FIFO read) would outlive it. */
const NO_HANG_MS = 30_000;

describe('gvx install with hostile state in GVX_HOME/downloads (CLI)', function () {
  let mirror: Mirror;
  let sandbox: Sandbox;
  const archive = fakeToolchain('1.22.5');
  const other = fakeToolchain('1.21.9');

  beforeEach(async () => {
    mirror = await startMirrorWithIndex([
      { version: '1.22.5', files: [{ filename: archive.filename, source: archive.buffer }] },
      { version: '1.21.9', files: [{ filename: other.filename, source: other.buffer }] },
    ]);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    sandbox.env.GVX_HTTP_RETRY_DELAY_MS = '20';
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  const downloads = () => join(sandbox.home, 'downloads');

  async function install(version: string): Promise<RunResult> {
    const result = await sandbox.runGvx(['install', version], { timeoutMs: NO_HANG_MS });
    assert.equal(result.timedOut, false, `gvx install ${version} hung: ${result.stderr}`);
    return result;
  }

  /**
   * The name gvx gives the cached download of `filename`: a real install cut off by the mirror
   * (no retries) leaves it in downloads/; it is then removed so a test can put something there.
   */
  async function entryNameOf(version: string, filename: string): Promise<string> {
    mirror.setMode(filename, { kind: 'truncate', bytes: 10 });
    const cut = await sandbox.runGvx(['install', version], { env: { GVX_HTTP_RETRIES: '0' }, timeoutMs: NO_HANG_MS });
    assert.equal(cut.code, 4, cut.stderr);
    mirror.setMode(filename, { kind: 'ok' });
    const names = readdirSync(downloads()).filter((n) => n.endsWith(filename));
    assert.equal(names.length, 1, `one cached download of ${filename}: ${names.join(', ')}`);
    rmSync(join(downloads(), names[0]!));
    return names[0]!;
  }

  function putOld(path: string, content = USER_TEXT): void {
    writeFileSync(path, content);
    const past = new Date(Date.now() - MONTH_MS);
    utimesSync(path, past, past);
  }

  function assertInstalled(result: RunResult, version: string): void {
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(join(sandbox.home, 'versions', version, 'bin', 'go')), `${version} installed`);
  }

  it('refuses a downloads/ symlinked to the user Downloads: exit 7, the path and the fix; old files there, gvx-named or not, survive', async () => {
    // A month-old file with exactly the name gvx gives 1.21.9's download, and one of the user's own.
    const gvxNamed = await entryNameOf('1.21.9', other.filename);
    const userDownloads = join(sandbox.root, 'Downloads');
    renameSync(downloads(), userDownloads);
    symlinkSync(userDownloads, downloads());
    putOld(join(userDownloads, gvxNamed));
    putOld(join(userDownloads, 'holiday.jpg'));

    const result = await install('1.22.5');
    assert.equal(result.code, 7, result.stderr);
    assert.match(result.stderr, /^gvx: error: the download cache .*\/downloads is a symlink \(to .*\/Downloads\), not a directory/m);
    assert.match(result.stderr, /hint: move .*\/downloads away \(for a symlink, rm .*\/downloads removes only the link\)/);
    assert.equal(existsSync(join(sandbox.home, 'versions', '1.22.5')), false);
    assert.deepEqual(readdirSync(userDownloads).sort(), [gvxNamed, 'holiday.jpg'].sort(), 'nothing added or removed');
    for (const name of [gvxNamed, 'holiday.jpg']) assert.equal(readFileSync(join(userDownloads, name), 'utf8'), USER_TEXT, name);

    // The fix the hint names: the next install works and leaves the user's directory alone.
    rmSync(downloads());
    assertInstalled(await install('1.22.5'), '1.22.5');
    assert.deepEqual(readdirSync(userDownloads).sort(), [gvxNamed, 'holiday.jpg'].sort());
  });

  it("sweeps an old download of gvx's own, but not an old file with another name in a real downloads/", async () => {
    const gvxNamed = await entryNameOf('1.21.9', other.filename);
    putOld(join(downloads(), gvxNamed), 'an abandoned partial download');
    putOld(join(downloads(), 'holiday.jpg'));
    putOld(join(downloads(), `${gvxNamed}.bak`));

    assertInstalled(await install('1.22.5'), '1.22.5');
    assert.deepEqual(readdirSync(downloads()).sort(), ['holiday.jpg', `${gvxNamed}.bak`].sort());
    assert.equal(readFileSync(join(downloads(), 'holiday.jpg'), 'utf8'), USER_TEXT);
  });

  it('a cache entry that is a symlink to a user file: replaced, never written through', async () => {
    const entry = join(downloads(), await entryNameOf('1.22.5', archive.filename));
    const userFile = join(sandbox.root, 'notes.txt');
    writeFileSync(userFile, USER_TEXT);
    symlinkSync(userFile, entry);

    assertInstalled(await install('1.22.5'), '1.22.5');
    assert.equal(readFileSync(userFile, 'utf8'), USER_TEXT);
    assert.deepEqual(readdirSync(downloads()), [], 'the download is dropped once installed');
  });

  it('a cache entry that is a FIFO: replaced, the install neither hangs nor fails', async () => {
    const entry = join(downloads(), await entryNameOf('1.22.5', archive.filename));
    makeFifo(entry);

    assertInstalled(await install('1.22.5'), '1.22.5');
    assert.deepEqual(readdirSync(downloads()), []);
  });

  it('a cache entry hard-linked to a user file: replaced, the user file keeps its content', async () => {
    const entry = join(downloads(), await entryNameOf('1.22.5', archive.filename));
    const userFile = join(sandbox.root, 'notes.txt');
    writeFileSync(userFile, USER_TEXT);
    linkSync(userFile, entry);

    assertInstalled(await install('1.22.5'), '1.22.5');
    assert.equal(readFileSync(userFile, 'utf8'), USER_TEXT);
    assert.equal(statSync(userFile).nlink, 1, 'only the cache name was removed');
  });

  it('a cache entry that is a directory: an empty one is replaced; one with content is refused, naming it, and kept', async () => {
    const entry = join(downloads(), await entryNameOf('1.22.5', archive.filename));
    mkdirSync(entry);
    writeFileSync(join(entry, 'notes.txt'), USER_TEXT);

    const refused = await install('1.22.5');
    assert.equal(refused.code, 7, refused.stderr);
    assert.ok(refused.stderr.includes(`gvx: error: ${entry} is a directory where gvx keeps a download, and it is not empty`), refused.stderr);
    assert.match(refused.stderr, /hint: .*rm -r /);
    assert.equal(readFileSync(join(entry, 'notes.txt'), 'utf8'), USER_TEXT);
    assert.equal(existsSync(join(sandbox.home, 'versions', '1.22.5')), false);

    rmSync(join(entry, 'notes.txt'));
    assertInstalled(await install('1.22.5'), '1.22.5');
    assert.equal(existsSync(entry), false);
  });

  it('a downloads/ that is a regular file: refused, and the file kept', async () => {
    mkdirSync(sandbox.home);
    writeFileSync(downloads(), USER_TEXT);
    const result = await install('1.22.5');
    assert.equal(result.code, 7, result.stderr);
    assert.match(result.stderr, /the download cache .*\/downloads is a regular file, not a directory/);
    assert.ok(lstatSync(downloads()).isFile());
    assert.equal(readFileSync(downloads(), 'utf8'), USER_TEXT);
  });
});
