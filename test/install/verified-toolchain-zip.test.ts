// fetchVerifiedToolchainZip against a local GOPROXY and checksum database, over real HTTP:
// resolution, the proxy list, the database through a proxy, and every way to lie (exit 5).

import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { GvxError, IntegrityError } from '../../lib/errors.js';
import { type FetchedToolchain, fetchVerifiedToolchainZip } from '../../lib/install/verified-toolchain-zip.js';
import { HttpClient } from '../../lib/net/http.js';
import { hashGoMod, hashZip } from '../../lib/sumdb/dirhash.js';
import { type ModuleProxy, startModuleProxy } from '../helpers/module-proxy.js';
import { type SumdbServer, startSumdbServer } from '../helpers/sumdb-server.js';
import { writeSyntheticToolchainZip } from '../helpers/toolchain-zip.js';

const GOMOD_H1 = hashGoMod('module golang.org/toolchain\n');

describe('install/verified-toolchain-zip: verified toolchain module downloads', function () {
  this.timeout(30_000);
  let dir: string;
  let sumdb: SumdbServer;
  let proxy: ModuleProxy;
  let other: ModuleProxy;
  const zips: Record<string, string> = {};

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gvx-fetch-'));
    sumdb = await startSumdbServer();
    proxy = await startModuleProxy();
    other = await startModuleProxy({ basePath: '/other' });
    sumdb.addFiller(260);
    for (const v of ['1.21.13', '1.22.5', '1.22.7']) {
      const path = join(dir, `${v}.zip`);
      const { moduleVersion } = await writeSyntheticToolchainZip(path, v, 'linux', 'amd64');
      zips[v] = path;
      sumdb.addModule('golang.org/toolchain', moduleVersion, await hashZip(path), await GOMOD_H1);
      proxy.addToolchain(moduleVersion, path);
    }
    sumdb.addFiller(3);
    // Newer, but for other platforms or not in the database.
    proxy.listExtra.push('v0.0.1-go1.22.9.darwin-arm64', 'v0.0.1-go1.23rc1.linux-amd64', 'not-a-version');
  });

  afterEach(async () => {
    await Promise.all([sumdb.close(), proxy.close(), other.close()]);
    await rm(dir, { recursive: true, force: true });
  });

  async function fetch(
    env: Record<string, string>,
    options: { spec?: string; directUrl?: string; onProgress?: (bytes: number, total: number | undefined) => void } = {},
  ): Promise<FetchedToolchain> {
    const config = loadConfig({ env: { HOME: dir, GVX_HTTP_RETRIES: '1', GVX_HTTP_RETRY_DELAY_MS: '1', ...env } });
    const http = new HttpClient(config);
    try {
      // Each fetch starts from nothing: a zip left in destFile would be continued, not replaced.
      await rm(join(dir, 'out.zip'), { force: true });
      return await fetchVerifiedToolchainZip({ config, http, spec: options.spec ?? '1.22', destFile: join(dir, 'out.zip'), goos: 'linux', goarch: 'amd64', directUrl: options.directUrl, onProgress: options.onProgress });
    } finally {
      await http.close();
    }
  }
  const direct = () => ({ GOPROXY: proxy.url, GOSUMDB: `${sumdb.verifierKey} ${sumdb.url}` });
  const rejectsWith = async (promise: Promise<unknown>, code: string, exitCode = 5) => {
    await assert.rejects(promise, (e: unknown) => {
      assert.ok(e instanceof GvxError, String(e));
      assert.equal(e.code, code, e.message);
      assert.equal(e.exitCode, exitCode);
      return true;
    });
  };

  it('resolves 1.22 to the newest 1.22.x for this platform, and verifies it', async () => {
    const got = await fetch(direct());
    assert.equal(got.version, '1.22.7');
    assert.equal(got.moduleVersion, 'v0.0.1-go1.22.7.linux-amd64');
    assert.equal(got.prefix, 'golang.org/toolchain@v0.0.1-go1.22.7.linux-amd64/');
    assert.equal(got.h1, await hashZip(zips['1.22.7']!));
    assert.equal(await hashZip(got.zipPath), got.h1);
    assert.equal(got.proxyUsed, proxy.url);
    assert.equal(got.sumdb.url, sumdb.url);
    assert.equal(got.sumdb.treeSize, 266);
    assert.deepEqual([...new Set(sumdb.requests.filter((r) => r.startsWith('/tile/')))].sort(), ['/tile/8/0/001.p/10', '/tile/8/1/000.p/1']);
    const exact = await fetch(direct(), { spec: 'go1.21.13' });
    assert.equal(exact.version, '1.21.13');
  });

  it('reports download progress up to the full size of the zip, for the progress bar', async () => {
    const seen: [number, number | undefined][] = [];
    const got = await fetch(direct(), { onProgress: (bytes, total) => seen.push([bytes, total]) });
    const size = statSync(got.zipPath).size;
    assert.ok(seen.length > 0, 'progress was reported');
    assert.deepEqual(seen.at(-1), [size, size]);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i]![0] > seen[i - 1]![0], 'bytes only grow');
  });

  it('reaches the database through a proxy that answers /sumdb/<name>/supported', async () => {
    proxy.proxySumdb = { name: sumdb.name, url: sumdb.url };
    const got = await fetch({ GOPROXY: proxy.url, GOSUMDB: sumdb.verifierKey });
    assert.equal(got.sumdb.url, `${proxy.url}/sumdb/${sumdb.name}`);
    assert.equal(proxy.count(`/sumdb/${sumdb.name}/supported`), 1);
    assert.ok(proxy.count(`/sumdb/${sumdb.name}/lookup/`) >= 1);
  });

  it('falls through "," on 404 and "|" on errors, but stops at "," on a 500', async () => {
    other.failures.push({ match: '/', status: 404 });
    assert.equal((await fetch({ ...direct(), GOPROXY: `${other.url},${proxy.url}` })).proxyUsed, proxy.url);
    other.failures[0]!.status = 410;
    assert.equal((await fetch({ ...direct(), GOPROXY: `${other.url},${proxy.url}` })).proxyUsed, proxy.url);
    other.failures[0]!.status = 500;
    const before = proxy.requests.length;
    await rejectsWith(fetch({ ...direct(), GOPROXY: `${other.url},${proxy.url}` }), 'E_HTTP_5XX', 4);
    assert.equal(proxy.requests.length, before, 'the next proxy was not asked');
    assert.equal((await fetch({ ...direct(), GOPROXY: `${other.url}|${proxy.url}` })).proxyUsed, proxy.url);
  });

  it('a zip that only one proxy has: the list comes from the first, the zip from the next', async () => {
    other.addToolchain('v0.0.1-go1.22.7.linux-amd64', zips['1.22.7']!);
    other.failures.push({ match: '.zip', status: 404 });
    const got = await fetch({ ...direct(), GOPROXY: `${other.url},${proxy.url}` });
    assert.equal(got.proxyUsed, proxy.url);
    assert.equal(other.count('/@v/list'), 1);
  });

  it('GOPROXY=off and GOSUMDB=off refuse before any request', async () => {
    await rejectsWith(fetch({ ...direct(), GOPROXY: 'off' }), 'E_GOPROXY_OFF', 1);
    await rejectsWith(fetch({ ...direct(), GOSUMDB: 'off' }), 'E_GOSUMDB_OFF');
    assert.equal(proxy.requests.length + sumdb.requests.length, 0);
  });

  it('"direct" is the module endpoint of golang.org/toolchain, and says so when unreachable', async () => {
    const got = await fetch({ ...direct(), GOPROXY: 'direct' }, { directUrl: proxy.url });
    assert.equal(got.proxyUsed, proxy.url);
    await assert.rejects(fetch({ ...direct(), GOPROXY: 'direct' }, { directUrl: 'http://127.0.0.1:1/dl/mod' }), (e: unknown) => {
      assert.ok(e instanceof GvxError && e.exitCode === 4, String(e));
      assert.match(e.message, /GOPROXY "direct" for golang\.org\/toolchain is http:\/\/127\.0\.0\.1:1\/dl\/mod/);
      assert.match(e.hint ?? '', /set GOPROXY/);
      return true;
    });
  });

  describe('every lie is an IntegrityError (exit 5) and leaves no zip behind', () => {
    const out = () => join(dir, 'out.zip');

    it('a tampered zip from the proxy', async () => {
      proxy.tamperZip = true;
      await assert.rejects(fetch(direct()), (e: unknown) => e instanceof IntegrityError && /E_ZIP_(CRC|CORRUPT)/.test(e.code));
      assert.ok(!existsSync(out()));
    });

    it('a different, well-formed zip from the proxy (expected vs actual)', async () => {
      proxy.addToolchain('v0.0.1-go1.22.7.linux-amd64', zips['1.22.5']!);
      await assert.rejects(fetch(direct()), (e: unknown) => {
        assert.ok(e instanceof IntegrityError && e.code === 'E_CHECKSUM_MISMATCH', String(e));
        assert.match(e.message, /expected \(checksum database\): h1:/);
        assert.match(e.message, /actual \(downloaded zip\): +h1:/);
        return true;
      });
      assert.ok(!existsSync(out()));
    });

    it('a record whose h1 was changed after logging (inclusion proof fails)', async () => {
      sumdb.tamper.recordH1 = await hashZip(zips['1.22.5']!);
      await rejectsWith(fetch(direct()), 'E_SUMDB_INCLUSION');
      assert.equal(proxy.count('.zip'), 0, 'nothing downloaded');
    });

    it('a logged record with the wrong h1', async () => {
      const wrongDb = await startSumdbServer();
      wrongDb.addModule('golang.org/toolchain', 'v0.0.1-go1.22.7.linux-amd64', await hashZip(zips['1.22.5']!), await GOMOD_H1);
      try {
        await rejectsWith(fetch({ ...direct(), GOSUMDB: `${wrongDb.verifierKey} ${wrongDb.url}` }), 'E_CHECKSUM_MISMATCH');
      } finally {
        await wrongDb.close();
      }
    });

    it('a bad signature', async () => {
      sumdb.tamper.badSignature = true;
      await rejectsWith(fetch(direct()), 'E_SUMDB_BAD_SIGNATURE');
    });

    it('a tree head signed with another key', async () => {
      sumdb.tamper.signWithOtherKey = true;
      await rejectsWith(fetch(direct()), 'E_SUMDB_UNSIGNED');
    });

    it('GOSUMDB naming another database key', async () => {
      const stranger = await startSumdbServer({ name: sumdb.name });
      await stranger.close();
      await rejectsWith(fetch({ ...direct(), GOSUMDB: `${stranger.verifierKey} ${sumdb.url}` }), 'E_SUMDB_UNSIGNED');
    });

    it('tiles that do not match the signed tree', async () => {
      sumdb.tamper.corruptTiles = true;
      await rejectsWith(fetch(direct()), 'E_SUMDB_TILE_INCONSISTENT');
    });

    it('a version the database does not know', async () => {
      const path = join(dir, 'unknown.zip');
      const { moduleVersion } = await writeSyntheticToolchainZip(path, '1.22.8', 'linux', 'amd64');
      proxy.addToolchain(moduleVersion, path);
      await rejectsWith(fetch(direct()), 'E_SUMDB_NO_RECORD');
    });
  });
});
