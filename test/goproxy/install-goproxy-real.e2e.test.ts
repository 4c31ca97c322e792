// `gvx install --source goproxy` with a real Go toolchain (Debian's Go 1.22 repacked as a
// golang.org/toolchain module zip) served by a local GOPROXY beside a synthetic one, and
// vouched for by a local checksum database: it installs, is recorded as verified, and runs.
// The ways of lying, with a synthetic toolchain: install-goproxy.test.ts.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { hashGoMod, hashZip } from '../../lib/sumdb/dirhash.js';
import { requireDebianGo } from '../helpers/debian-go.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type ModuleProxy, startModuleProxy } from '../helpers/module-proxy.js';
import { type SumdbServer, startSumdbServer } from '../helpers/sumdb-server.js';
import { type RealToolchainZip, realToolchainModuleZip, writeSyntheticToolchainZip } from '../helpers/toolchain-zip.js';

const { goos, goarch } = loadConfig({ env: {} });
const GOMOD_H1 = hashGoMod('module golang.org/toolchain\n');
const SYNTHETIC = '1.21.13';
const SYNTHETIC_MV = `v0.0.1-go${SYNTHETIC}.${goos}-${goarch}`;

function record(sandbox: Sandbox, version: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(sandbox.home, 'versions', version, '.gvx-install.json'), 'utf8'));
}

describe('gvx install --source goproxy with a real toolchain (local GOPROXY + checksum database)', function () {
  this.timeout(300_000);
  let real: RealToolchainZip;
  let realH1: string;
  let sandbox: Sandbox;
  let sumdb: SumdbServer;
  let proxy: ModuleProxy;

  before(async function () {
    const go122 = requireDebianGo(this, '1.22');
    real = await realToolchainModuleZip(go122, goos, goarch);
    realH1 = await hashZip(real.zipPath);
  });

  beforeEach(async () => {
    sandbox = await makeSandbox();
    const syntheticZip = join(sandbox.root, 'synthetic.zip');
    await writeSyntheticToolchainZip(syntheticZip, SYNTHETIC, goos, goarch);
    sumdb = await startSumdbServer();
    proxy = await startModuleProxy();
    sumdb.addFiller(300); // records past the first full tile: full and partial tiles are read
    sumdb.addModule('golang.org/toolchain', SYNTHETIC_MV, await hashZip(syntheticZip), await GOMOD_H1);
    proxy.addToolchain(SYNTHETIC_MV, syntheticZip);
    sumdb.addModule('golang.org/toolchain', real.moduleVersion, realH1, await GOMOD_H1);
    proxy.addToolchain(real.moduleVersion, real.zipPath);
    sumdb.addFiller(5);
    Object.assign(sandbox.env, { GOPROXY: proxy.url, GOSUMDB: `${sumdb.verifierKey} ${sumdb.url}`, GVX_HTTP_RETRIES: '0' });
  });

  afterEach(async () => {
    await Promise.all([proxy?.close(), sumdb?.close()]);
    await sandbox?.cleanup();
  });

  it('installs the newest 1.22.x from the proxy (a real toolchain) and its go runs', async () => {
    const result = await sandbox.runGvx(['install', '1.22', '--source', 'goproxy']);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`installed go${real.goVersion.replace(/\./g, '\\.')} in `));
    const goroot = join(sandbox.home, 'versions', real.goVersion);
    const rec = record(sandbox, real.goVersion);
    assert.equal(rec.verified, true);
    assert.equal(rec.verifiedBy, 'h1');
    assert.equal(rec.h1, realH1);
    assert.equal(rec.module, `golang.org/toolchain@${real.moduleVersion}`);
    assert.equal(rec.source, `${proxy.url}/golang.org/toolchain/@v/${real.moduleVersion}.zip`);
    assert.match(String(rec.sha256), /^[0-9a-f]{64}$/);
    assert.equal(proxy.count('/@v/list'), 1, 'the spec was resolved from the proxy list');
    assert.ok(sumdb.requests.some((r) => r === `/lookup/golang.org/toolchain@${real.moduleVersion}`));
    assert.ok(sumdb.requests.some((r) => r.startsWith('/tile/8/')), 'inclusion was proved from tiles');
    assert.ok(existsSync(join(goroot, 'src', 'go.mod')), '_go.mod became go.mod');
    assert.ok(!existsSync(join(goroot, 'toolchain.zip')), 'the zip is not left in the GOROOT');
    const staging = join(sandbox.home, 'staging');
    assert.deepEqual(existsSync(staging) ? readdirSync(staging) : [], []);

    const go = await sandbox.run(join(goroot, 'bin', 'go'), ['version'], { env: { GOTOOLCHAIN: 'local' } });
    assert.equal(go.code, 0, go.stderr);
    assert.equal(go.stdout.trim(), `go version go${real.goVersion} ${goos}/${goarch}`);
    const env = await sandbox.run(join(goroot, 'bin', 'go'), ['env', 'GOROOT'], { env: { GOTOOLCHAIN: 'local' } });
    assert.equal(env.stdout.trim(), goroot);
  });
});
