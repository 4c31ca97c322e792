// GVX_MIRROR pointing at a plain directory of archives (no JSON index): releases from the
// listing, checksums from the official index when reachable, else from the mirror's .sha256
// files, and gvx says which; archives the official index does not list are left out. The
// official index is a local mirror here (GVX_INDEX_URL). What an install of an unlisted
// archive does: test/install/unlisted-release.test.ts.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { archivesInListing } from '../../lib/remote/directory-mirror.js';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { goPlatform } from '../../scripts/toolchain-fixtures.js';
import { type DirectoryServer, startDirectoryServer } from './directory-server.js';

const { goos, goarch } = goPlatform();
const UNREACHABLE_INDEX = 'http://127.0.0.1:1/dl/?mode=json&include=all';

function indexEntry(version: string, archive: { filename: string; sha256: string; size: number }) {
  return { version: `go${version}`, stable: true, files: [{ filename: archive.filename, os: goos, arch: goarch, version: `go${version}`, sha256: archive.sha256, size: archive.size, kind: 'archive' }] };
}

describe('remote/directory-mirror: archive names in a listing', () => {
  it('finds archives in HTML and plain listings, skipping .sha256 files and non-releases', () => {
    const html = '<a href="go1.22.5.linux-amd64.tar.gz">go1.22.5.linux-amd64.tar.gz</a>\n<a href="go1.22.5.linux-amd64.tar.gz.sha256">x</a>\n<a href="/dl/go1.23rc1.darwin-arm64.tar.gz">rc</a> <a href="cargo1.2.linux-amd64.tar.gz">no</a> go1.21.0.windows-amd64.zip';
    assert.deepEqual(archivesInListing(html), [
      { filename: 'go1.22.5.linux-amd64.tar.gz', version: '1.22.5', os: 'linux', arch: 'amd64' },
      { filename: 'go1.23rc1.darwin-arm64.tar.gz', version: '1.23rc1', os: 'darwin', arch: 'arm64' },
    ]);
    assert.deepEqual(archivesInListing('go1.9.2.linux-386.tar.gz\ngo1.20.linux-amd64.tar.gz\n').map((a) => a.version), ['1.9.2', '1.20']);
    assert.deepEqual(archivesInListing('<html>nothing here</html>'), []);
  });
});

describe('gvx install from a directory mirror', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: DirectoryServer;
  let official: Mirror;
  const v1225 = fakeToolchain('1.22.5');
  const v12212 = fakeToolchain('1.22.12');
  const other = fakeToolchain('1.22.12', { goos: goos === 'linux' ? 'darwin' : 'linux' });

  const sidecar = (a: { sha256: string; filename: string }) => `${a.sha256}  ${a.filename}\n`;
  const record = (version: string) => JSON.parse(readFileSync(join(sandbox.home, 'versions', version, '.gvx-install.json'), 'utf8'));
  const nothingInstalled = () => {
    const versions = join(sandbox.home, 'versions');
    assert.deepEqual(existsSync(versions) ? readdirSync(versions) : [], []);
    const staging = join(sandbox.home, 'staging');
    assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], []);
  };

  beforeEach(async () => {
    sandbox = await makeSandbox();
    dir = await startDirectoryServer();
    for (const a of [v1225, v12212, other]) {
      dir.files.set(a.filename, a.buffer);
      dir.files.set(`${a.filename}.sha256`, sidecar(a));
    }
    official = await startMirror({ index: [indexEntry('1.22.12', v12212), indexEntry('1.22.5', v1225)] });
    Object.assign(sandbox.env, { GVX_MIRROR: dir.url, GVX_INDEX_URL: `${official.url}/?mode=json&include=all`, GVX_HTTP_RETRIES: '0' });
  });
  afterEach(async () => {
    await Promise.all([dir.close(), official.close()]);
    await sandbox.cleanup();
  });

  it('builds the releases from the listing and takes checksums from the official index', async () => {
    const result = await sandbox.runGvx(['install', '1.22']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /installed go1\.22\.12/);
    assert.match(result.stderr, new RegExp(`${dir.url} is a directory mirror \\(3 archives listed\\); checksums come from the official release index`));
    assert.match(result.stderr, new RegExp(`checksum of ${v12212.filename.replace(/\./g, '\\.')} from the official release index`));
    assert.equal(dir.count(`/${v12212.filename}`), 1);
    assert.equal(dir.count(`/${v12212.filename}.sha256`), 0, 'the mirror\'s own checksum is not needed');
    assert.equal(official.count('index'), 1);
    assert.equal(record('1.22.12').sha256, v12212.sha256);
    assert.equal(record('1.22.12').source, `${dir.url}/${v12212.filename}`);
  });

  it('the official checksum wins over the mirror\'s: a tampered archive with a matching .sha256 is refused', async () => {
    const tampered = fakeToolchain('1.22.12', { padBytes: 64 });
    dir.files.set(v12212.filename, tampered.buffer);
    dir.files.set(`${v12212.filename}.sha256`, sidecar(tampered));
    const result = await sandbox.runGvx(['install', '1.22.12']);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, new RegExp(`expected sha256 ${v12212.sha256}, got ${tampered.sha256}`));
    nothingInstalled();
  });

  it('official index unreachable: checksums from the .sha256 files, with a warning saying so', async () => {
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_INDEX_URL: UNREACHABLE_INDEX } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /gvx: warning: .* is a directory mirror and the official release index .* is not reachable .*checksums will come from the mirror's own \.sha256 files/);
    assert.match(result.stderr, new RegExp(`checksum of ${v1225.filename.replace(/\./g, '\\.')} from the mirror's ${dir.url}/${v1225.filename.replace(/\./g, '\\.')}\\.sha256`));
    assert.equal(dir.count(`/${v1225.filename}.sha256`), 1);
    assert.equal(record('1.22.5').sha256, v1225.sha256);
    assert.equal(record('1.22.5').verified, true);
  });

  it('a plain-text listing, and a server that answers the JSON query with 404, work too', async () => {
    dir.listingStyle = 'plain';
    dir.queryAnswer = '404';
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 0, result.stderr);
    const ls = await sandbox.runGvx(['ls-remote', '--json']);
    assert.deepEqual(JSON.parse(ls.stdout).map((r: { version: string }) => r.version), ['1.22.12', '1.22.5']);
  });

  it('no official index and no .sha256 file: refused (exit 5), nothing installed', async () => {
    dir.files.delete(`${v1225.filename}.sha256`);
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_INDEX_URL: UNREACHABLE_INDEX } });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /no checksum for go1\.22\.5\..*answered HTTP 404/);
    assert.match(result.stderr, /hint: gvx installs nothing it cannot verify/);
    assert.equal(dir.count(`/${v1225.filename}`), 0, 'not even downloaded');
    nothingInstalled();
  });

  it('a wrong .sha256 file (official index unreachable): exit 5, nothing installed', async () => {
    dir.files.set(`${v1225.filename}.sha256`, `${'cd'.repeat(32)}  ${v1225.filename}\n`);
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_INDEX_URL: UNREACHABLE_INDEX } });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, new RegExp(`expected sha256 ${'cd'.repeat(32)}, got ${v1225.sha256}`));
    nothingInstalled();
  });

  it('--archive takes its checksum from a directory mirror\'s .sha256 file when that is all there is', async () => {
    const { writeFile } = await import('node:fs/promises');
    const file = join(sandbox.root, v1225.filename);
    await writeFile(file, v1225.buffer);
    const result = await sandbox.runGvx(['install', '--archive', file], { env: { GVX_INDEX_URL: UNREACHABLE_INDEX } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`checksum of ${v1225.filename.replace(/\./g, '\\.')} from ${dir.url}/.*\\.sha256`));
    assert.equal(dir.count(`/${v1225.filename}`), 0);
    assert.equal(record('1.22.5').verified, true);
  });

  it('a mirror whose listing names no archives still reports the index error (exit 4)', async () => {
    dir.files.clear();
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /release index at .* is not JSON/);
  });
});

describe('a directory mirror\'s archives that the official index does not list', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: DirectoryServer;
  let official: Mirror;
  const v12212 = fakeToolchain('1.22.12');
  const invented = fakeToolchain('1.99.0');
  const cachePath = () => join(sandbox.home, 'cache', 'releases.json');

  beforeEach(async () => {
    sandbox = await makeSandbox();
    dir = await startDirectoryServer();
    for (const a of [v12212, invented]) {
      dir.files.set(a.filename, a.buffer);
      dir.files.set(`${a.filename}.sha256`, `${a.sha256}  ${a.filename}\n`);
    }
    official = await startMirror({ index: [indexEntry('1.22.12', v12212)] });
    Object.assign(sandbox.env, { GVX_MIRROR: dir.url, GVX_INDEX_URL: `${official.url}/?mode=json&include=all`, GVX_HTTP_RETRIES: '0' });
  });
  afterEach(async () => {
    await Promise.all([dir.close(), official.close()]);
    await sandbox.cleanup();
  });

  it('latest, a prefix and ls-remote see only what the official index lists, and gvx says what it left out', async () => {
    const latest = await sandbox.runGvx(['install', 'latest']);
    assert.equal(latest.code, 0, latest.stderr);
    assert.match(latest.stdout, /installed go1\.22\.12/);
    assert.match(latest.stderr, new RegExp(`warning: the official release index does not list 1 of the archives on ${dir.url} \\(${invented.filename.replace(/\./g, '\\.')}\\): gvx leaves them out, and installs one only by its exact version with --allow-unlisted`));
    assert.equal(dir.count(`/${invented.filename}`), 0, 'the invented release is never downloaded');
    assert.equal(dir.count(`/${invented.filename}.sha256`), 0);

    const prefix = await sandbox.runGvx(['install', '1.99']);
    assert.equal(prefix.code, 3, prefix.stderr);
    assert.match(prefix.stderr, /no Go release matches "1\.99" in the release index/);

    const ls = await sandbox.runGvx(['ls-remote', '--all', '--json']);
    assert.equal(ls.code, 0, ls.stderr);
    assert.deepEqual(JSON.parse(ls.stdout).map((r: { version: string }) => r.version), ['1.22.12']);
  });

  it('the cached listing keeps what the official index said; an exact unlisted version reads both again, then is refused', async () => {
    assert.equal((await sandbox.runGvx(['ls-remote'])).code, 0);
    assert.equal(official.count('index'), 1);
    const cached = JSON.parse(readFileSync(cachePath(), 'utf8'));
    assert.equal(cached.officialIndex, 'answered');

    const result = await sandbox.runGvx(['install', '1.99.0']);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /go1\.99\.0 is on the mirror .* but the official release index .* does not list it/);
    // Not in the cache's releases: the exact version makes gvx read the mirror (and the official index) again.
    assert.equal(official.count('index'), 2);
    assert.equal(dir.count(`/${invented.filename}`), 0);
  });

  it('a directory listing cached by an older gvx (no word from the official index) is read again, not trusted', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(sandbox.home, 'cache'), { recursive: true });
    const entry = (version: string, filename: string) => ({ version: `go${version}`, stable: true, files: [{ filename, os: goos, arch: goarch, version: `go${version}`, sha256: '', size: 0, kind: 'archive' }] });
    const oldCache = { url: `${dir.url}/?mode=json&include=all`, fetchedAt: Date.now(), kind: 'directory', body: [entry('1.99.0', invented.filename), entry('1.22.12', v12212.filename)] };
    await writeFile(cachePath(), JSON.stringify(oldCache));

    const result = await sandbox.runGvx(['install', 'latest']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /installed go1\.22\.12/);
    assert.equal(official.count('index'), 1, 'the official index was asked');
    assert.equal(dir.count(`/${invented.filename}`), 0);
  });

  it('official index unreachable: the whole listing counts (an air-gapped mirror works), and latest is the mirror\'s newest', async () => {
    const result = await sandbox.runGvx(['install', 'latest'], { env: { GVX_INDEX_URL: UNREACHABLE_INDEX } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /installed go1\.99\.0/);
    const cached = JSON.parse(readFileSync(cachePath(), 'utf8'));
    assert.equal(cached.officialIndex, 'unreachable');
  });
});
