// The oracle: the real go command must accept our fixtures. With GOPROXY at the local module
// proxy and GOSUMDB at the local checksum database (its test key), Go 1.21 asked for
// GOTOOLCHAIN=go1.22.12 downloads golang.org/toolchain, verifies it against the database
// (signed tree head, tiles, inclusion) and runs it. Then gvx fetches, verifies and extracts
// the same module from the same servers, and the extracted go runs too.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractToolchainZip } from '../../lib/archive/extract-toolchain-zip.js';
import { loadConfig } from '../../lib/config.js';
import { HttpClient } from '../../lib/net/http.js';
import { fetchVerifiedToolchainZip } from '../../lib/install/verified-toolchain-zip.js';
import { hashGoMod, hashZip } from '../../lib/sumdb/dirhash.js';
import { DEFAULT_UNPACK_LIMITS } from '../helpers/archives.js';
import { startModuleProxy, type ModuleProxy } from '../helpers/module-proxy.js';
import { startSumdbServer, type SumdbServer } from '../helpers/sumdb-server.js';
import { realToolchainModuleZip, type RealToolchainZip } from '../helpers/toolchain-zip.js';
import { runSync } from '../helpers/run-sync.js';

const GO121 = '/usr/lib/go-1.21';
const GO122 = '/usr/lib/go-1.22';

function requireToolchains(ctx: Mocha.Context): void {
  for (const root of [GO121, GO122]) {
    if (existsSync(join(root, 'bin', 'go'))) continue;
    if (process.env.CI) throw new Error(`${root} is missing (apt-get install golang-1.21-go golang-1.22-go from bookworm-backports)`);
    ctx.skip();
  }
}

/** Async, so the in-process servers keep answering while the child runs. */
function run(cmd: string, args: string[], options: { cwd: string; env: Record<string, string> }): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

describe('oracle: the real go command accepts the local GOPROXY and checksum database', function () {
  this.timeout(600_000);
  const config = loadConfig({ env: {} });
  let tmp: string;
  let real: RealToolchainZip;
  let sumdb: SumdbServer;
  let proxy: ModuleProxy;

  before(async function () {
    requireToolchains(this);
    real = await realToolchainModuleZip(GO122, config.goos, config.goarch);
    sumdb = await startSumdbServer();
    sumdb.addFiller(300); // the record lands past the first full tile: full and partial tiles are needed
    sumdb.addModule('golang.org/toolchain', real.moduleVersion, await hashZip(real.zipPath), await hashGoMod('module golang.org/toolchain\n'));
    sumdb.addFiller(17);
    proxy = await startModuleProxy();
    proxy.addToolchain(real.moduleVersion, real.zipPath);
    tmp = await mkdtemp(join(tmpdir(), 'gvx-oracle-'));
  });

  after(async () => {
    await proxy?.close();
    await sumdb?.close();
    if (tmp) {
      runSync('chmod', ['-R', 'u+w', tmp]); // the module cache is read-only
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it(`go 1.21 with GOTOOLCHAIN=go<1.22 tree> downloads, verifies and runs the toolchain module`, async function () {
    const home = join(tmp, 'home');
    const work = join(tmp, 'work');
    await mkdir(home, { recursive: true });
    await mkdir(work, { recursive: true });
    const result = await run(join(GO121, 'bin', 'go'), ['version'], {
      cwd: work,
      env: {
        PATH: '/usr/bin:/bin', // no go<version> binary to find on PATH: it must download
        HOME: home,
        GOPATH: join(tmp, 'gopath'),
        GOMODCACHE: join(tmp, 'modcache'),
        GOCACHE: join(tmp, 'gocache'),
        GOPROXY: proxy.url,
        GOSUMDB: `${sumdb.verifierKey} ${sumdb.url}`,
        GOTOOLCHAIN: `go${real.goVersion}`,
        GOFLAGS: '',
      },
    });
    assert.equal(result.status, 0, `go version failed:\n${result.stderr}`);
    assert.match(result.stdout, new RegExp(`^go version go${real.goVersion.replace(/\./g, '\\.')} `));
    assert.equal(proxy.count(`${real.moduleVersion}.zip`), 1, 'the go command fetched the zip from the proxy');
    assert.ok(sumdb.requests.some((r) => r.startsWith('/lookup/golang.org/toolchain@')), 'it looked the module up');
    assert.ok(sumdb.requests.some((r) => r.startsWith('/tile/8/')), 'it proved inclusion from tiles');
  });

  it('gvx fetches and verifies the same module, and the extracted go runs', async function () {
    const http = new HttpClient(loadConfig({ env: { GOPROXY: proxy.url, GOSUMDB: `${sumdb.verifierKey} ${sumdb.url}`, HOME: join(tmp, 'home') } }));
    const destFile = join(tmp, 'gvx.zip');
    try {
      const fetched = await fetchVerifiedToolchainZip({
        config: loadConfig({ env: { GOPROXY: proxy.url, GOSUMDB: `${sumdb.verifierKey} ${sumdb.url}`, HOME: join(tmp, 'home') } }),
        http,
        spec: '1.22',
        destFile,
      });
      assert.equal(fetched.version, real.goVersion);
      assert.equal(fetched.h1, await hashZip(real.zipPath));
      assert.equal(fetched.proxyUsed, proxy.url);
      const goroot = join(tmp, 'goroot');
      await mkdir(goroot);
      await extractToolchainZip(fetched.zipPath, goroot, fetched.prefix, DEFAULT_UNPACK_LIMITS);
      const ran = await run(join(goroot, 'bin', 'go'), ['version'], { cwd: tmp, env: { PATH: '/usr/bin:/bin', HOME: join(tmp, 'home'), GOTOOLCHAIN: 'local' } });
      assert.equal(ran.status, 0, ran.stderr);
      assert.match(ran.stdout, new RegExp(`^go version go${real.goVersion.replace(/\./g, '\\.')} `));
      assert.ok(existsSync(join(goroot, 'src', 'go.mod')), 'src/_go.mod became src/go.mod');
      assert.ok(!existsSync(join(goroot, 'src', '_go.mod')));
    } finally {
      await http.close();
    }
  });
});
