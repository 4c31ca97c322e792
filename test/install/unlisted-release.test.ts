// Installing from a directory mirror (GVX_MIRROR) that lists a release the official index does
// not (an invented go1.99.0 with its own .sha256): refused while the official index answers,
// installed only with --allow-unlisted and recorded as unverified, and gvx verify says so. An
// air-gapped install (official index unreachable) works and is recorded as not cross-checked.
// Which releases a spec sees: test/remote/directory-mirror.test.ts.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';
import { type DirectoryServer, startDirectoryServer } from '../remote/directory-server.js';

const UNREACHABLE_INDEX = 'http://127.0.0.1:1/dl/?mode=json&include=all';
const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('gvx install of a release only a directory mirror lists', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let dir: DirectoryServer;
  let official: Mirror;
  const v12212 = fakeToolchain('1.22.12');
  const v1225 = fakeToolchain('1.22.5');
  const invented = fakeToolchain('1.99.0');

  const sidecar = (a: { sha256: string; filename: string }) => `${a.sha256}  ${a.filename}\n`;
  const record = (version: string) => JSON.parse(readFileSync(join(sandbox.home, 'versions', version, '.gvx-install.json'), 'utf8'));
  const installedVersions = () => {
    const versions = join(sandbox.home, 'versions');
    return existsSync(versions) ? readdirSync(versions) : [];
  };
  const nothingStaged = () => {
    const staging = join(sandbox.home, 'staging');
    assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], []);
  };
  const installCheck = async (version: string) => {
    const result = await sandbox.runGvx(['verify', '--json'], { env: { GVX_GO_VERSION: version } });
    return JSON.parse(result.stdout).checks.find((c: { id: string }) => c.id === 'install') as { ok: boolean; message: string };
  };

  beforeEach(async () => {
    sandbox = await makeSandbox();
    dir = await startDirectoryServer();
    for (const a of [v12212, v1225, invented]) {
      dir.files.set(a.filename, a.buffer);
      dir.files.set(`${a.filename}.sha256`, sidecar(a));
    }
    // The official index lists real-shaped releases (the synthetic ones' checksums), not 1.99.0.
    official = await startMirrorWithIndex([
      { version: '1.22.12', files: [{ filename: v12212.filename, source: v12212.buffer }] },
      { version: '1.22.5', files: [{ filename: v1225.filename, source: v1225.buffer }] },
    ]);
    Object.assign(sandbox.env, { GVX_MIRROR: dir.url, GVX_INDEX_URL: `${official.url}/?mode=json&include=all`, GVX_HTTP_RETRIES: '0' });
  });
  afterEach(async () => {
    await Promise.all([dir.close(), official.close()]);
    await sandbox.cleanup();
  });

  it('an exact unlisted version is refused (exit 5) with the way out, and nothing is downloaded or installed', async () => {
    const result = await sandbox.runGvx(['install', '1.99.0']);
    assert.equal(result.code, 5, result.stderr);
    assert.equal(
      /^gvx: error: (.*)$/m.exec(result.stderr)?.[1],
      `go1.99.0 is on the mirror ${dir.url} but the official release index (${official.url}/?mode=json&include=all) does not list it: nothing but the mirror vouches for ${invented.filename}`,
    );
    assert.match(result.stderr, /^hint: gvx ls-remote lists the official releases; to install the mirror's go1\.99\.0 anyway, knowingly: gvx install 1\.99\.0 --allow-unlisted \(recorded as unverified\)$/m);
    assert.equal(dir.count(`/${invented.filename}`), 0);
    assert.equal(dir.count(`/${invented.filename}.sha256`), 0);
    assert.deepEqual(installedVersions(), []);
    nothingStaged();
  });

  it('--allow-unlisted installs it on the mirror\'s checksum, says so, records it unverified, and gvx verify shows it', async () => {
    const result = await sandbox.runGvx(['install', '1.99.0', '--allow-unlisted']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /installed go1\.99\.0/);
    assert.match(result.stderr, new RegExp(`gvx: warning: --allow-unlisted: installing go1\\.99\\.0, which the official release index \\(.*\\) does not list, with the mirror's own checksum from ${esc(dir.url)}/${esc(invented.filename)}\\.sha256\\. Nothing proves this is an official Go release; the install record says verified: false`));
    const rec = record('1.99.0');
    assert.equal(rec.verified, false);
    assert.equal(rec.verifiedBy, undefined);
    assert.equal(rec.mirrorChecksum, 'unlisted');
    assert.equal(rec.sha256, invented.sha256);
    assert.equal(rec.source, `${dir.url}/${invented.filename}`);

    const check = await installCheck('1.99.0');
    assert.equal(check.ok, true, 'it runs as selected; verify says where it came from');
    assert.match(check.message, new RegExp(`; UNVERIFIED: the official release index did not list go1\\.99\\.0; installed with --allow-unlisted from ${esc(dir.url)}/${esc(invented.filename)}, checked only against the mirror's own \\.sha256$`));
  });

  it('--allow-unlisted still checks the mirror\'s checksum: a wrong .sha256 is exit 5, nothing installed', async () => {
    dir.files.set(`${invented.filename}.sha256`, `${'ab'.repeat(32)}  ${invented.filename}\n`);
    const result = await sandbox.runGvx(['install', '1.99.0', '--allow-unlisted']);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, new RegExp(`expected sha256 ${'ab'.repeat(32)}, got ${invented.sha256}`));
    assert.deepEqual(installedVersions(), []);
    nothingStaged();
  });

  it('a mirror checksum that differs from the official one is refused, --allow-unlisted or not', async () => {
    const doctored = fakeToolchain('1.22.12', { padBytes: 32 });
    dir.files.set(v12212.filename, doctored.buffer);
    dir.files.set(`${v12212.filename}.sha256`, sidecar(doctored));
    for (const args of [['install', '1.22.12'], ['install', '1.22.12', '--allow-unlisted'], ['install', 'latest', '--allow-unlisted']]) {
      const result = await sandbox.runGvx(args);
      assert.equal(result.code, 5, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`checksum of ${esc(v12212.filename)} from the official release index`));
      assert.match(result.stderr, new RegExp(`expected sha256 ${v12212.sha256}, got ${doctored.sha256}`));
    }
    assert.deepEqual(installedVersions(), []);
    nothingStaged();
  });

  it('official index unreachable (air-gapped): installed on the mirror\'s checksum, recorded as not cross-checked, and verify says so', async () => {
    sandbox.env.GVX_INDEX_URL = UNREACHABLE_INDEX;
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`gvx: warning: checksum of ${esc(v1225.filename)} from the mirror's ${esc(dir.url)}/${esc(v1225.filename)}\\.sha256 only: the official release index \\(${esc(UNREACHABLE_INDEX)}\\) was not reachable when the mirror was listed, so nothing cross-checked it; the install record says so`));
    const rec = record('1.22.5');
    assert.equal(rec.verified, true);
    assert.equal(rec.verifiedBy, 'sha256');
    assert.equal(rec.mirrorChecksum, 'not-cross-checked');
    const check = await installCheck('1.22.5');
    assert.equal(check.ok, true);
    assert.match(check.message, new RegExp(`; checksum from the mirror's own \\.sha256 only \\(${esc(dir.url)}/${esc(v1225.filename)}\\): the official release index was not reachable to cross-check it$`));
  });

  it('a release the official index vouches for is recorded without a mirror mark, and verify adds nothing', async () => {
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 0, result.stderr);
    const rec = record('1.22.5');
    assert.equal(rec.verified, true);
    assert.equal(rec.mirrorChecksum, undefined);
    assert.match((await installCheck('1.22.5')).message, /VERSION says go1\.22\.5$/);
  });

  it('--archive of an unlisted release: the mirror\'s .sha256 is not enough while the official index answers', async () => {
    const file = join(sandbox.root, invented.filename);
    await writeFile(file, invented.buffer);
    const result = await sandbox.runGvx(['install', '--archive', file]);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, new RegExp(`no checksum to verify ${esc(invented.filename)} against: the release index \\(.*\\) does not list ${esc(invented.filename)}`));
    assert.equal(dir.count(`/${invented.filename}.sha256`), 0);
    assert.deepEqual(installedVersions(), []);

    // Air-gapped, the mirror's .sha256 is all there is: installed, and recorded as such.
    const airGapped = await sandbox.runGvx(['install', '--archive', file], { env: { GVX_INDEX_URL: UNREACHABLE_INDEX } });
    assert.equal(airGapped.code, 0, airGapped.stderr);
    assert.match(airGapped.stderr, /gvx: warning: checksum of go1\.99\.0\..* only: the official release index was not reachable to cross-check it; the install record says so/);
    assert.equal(record('1.99.0').mirrorChecksum, 'not-cross-checked');
  });
});
