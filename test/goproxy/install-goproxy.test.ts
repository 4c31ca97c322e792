// `gvx install --source goproxy` end to end, through the CLI: a synthetic Go toolchain served
// as a golang.org/toolchain module by a local GOPROXY and vouched for by a local checksum
// database (signed with a test key). It installs and runs; every way of lying exits 5 with
// nothing under versions/ and an empty staging directory. Also: a module zip given to
// --archive. A real toolchain (Debian's Go 1.22) the same way: install-goproxy-real.e2e.test.ts.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { hashGoMod, hashZip } from '../../lib/sumdb/dirhash.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type ModuleProxy, startModuleProxy } from '../helpers/module-proxy.js';
import { type SumdbServer, startSumdbServer } from '../helpers/sumdb-server.js';
import { writeSyntheticToolchainZip } from '../helpers/toolchain-zip.js';

const { goos, goarch } = loadConfig({ env: {} });
const GOMOD_H1 = hashGoMod('module golang.org/toolchain\n');
const SYNTHETIC = '1.21.13';
const SYNTHETIC_MV = `v0.0.1-go${SYNTHETIC}.${goos}-${goarch}`;

function assertNothingInstalled(sandbox: Sandbox): void {
  const versions = join(sandbox.home, 'versions');
  assert.deepEqual(existsSync(versions) ? readdirSync(versions) : [], [], 'nothing under versions/');
  const staging = join(sandbox.home, 'staging');
  assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], [], 'staging must be empty');
}

function record(sandbox: Sandbox, version: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(sandbox.home, 'versions', version, '.gvx-install.json'), 'utf8'));
}

describe('gvx install --source goproxy (local GOPROXY + checksum database)', function () {
  this.timeout(300_000);
  let sandbox: Sandbox;
  let sumdb: SumdbServer;
  let proxy: ModuleProxy;
  let syntheticZip: string;
  let syntheticH1: string;

  beforeEach(async () => {
    sandbox = await makeSandbox();
    syntheticZip = join(sandbox.root, 'synthetic.zip');
    await writeSyntheticToolchainZip(syntheticZip, SYNTHETIC, goos, goarch);
    syntheticH1 = await hashZip(syntheticZip);
    sumdb = await startSumdbServer();
    proxy = await startModuleProxy();
    sumdb.addFiller(300); // records past the first full tile: full and partial tiles are read
    sumdb.addModule('golang.org/toolchain', SYNTHETIC_MV, syntheticH1, await GOMOD_H1);
    proxy.addToolchain(SYNTHETIC_MV, syntheticZip);
    sumdb.addFiller(5);
    Object.assign(sandbox.env, { GOPROXY: proxy.url, GOSUMDB: `${sumdb.verifierKey} ${sumdb.url}`, GVX_HTTP_RETRIES: '0' });
  });

  afterEach(async () => {
    await Promise.all([proxy.close(), sumdb.close()]);
    await sandbox.cleanup();
  });

  it('GVX_SOURCE=goproxy is the default source; an exact version needs no list', async () => {
    const result = await sandbox.runGvx(['install', SYNTHETIC], { env: { GVX_SOURCE: 'goproxy' } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(proxy.count(`${SYNTHETIC_MV}.zip`), 1);
    assert.equal(proxy.count('/@v/list'), 0);
    assert.equal(record(sandbox, SYNTHETIC).h1, syntheticH1);
    const go = await sandbox.run(join(sandbox.home, 'versions', SYNTHETIC, 'bin', 'go'), ['version']);
    assert.match(go.stdout, new RegExp(`go${SYNTHETIC.replace(/\./g, '\\.')}`));
  });

  it('an unknown --source or GVX_SOURCE is a usage error (exit 2) and fetches nothing', async () => {
    const flag = await sandbox.runGvx(['install', SYNTHETIC, '--source', 'proxy.golang.org']);
    assert.equal(flag.code, 2, flag.stderr);
    assert.match(flag.stderr, /--source "proxy\.golang\.org" is not a toolchain source: use go\.dev or goproxy/);
    const env = await sandbox.runGvx(['install', SYNTHETIC], { env: { GVX_SOURCE: 'gopoxy' } });
    assert.equal(env.code, 2, env.stderr);
    assert.match(env.stderr, /GVX_SOURCE "gopoxy"/);
    assert.equal(proxy.requests.length + sumdb.requests.length, 0);
  });

  it('GOSUMDB=off is refused with an explanation, before any request', async () => {
    const result = await sandbox.runGvx(['install', SYNTHETIC, '--source', 'goproxy'], { env: { GOSUMDB: 'off' } });
    assert.equal(result.code, 5, result.stderr);
    assert.match(result.stderr, /GOSUMDB=off: toolchain modules are only installed when the checksum database vouches for them/);
    assert.match(result.stderr, /hint: the go command refuses golang\.org\/toolchain without the checksum database too/);
    assert.equal(proxy.requests.length + sumdb.requests.length, 0);
    assertNothingInstalled(sandbox);
  });

  describe('every lie exits 5 and installs nothing', () => {
    const refused = async (pattern: RegExp, env: Record<string, string> = {}) => {
      const result = await sandbox.runGvx(['install', SYNTHETIC, '--source', 'goproxy'], { env });
      assert.equal(result.code, 5, result.stderr);
      assert.match(result.stderr, pattern);
      assertNothingInstalled(sandbox);
    };

    it('a zip tampered with on the proxy (CRC / h1)', async () => {
      proxy.tamperZip = true;
      await refused(/CRC-32|does not match the checksum database/);
      assert.equal(proxy.count(`${SYNTHETIC_MV}.zip`), 1, 'it was downloaded, then refused');
    });

    it('a well-formed zip whose h1: is not the database record', async () => {
      const other = join(sandbox.root, 'other.zip');
      await writeSyntheticToolchainZip(other, SYNTHETIC, goos, goarch, { replace: { 'src/fmt/print.go': 'package fmt // changed\n' } });
      proxy.addToolchain(SYNTHETIC_MV, other);
      await refused(/expected \(checksum database\): h1:[\s\S]*actual \(downloaded zip\): +h1:/);
    });

    it('a tree head with a bad signature', async () => {
      sumdb.tamper.badSignature = true;
      await refused(/invalid signature by sumdb\.gvx\.test on the checksum database's tree head/);
      assert.equal(proxy.count('.zip'), 0, 'nothing downloaded');
    });

    it('a tree head signed with another key than GOSUMDB names', async () => {
      const stranger = await startSumdbServer({ name: sumdb.name });
      await stranger.close();
      await refused(/tree head is not signed by the configured key/, { GOSUMDB: `${stranger.verifierKey} ${sumdb.url}` });
      assert.equal(proxy.count('.zip'), 0);
    });

    it('a record altered after logging (inclusion proof fails)', async () => {
      sumdb.tamper.recordH1 = 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
      await refused(/inclusion proof failed/);
    });

    it('tiles that do not hash to the signed tree', async () => {
      sumdb.tamper.corruptTiles = true;
      await refused(/tiles do not match its signed tree head|tile .* has \d+ bytes/);
    });

    it('a zip with an entry outside its module prefix (logged, so only extraction can refuse it)', async () => {
      const evil = join(sandbox.root, 'evil.zip');
      const mv = `v0.0.1-go1.21.14.${goos}-${goarch}`;
      await writeSyntheticToolchainZip(evil, '1.21.14', goos, goarch, { extra: { 'golang.org/toolchain@v0.0.1-go1.21.14.evil/pwned': 'outside\n' } });
      sumdb.addModule('golang.org/toolchain', mv, await hashZip(evil), await GOMOD_H1);
      proxy.addToolchain(mv, evil);
      const result = await sandbox.runGvx(['install', '1.21.14', '--source', 'goproxy']);
      assert.equal(result.code, 5, result.stderr);
      assert.match(result.stderr, /is outside the module's "golang\.org\/toolchain@v0\.0\.1-go1\.21\.14\.[a-z0-9]+-[a-z0-9]+\/" prefix/);
      assertNothingInstalled(sandbox);
    });
  });

  describe('--archive with a toolchain module zip', () => {
    it('is verified by the checksum database when no --sha256 is given', async () => {
      const result = await sandbox.runGvx(['install', '--archive', syntheticZip]);
      assert.equal(result.code, 0, result.stderr);
      const rec = record(sandbox, SYNTHETIC);
      assert.equal(rec.verified, true);
      assert.equal(rec.verifiedBy, 'h1');
      assert.equal(rec.h1, syntheticH1);
      assert.equal(rec.source, syntheticZip);
      assert.equal(proxy.count('.zip'), 0, 'the local file, not a download');
    });

    it('a zip the database does not vouch for is refused (exit 5)', async () => {
      const other = join(sandbox.root, 'other.zip');
      await writeSyntheticToolchainZip(other, SYNTHETIC, goos, goarch, { replace: { 'bin/gofmt': '#!/bin/sh\nexit 1\n' } });
      const result = await sandbox.runGvx(['install', '--archive', other]);
      assert.equal(result.code, 5, result.stderr);
      assert.match(result.stderr, /does not match the checksum database/);
      assertNothingInstalled(sandbox);
    });

    it('--no-verify installs it unverified, says so loudly and records it', async () => {
      const result = await sandbox.runGvx(['install', '--archive', syntheticZip, '--no-verify'], { env: { GOSUMDB: 'off' } });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /gvx: warning: --no-verify: installing go1\.21\.13 .* WITHOUT checking its checksum/);
      assert.equal(record(sandbox, SYNTHETIC).verified, false);
      assert.equal(sumdb.requests.length, 0);
    });

    it('GOSUMDB=off without --sha256 or --no-verify is refused, naming both', async () => {
      const result = await sandbox.runGvx(['install', '--archive', syntheticZip], { env: { GOSUMDB: 'off' } });
      assert.equal(result.code, 5, result.stderr);
      assert.match(result.stderr, /hint: .*--sha256 HEX.*--no-verify/);
      assertNothingInstalled(sandbox);
    });
  });
});
