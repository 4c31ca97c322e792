// `gvx install --archive FILE`: local release archives, installed through the same pipeline as
// downloads. The checksum comes from --sha256, else the release index (fresh or cached), else
// the install is refused unless --no-verify says, loudly, to install it unverified.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type FakeArchive, fakeToolchain, fakeToolchainEntries, tarGz } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { goPlatform } from '../../scripts/toolchain-fixtures.js';

const { goos, goarch } = goPlatform();
const UNREACHABLE = 'http://127.0.0.1:1';

function indexEntry(version: string, archive: { filename: string; sha256: string; size: number }) {
  return { version: `go${version}`, stable: true, files: [{ filename: archive.filename, os: goos, arch: goarch, version: `go${version}`, sha256: archive.sha256, size: archive.size, kind: 'archive' }] };
}

function assertNothingInstalled(sandbox: Sandbox): void {
  const versions = join(sandbox.home, 'versions');
  assert.deepEqual(existsSync(versions) ? readdirSync(versions) : [], [], 'nothing under versions/');
  const staging = join(sandbox.home, 'staging');
  assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], [], 'staging must be empty');
}

describe('gvx install --archive (offline release archives)', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let mirror: Mirror;
  const v1225 = fakeToolchain('1.22.5');
  let file: string;

  const record = (version: string) => JSON.parse(readFileSync(join(sandbox.home, 'versions', version, '.gvx-install.json'), 'utf8'));
  const write = async (name: string, archive: FakeArchive) => {
    const path = join(sandbox.root, name);
    await writeFile(path, archive.buffer);
    return path;
  };

  beforeEach(async () => {
    sandbox = await makeSandbox();
    mirror = await startMirror({ index: [indexEntry('1.22.5', v1225)] });
    // By default nothing is reachable: each test opts in to an index.
    Object.assign(sandbox.env, { GVX_MIRROR: UNREACHABLE, GVX_HTTP_RETRIES: '0', GVX_INDEX_URL: `${UNREACHABLE}/?mode=json&include=all` });
    file = await write(v1225.filename, v1225);
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  it('--sha256: installs, records the file and the verified checksum, and the go runs', async () => {
    const result = await sandbox.runGvx(['install', '--archive', file, '--sha256', v1225.sha256.toUpperCase()]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /installed go1\.22\.5 in .*versions\/1\.22\.5/);
    const rec = record('1.22.5');
    assert.equal(rec.sha256, v1225.sha256);
    assert.equal(rec.verified, true);
    assert.equal(rec.verifiedBy, 'sha256');
    assert.equal(rec.source, file);
    const go = await sandbox.run(join(sandbox.home, 'versions', '1.22.5', 'bin', 'go'), ['version']);
    assert.equal(go.stdout.trim(), `go version go1.22.5 ${goos}/${goarch}`);
    const again = await sandbox.runGvx(['install', '--archive', file, '--sha256', v1225.sha256]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already installed/);
  });

  it('a wrong --sha256: exit 5, expected and actual shown, nothing installed', async () => {
    const result = await sandbox.runGvx(['install', '--archive', file, '--sha256', 'ab'.repeat(32)]);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, new RegExp(`checksum mismatch for ${v1225.filename.replace(/\./g, '\\.')}: expected sha256 ${'ab'.repeat(32)}, got ${v1225.sha256}`));
    assert.match(result.stderr, /hint: nothing was installed; the file is not the archive that checksum belongs to/);
    assertNothingInstalled(sandbox);
  });

  it('without --sha256: the checksum comes from the release index, and gvx says so', async () => {
    const result = await sandbox.runGvx(['install', '--archive', file], { env: { GVX_MIRROR: mirror.url } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, new RegExp(`checksum of ${v1225.filename.replace(/\./g, '\\.')} from the release index \\(${mirror.url}/\\?mode=json&include=all\\)`));
    assert.equal(mirror.count('index'), 1);
    assert.equal(mirror.count(v1225.filename), 0, 'the archive is the local file, not a download');
    assert.equal(record('1.22.5').verifiedBy, 'sha256');
  });

  it('the index checksum also catches a file that is not the release it claims to be', async () => {
    const impostor = fakeToolchain('1.22.5', { padBytes: 100 });
    const path = await write(v1225.filename, impostor);
    const result = await sandbox.runGvx(['install', '--archive', path], { env: { GVX_MIRROR: mirror.url } });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, new RegExp(`expected sha256 ${v1225.sha256}, got ${impostor.sha256}`));
    assertNothingInstalled(sandbox);
  });

  it('the cached index is used when the network is gone', async () => {
    assert.equal((await sandbox.runGvx(['ls-remote'], { env: { GVX_MIRROR: mirror.url } })).code, 0);
    await mirror.close();
    const result = await sandbox.runGvx(['install', '--archive', file], { env: { GVX_MIRROR: mirror.url, GVX_INDEX_MAX_AGE: '0' } });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /using the cached copy/);
    assert.equal(record('1.22.5').sha256, v1225.sha256);
  });

  it('no --sha256 and no index: refused (exit 5), the hint names --sha256 and --no-verify', async () => {
    const result = await sandbox.runGvx(['install', '--archive', file]);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /gvx: error: no checksum to verify go1\.22\.5\..*\.tar\.gz against: the release index is not reachable and not cached/);
    assert.match(result.stderr, /hint: give the checksum: gvx install --archive .* --sha256 HEX .*; or, knowingly, --no-verify/);
    assertNothingInstalled(sandbox);
  });

  it('an index that does not list the version: refused the same way', async () => {
    const other = fakeToolchain('1.21.9');
    const path = await write(other.filename, other);
    const result = await sandbox.runGvx(['install', '--archive', path], { env: { GVX_MIRROR: mirror.url } });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /does not list go1\.21\.9\./);
    assertNothingInstalled(sandbox);
  });

  it('--no-verify: installs with a loud warning and verified: false in the record', async () => {
    const result = await sandbox.runGvx(['install', '--archive', file, '--no-verify']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /gvx: warning: --no-verify: installing go1\.22\.5 from .* WITHOUT checking its checksum\. Nothing proves this is an official Go release/);
    const rec = record('1.22.5');
    assert.equal(rec.verified, false);
    assert.equal(rec.verifiedBy, undefined);
    assert.equal(rec.sha256, v1225.sha256, 'the hash is still recorded');
  });

  it('--no-verify never skips the archive rules: a hostile archive is refused (exit 5)', async () => {
    const evil = fakeToolchain('1.22.7', { hostile: 'dotdot' });
    const path = await write(evil.filename, evil);
    const result = await sandbox.runGvx(['install', '--archive', path, '--no-verify']);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /refusing go1\.22\.7/);
    for (const canary of evil.canaryPaths) assert.equal(existsSync(canary), false);
    assertNothingInstalled(sandbox);
  });

  it('a decompression bomb with its correct --sha256: refused (exit 5) past GVX_UNPACK_MAX_MB, nothing left', async () => {
    // A valid toolchain but for a 3 MiB go/bin/go of zeros; the cap is lowered to 1 MiB.
    const entries = fakeToolchainEntries('1.22.8').map((e) => (e.path === 'go/bin/go' ? { ...e, content: Buffer.alloc(3 * 1024 * 1024) } : e));
    const buffer = tarGz(entries);
    const path = join(sandbox.root, `go1.22.8.${goos}-${goarch}.tar.gz`);
    await writeFile(path, buffer);
    const sha256 = createHash('sha256').update(buffer).digest('hex');
    const result = await sandbox.runGvx(['install', '--archive', path, '--sha256', sha256], { env: { GVX_UNPACK_MAX_MB: '1' } });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /refusing go1\.22\.8\..*\.tar\.gz: it unpacks to more than 1 MiB \(GVX_UNPACK_MAX_MB\)/);
    assert.match(result.stderr, /hint: the archive is corrupt or hostile; nothing was installed/);
    assert.equal(existsSync(join(sandbox.home, 'versions', '1.22.8')), false);
    assertNothingInstalled(sandbox);
  });

  it('a file whose name does not say the version: read from go/VERSION inside', async () => {
    const path = await write('toolchain.tar.gz', v1225);
    const result = await sandbox.runGvx(['install', '--archive', path, '--sha256', v1225.sha256]);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(join(sandbox.home, 'versions', '1.22.5', 'bin', 'go')));
  });

  it('a name and a VERSION file that disagree: refused by the tree check (exit 5)', async () => {
    const path = await write(`go1.22.6.${goos}-${goarch}.tar.gz`, v1225);
    const result = await sandbox.runGvx(['install', '--archive', path, '--no-verify']);
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /says it is "go1\.22\.5", expected go1\.22\.6/);
    assertNothingInstalled(sandbox);
  });

  it('usage errors (exit 2): bad --sha256, contradicting flags, a SPEC too, another platform, no file', async () => {
    const other = goarch === 'arm64' ? 'amd64' : 'arm64';
    const foreign = await write(`go1.22.5.${goos}-${other}.tar.gz`, v1225);
    const cases: [string[], RegExp, number][] = [
      [['install', '--archive', file, '--sha256', 'xyz'], /--sha256 takes 64 hex digits/, 2],
      [['install', '--archive', file, '--sha256', v1225.sha256, '--no-verify'], /contradict/, 2],
      [['install', '1.22.5', '--archive', file], /--archive installs the version in the file/, 2],
      [['install', '1.22.5', '--sha256', v1225.sha256], /--sha256 goes with --archive/, 2],
      [['install', '--archive', foreign, '--no-verify'], new RegExp(`is for ${goos}/${other}`), 2],
      [['install', '--archive', join(sandbox.root, 'missing.tar.gz')], /no such file/, 3],
    ];
    for (const [args, pattern, code] of cases) {
      const result = await sandbox.runGvx(args);
      assert.equal(result.code, code, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, pattern);
    }
    assertNothingInstalled(sandbox);
  });
});
