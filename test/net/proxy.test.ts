// HTTPS_PROXY / HTTP_PROXY / NO_PROXY for every request gvx makes: the release index and
// archives, GOPROXY and the checksum database, through a local forward proxy that counts.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { hashGoMod, hashZip } from '../../lib/sumdb/dirhash.js';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { startModuleProxy } from '../helpers/module-proxy.js';
import { startSumdbServer } from '../helpers/sumdb-server.js';
import { writeSyntheticToolchainZip } from '../helpers/toolchain-zip.js';
import { type ForwardProxy, startForwardProxy } from './forward-proxy.js';

const { goos, goarch } = loadConfig({ env: {} });

describe('net: proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let mirror: Mirror;
  let proxy: ForwardProxy;
  const v1225 = fakeToolchain('1.22.5');
  const mirrorHost = () => new URL(mirror.url).host;

  beforeEach(async () => {
    sandbox = await makeSandbox();
    proxy = await startForwardProxy();
    mirror = await startMirror({
      index: [{ version: 'go1.22.5', stable: true, files: [{ filename: v1225.filename, os: goos, arch: goarch, version: 'go1.22.5', sha256: v1225.sha256, size: v1225.size, kind: 'archive' }] }],
      files: { [v1225.filename]: v1225.buffer },
    });
    Object.assign(sandbox.env, { GVX_MIRROR: mirror.url, GVX_HTTP_RETRIES: '0' });
  });
  afterEach(async () => {
    await Promise.all([mirror.close(), proxy.close()]);
    await sandbox.cleanup();
  });

  it('HTTP_PROXY: the index and the archive go through the proxy', async () => {
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { HTTP_PROXY: proxy.url } });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(proxy.requests.length > 0, 'the proxy saw the traffic');
    assert.deepEqual([...proxy.hosts()], [mirrorHost()]);
    // Plain http:// is forwarded as absolute-URI GETs, not tunnelled (proxies often refuse CONNECT to ports other than 443).
    for (const r of proxy.requests) assert.equal(r.method, 'GET', JSON.stringify(r));
    assert.equal(mirror.count('index'), 1);
    assert.equal(mirror.count(v1225.filename), 1);
  });

  it('lower-case http_proxy works too', async () => {
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { http_proxy: proxy.url } });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual([...proxy.hosts()], [mirrorHost()]);
  });

  it('NO_PROXY=127.0.0.1 bypasses the proxy', async () => {
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' } });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(proxy.requests.length, 0);
    assert.equal(mirror.count(v1225.filename), 1);
  });

  it('HTTPS_PROXY: an https:// URL is reached through a CONNECT tunnel to its host:port', async () => {
    // The mirror speaks plain HTTP, so TLS inside the tunnel fails (exit 4); what matters is
    // that the connection was a CONNECT through the proxy, to the right host and port.
    const httpsMirror = mirror.url.replace(/^http:/, 'https:');
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_MIRROR: httpsMirror, HTTPS_PROXY: proxy.url } });
    assert.equal(result.code, 4, result.stderr);
    assert.ok(proxy.requests.length > 0);
    for (const r of proxy.requests) assert.deepEqual(r, { method: 'CONNECT', target: mirrorHost() });
    assert.match(result.stderr, new RegExp(`${httpsMirror.replace(/[.?]/g, '\\$&')}/\\?mode=json`));
    assert.equal(mirror.requests.length, 0, 'no plain-HTTP request reached the mirror');
  });

  it('GOPROXY and the checksum database are reached through the proxy too', async () => {
    const sumdb = await startSumdbServer();
    const modules = await startModuleProxy();
    try {
      const zip = join(sandbox.root, 'toolchain.zip');
      const { moduleVersion } = await writeSyntheticToolchainZip(zip, '1.21.13', goos, goarch);
      sumdb.addFiller(10);
      sumdb.addModule('golang.org/toolchain', moduleVersion, await hashZip(zip), await hashGoMod('module golang.org/toolchain\n'));
      modules.addToolchain(moduleVersion, zip);
      const result = await sandbox.runGvx(['install', '1.21', '--source', 'goproxy'], {
        env: { GOPROXY: modules.url, GOSUMDB: `${sumdb.verifierKey} ${sumdb.url}`, HTTP_PROXY: proxy.url },
      });
      assert.equal(result.code, 0, result.stderr);
      assert.ok(existsSync(join(sandbox.home, 'versions', '1.21.13', 'bin', 'go')));
      const hosts = proxy.hosts();
      assert.ok(hosts.has(new URL(modules.url).host), `GOPROXY traffic went through the proxy (${[...hosts].join(', ')})`);
      assert.ok(hosts.has(new URL(sumdb.url).host), `checksum database traffic went through the proxy (${[...hosts].join(', ')})`);
      assert.ok(modules.count('/@v/list') >= 1 && sumdb.requests.some((r) => r.startsWith('/lookup/')));
    } finally {
      await Promise.all([sumdb.close(), modules.close()]);
    }
  });
});
