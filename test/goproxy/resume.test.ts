// Resumed toolchain module downloads, end to end through the CLI: the zip goes into
// GVX_HOME/downloads and a partial file (a cut connection, kill -9) is continued with
// `Range: bytes=N-` by the same or the next `gvx install --source goproxy`; a proxy without
// Range support gets a clean restart; a kept part that was corrupted is noticed by the h1:
// check and downloaded again from scratch. Also the module proxy helper's Range support and
// failure modes over raw HTTP.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { hashGoMod, hashZip } from '../../lib/sumdb/dirhash.js';
import { GVX_BIN, type Sandbox, makeSandbox } from '../helpers/env.js';
import { type ModuleProxy, type ProxyRequest, startModuleProxy } from '../helpers/module-proxy.js';
import { type SumdbServer, startSumdbServer } from '../helpers/sumdb-server.js';
import { writeSyntheticToolchainZip } from '../helpers/toolchain-zip.js';

const { goos, goarch } = loadConfig({ env: {} });
const VERSION = '1.21.13';

/** Polls `check` every few ms until it holds; fails after `timeoutMs`. */
async function waitFor(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('gvx install --source goproxy: resumed downloads (local GOPROXY + checksum database)', function () {
  this.timeout(60_000);
  let fixtures: string;
  let zipPath: string;
  let zip: Buffer;
  let moduleVersion: string;
  let h1: string;
  let sandbox: Sandbox;
  let sumdb: SumdbServer;
  let proxy: ModuleProxy;
  let child: ChildProcess | undefined;

  before(async () => {
    fixtures = await mkdtemp(join(tmpdir(), 'gvx-resume-'));
    zipPath = join(fixtures, 'toolchain.zip');
    // ~100 KB that deflate cannot shrink much, so a trickle takes long enough to be killed mid-way.
    ({ moduleVersion } = await writeSyntheticToolchainZip(zipPath, VERSION, goos, goarch, {
      replace: { 'lib/blob.txt': randomBytes(96 * 1024).toString('base64') },
    }));
    zip = readFileSync(zipPath);
    h1 = await hashZip(zipPath);
  });

  after(async () => {
    await rm(fixtures, { recursive: true, force: true });
  });

  beforeEach(async () => {
    sandbox = await makeSandbox();
    sumdb = await startSumdbServer();
    proxy = await startModuleProxy();
    sumdb.addFiller(3);
    sumdb.addModule('golang.org/toolchain', moduleVersion, h1, await hashGoMod('module golang.org/toolchain\n'));
    sumdb.addFiller(2);
    proxy.addToolchain(moduleVersion, zipPath);
    Object.assign(sandbox.env, { GOPROXY: proxy.url, GOSUMDB: `${sumdb.verifierKey} ${sumdb.url}`, GVX_HTTP_RETRIES: '0' });
  });

  afterEach(async () => {
    // A test that failed before its kill: end the gvx it started (by its pid), and wait for it.
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise((r) => child!.once('close', r));
      child.kill('SIGKILL');
      await gone;
    }
    child = undefined;
    await Promise.all([proxy.close(), sumdb.close()]);
    await sandbox.cleanup();
  });

  const downloadsDir = () => join(sandbox.home, 'downloads');
  const downloads = () => (existsSync(downloadsDir()) ? readdirSync(downloadsDir()) : []);
  /** The size of the zip in downloads/ (0 while there is none). */
  const partialSize = (): number => {
    const zips = downloads().filter((f) => f.endsWith(`${moduleVersion}.zip`));
    assert.ok(zips.length <= 1, `one zip in downloads/, not ${zips.join(', ')}`);
    return zips.length === 0 ? 0 : statSync(join(downloadsDir(), zips[0]!)).size;
  };
  const zipRequests = (): ProxyRequest[] => proxy.log.filter((r) => r.path.endsWith(`/${moduleVersion}.zip`));
  const zipUrlPath = () => `${new URL(proxy.url).pathname}/golang.org/toolchain/@v/${moduleVersion}.zip`;
  const install = (env: Record<string, string> = {}) => sandbox.runGvx(['install', VERSION, '--source', 'goproxy'], { env });

  function assertInstalled(): void {
    const rec = JSON.parse(readFileSync(join(sandbox.home, 'versions', VERSION, '.gvx-install.json'), 'utf8'));
    assert.equal(rec.module, `golang.org/toolchain@${moduleVersion}`);
    assert.equal(rec.h1, h1);
    assert.equal(rec.verified, true);
    assert.equal(rec.verifiedBy, 'h1');
    assert.equal(rec.source, `${proxy.url}/golang.org/toolchain/@v/${moduleVersion}.zip`);
    assert.equal(readFileSync(join(sandbox.home, 'versions', VERSION, 'lib', 'blob.txt'), 'utf8').length, 128 * 1024);
    assert.deepEqual(downloads(), [], 'downloads/ is empty once installed');
  }

  function assertNothingInstalled(): void {
    const versions = join(sandbox.home, 'versions');
    assert.deepEqual(existsSync(versions) ? readdirSync(versions) : [], [], 'nothing under versions/');
  }

  /**
   * Starts `gvx install` with the zip trickling from the proxy, waits (polling) until
   * downloads/ holds at least `minBytes` of it, then kill -9s it. Returns the size seen before
   * the kill and the size kept after it.
   */
  async function killMidDownload(minBytes: number): Promise<{ seen: number; kept: number }> {
    proxy.zipMode = { kind: 'slow', bytesPerTick: 1024, tickMs: 15, times: 1 };
    const started = spawn(process.execPath, [GVX_BIN, 'install', VERSION, '--source', 'goproxy'], {
      env: sandbox.env,
      cwd: sandbox.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    let stderr = '';
    started.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    started.stdout!.resume();
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      started.once('close', (code, signal) => resolve({ code, signal })),
    );
    await waitFor(`${minBytes} bytes in downloads/ (gvx said: ${stderr})`, () => {
      if (started.exitCode !== null) throw new Error(`gvx exited early (${started.exitCode}): ${stderr}`);
      return partialSize() >= minBytes;
    });
    const seen = partialSize();
    started.kill('SIGKILL');
    const exit = await closed;
    assert.equal(exit.signal, 'SIGKILL');
    const kept = partialSize();
    assert.ok(kept >= seen && kept < zip.length, `kept ${kept} bytes (saw ${seen}) of ${zip.length}`);
    assertNothingInstalled();
    // The proxy noticed its client was gone and stopped trickling.
    await waitFor('the trickle to stop', () => proxy.pendingTicks() === 0);
    // The dead gvx's install lock goes stale 5 s after its last refresh (test/install covers
    // that); date it back instead, as if the next install came a minute later.
    const locks = join(sandbox.home, 'locks');
    const held = readdirSync(locks).filter((f) => f.startsWith(`${VERSION}.`) && f.endsWith('.lock'));
    assert.equal(held.length, 1, `the killed gvx held the install lock (${readdirSync(locks).join(', ')})`);
    const aMinuteAgo = new Date(Date.now() - 60_000);
    utimesSync(join(locks, held[0]!), aMinuteAgo, aMinuteAgo);
    return { seen, kept };
  }

  /**
   * Leaves the first `bytes` of the zip in downloads/: a download cut off, with no retries.
   * Under 64 KiB, one socket read, so the client keeps all of it before it sees the cut.
   */
  async function keepPartial(bytes: number): Promise<string> {
    proxy.zipMode = { kind: 'cut', bytes, times: 1 };
    const cut = await install();
    assert.notEqual(cut.code, 0, 'the cut download fails without retries');
    assertNothingInstalled();
    assert.equal(partialSize(), bytes, 'the partial zip is kept');
    return join(downloadsDir(), downloads()[0]!);
  }

  it('a connection cut mid-zip is resumed by the same install (bytes=K-, 206)', async () => {
    const K = 40_000;
    proxy.zipMode = { kind: 'cut', bytes: K, times: 1 };
    const result = await install({ GVX_HTTP_RETRIES: '1', GVX_HTTP_RETRY_DELAY_MS: '1' });
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(zipRequests(), [
      { path: zipUrlPath(), status: 200 },
      { path: zipUrlPath(), range: `bytes=${K}-`, status: 206 },
    ]);
    assert.match(result.stdout + result.stderr, /resuming the download at/);
    assertInstalled();
  });

  it('after kill -9 mid-download, the next install resumes from the kept bytes (206)', async () => {
    const { seen, kept } = await killMidDownload(16 * 1024);
    const before = zipRequests().length;
    const result = await install();
    assert.equal(result.code, 0, result.stderr);
    const resumed = zipRequests().slice(before);
    assert.deepEqual(resumed, [{ path: zipUrlPath(), range: `bytes=${kept}-`, status: 206 }]);
    assert.ok(kept >= seen);
    assert.match(result.stdout + result.stderr, /resuming the download at/);
    assertInstalled();
  });

  it('a proxy that ignores Range: after kill -9 the next install starts over (200)', async () => {
    proxy.ranges = false;
    const { kept } = await killMidDownload(16 * 1024);
    const before = zipRequests().length;
    const result = await install();
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(zipRequests().slice(before), [{ path: zipUrlPath(), range: `bytes=${kept}-`, status: 200 }]);
    assert.doesNotMatch(result.stdout + result.stderr, /resuming the download at/);
    assertInstalled();
  });

  it('a kept partial zip with a byte flipped in an entry is caught by the h1: check and downloaded again', async () => {
    const K = 40_000;
    const partial = await keepPartial(K);
    // A byte of the first entry's compressed data (as tamperZip changes it), well inside the kept part.
    const offset = 30 + zip.readUInt16LE(26) + zip.readUInt16LE(28) + 1;
    assert.ok(offset < K);
    const bytes = readFileSync(partial);
    bytes[offset]! ^= 0x01;
    writeFileSync(partial, bytes);

    const result = await install();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /the resumed download of golang\.org\/toolchain@\S+ did not verify; downloading it again from the start/);
    assert.deepEqual(zipRequests(), [
      { path: zipUrlPath(), status: 200 }, // cut at K
      { path: zipUrlPath(), range: `bytes=${K}-`, status: 206 }, // resumed onto the flipped byte
      { path: zipUrlPath(), status: 200 }, // from scratch
    ]);
    assertInstalled();
  });

  it('a kept partial zip with a byte flipped in a central directory name (h1: differs, CRCs do not) is downloaded again', async () => {
    const partial = await keepPartial(40_000);
    // Then more was kept (another run got further): everything but the end-of-central-directory
    // record, so the last central entry's name is in it. Flip its last character.
    const K = zip.length - 22;
    const central = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    assert.ok(central > 0);
    const nameAt = central + 46 + zip.readUInt16LE(central + 28) - 1;
    assert.ok(nameAt < K);
    const bytes = Buffer.from(zip.subarray(0, K));
    bytes[nameAt]! ^= 0x01;
    writeFileSync(partial, bytes);

    const result = await install();
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /the resumed download of golang\.org\/toolchain@\S+ did not verify; downloading it again from the start/);
    assert.deepEqual(zipRequests(), [
      { path: zipUrlPath(), status: 200 }, // cut at 40 000
      { path: zipUrlPath(), range: `bytes=${K}-`, status: 206 }, // the last 22 bytes onto the changed name
      { path: zipUrlPath(), status: 200 }, // from scratch
    ]);
    assertInstalled();
  });
});

describe('helpers/module-proxy: Range on zips, cut and slow modes, the request log', function () {
  this.timeout(20_000);
  let dir: string;
  let proxy: ModuleProxy;
  let zipUrl: string;
  const body = randomBytes(64 * 1024);
  const mv = 'v0.0.1-go1.21.13.linux-amd64';

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gvx-proxy-'));
    writeFileSync(join(dir, 'z.zip'), body);
    proxy = await startModuleProxy();
    proxy.addToolchain(mv, join(dir, 'z.zip'));
    zipUrl = `${proxy.url}/golang.org/toolchain/@v/${mv}.zip`;
  });
  afterEach(async () => {
    await proxy.close();
    await rm(dir, { recursive: true, force: true });
  });

  interface Got {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: Buffer;
    complete: boolean;
  }
  const get = (url: string, range?: string): Promise<Got> =>
    new Promise((resolve, reject) => {
      const req = http.get(url, { agent: false, headers: range ? { range } : {} }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        const done = () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete });
        res.on('end', done);
        res.on('aborted', done);
        res.on('error', done);
      });
      req.on('error', reject);
    });

  it('with ranges: 206 for bytes=N-, 416 bytes */size past the end; 200 when ranges are off; all logged', async () => {
    const whole = await get(zipUrl);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.ok(whole.body.equals(body));
    const part = await get(zipUrl, 'bytes=1000-');
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes 1000-${body.length - 1}/${body.length}`);
    assert.equal(part.headers['content-length'], String(body.length - 1000));
    assert.ok(part.body.equals(body.subarray(1000)));
    const past = await get(zipUrl, `bytes=${body.length}-`);
    assert.equal(past.status, 416);
    assert.equal(past.headers['content-range'], `bytes */${body.length}`);
    proxy.ranges = false; // a server that ignores Range
    const ignored = await get(zipUrl, 'bytes=1000-');
    assert.equal(ignored.status, 200);
    assert.equal(ignored.headers['accept-ranges'], undefined);
    assert.ok(ignored.body.equals(body));
    await get(`${proxy.url}/golang.org/toolchain/@v/list`, 'bytes=5-');
    const path = new URL(zipUrl).pathname;
    assert.deepEqual(proxy.log, [
      { path, status: 200 },
      { path, range: 'bytes=1000-', status: 206 },
      { path, range: `bytes=${body.length}-`, status: 416 },
      { path, range: 'bytes=1000-', status: 200 },
      { path: `${new URL(proxy.url).pathname}/golang.org/toolchain/@v/list`, range: 'bytes=5-', status: 200 },
    ]);
    assert.deepEqual(proxy.requests, proxy.log.map((r) => r.path));
  });

  it('cut sends K bytes of the slice, then drops the connection, `times` times', async () => {
    proxy.zipMode = { kind: 'cut', bytes: 5000, times: 1 };
    const cut = await get(zipUrl, 'bytes=1000-');
    assert.equal(cut.status, 206);
    assert.equal(cut.headers['content-length'], String(body.length - 1000), 'promises the whole slice');
    assert.equal(cut.complete, false);
    assert.ok(cut.body.equals(body.subarray(1000, 6000)));
    const next = await get(zipUrl);
    assert.equal(next.complete, true);
    assert.ok(next.body.equals(body));
  });

  it('slow trickles N bytes per tick and stops its timer when the client goes away', async () => {
    proxy.zipMode = { kind: 'slow', bytesPerTick: 100, tickMs: 30 };
    const first = await new Promise<Buffer>((resolve, reject) => {
      const req = http.get(zipUrl, { agent: false }, (res) => {
        res.once('data', (c: Buffer) => {
          req.destroy();
          resolve(c);
        });
      });
      req.on('error', reject);
    });
    assert.ok(first.equals(body.subarray(0, 100)));
    await waitFor('the trickle to stop', () => proxy.pendingTicks() === 0, 1000);
    // A whole (short) trickle arrives intact.
    proxy.zipMode = { kind: 'slow', bytesPerTick: 16 * 1024, tickMs: 5 };
    const slow = await get(zipUrl, 'bytes=100-');
    assert.equal(slow.status, 206);
    assert.ok(slow.body.equals(body.subarray(100)));
  });
});
