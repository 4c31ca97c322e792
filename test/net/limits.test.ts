// Downloads that cannot hang and fail for what they are: the low-speed limit on a trickling
// server (one stall budget for the whole command), redirect loops and redirects to file://,
// host names that do not resolve (no retries), and a Range resume after a cut, through the
// HttpClient and through `gvx install` over real HTTP on loopback.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { GvxError } from '../../lib/errors.js';
import { HttpClient } from '../../lib/net/http.js';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';

const { goos, goarch } = loadConfig({ env: {} });
/** A label longer than DNS allows (63): the resolver refuses it locally, no network needed. */
const UNRESOLVABLE = `${'x'.repeat(64)}.invalid`;

function client(env: Record<string, string>): HttpClient {
  return new HttpClient(loadConfig({ env: { GVX_HOME: '/nonexistent-gvx-home', GVX_HTTP_RETRY_DELAY_MS: '10', ...env } }));
}

async function expectCode(promise: Promise<unknown>, code: string, message?: RegExp): Promise<GvxError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof GvxError, `expected ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.equal(caught.exitCode, 4, 'network failures exit 4');
  if (message) assert.match(caught.message, message);
  return caught;
}

describe('net: limits on downloads (low speed, redirects, DNS)', function () {
  this.timeout(60_000);
  let mirror: Mirror;
  const big = Buffer.alloc(256 * 1024, 7);

  beforeEach(async () => {
    mirror = await startMirror({ files: { 'big.bin': big, 'small.bin': Buffer.from('hello') } });
  });
  afterEach(() => mirror.close());

  it('abandons a body that trickles under the limit, naming the URL and the rate', async () => {
    mirror.setMode('big.bin', { kind: 'slow', bytesPerTick: 10, tickMs: 50 }); // ~200 B/s
    // The idle timeout is longer than the test's: only the low-speed guard can end this in time.
    const http = client({ GVX_HTTP_LOW_SPEED_LIMIT: '1024', GVX_HTTP_LOW_SPEED_TIME: '0.5', GVX_HTTP_RETRIES: '0', GVX_HTTP_TIMEOUT: '3600' });
    const error = await expectCode(http.getBuffer(`${mirror.url}/big.bin`), 'E_HTTP_TOO_SLOW', /big\.bin ran at \d+ B\/s for 0\.5 s, under the 1\.0 KiB\/s limit/);
    assert.match(error.hint ?? '', /GVX_HTTP_LOW_SPEED_LIMIT/);
    await http.close();
  });

  it('leaves a slow but steady body alone', async () => {
    mirror.setMode('big.bin', { kind: 'slow', bytesPerTick: 16 * 1024, tickMs: 20 }); // ~800 KiB/s
    const http = client({ GVX_HTTP_LOW_SPEED_LIMIT: '1024', GVX_HTTP_LOW_SPEED_TIME: '0.2' });
    const response = await http.getBuffer(`${mirror.url}/big.bin`);
    assert.equal(response.body.length, big.length);
    await http.close();
  });

  it('a limit of 0 turns the guard off', async () => {
    mirror.setMode('small.bin', { kind: 'slow', bytesPerTick: 1, tickMs: 20 });
    const http = client({ GVX_HTTP_LOW_SPEED_LIMIT: '0', GVX_HTTP_LOW_SPEED_TIME: '0.05' });
    assert.equal((await http.getBuffer(`${mirror.url}/small.bin`)).body.toString(), 'hello');
    await http.close();
  });

  it('retries count toward one stall budget: a trickling server is given up on after (1 + retries) windows in all', async () => {
    mirror.setMode('big.bin', { kind: 'slow', bytesPerTick: 10, tickMs: 50 });
    mirror.setMode('small.bin', { kind: 'slow', bytesPerTick: 1, tickMs: 100 });
    const http = client({ GVX_HTTP_LOW_SPEED_LIMIT: '1024', GVX_HTTP_LOW_SPEED_TIME: '0.3', GVX_HTTP_RETRIES: '3' });
    // The first URL uses up the budget (4 windows)...
    await expectCode(http.getBuffer(`${mirror.url}/big.bin`), 'E_HTTP_TOO_SLOW', /gave up after/);
    assert.equal(mirror.count('big.bin'), 4);
    // ...so the next one gets a single attempt, not four more.
    await expectCode(http.getBuffer(`${mirror.url}/small.bin`), 'E_HTTP_TOO_SLOW');
    assert.equal(mirror.count('small.bin'), 1);
    await http.close();
  });

  it('reports a redirect loop as a loop, at once', async () => {
    mirror.setMode('a.bin', { kind: 'redirect', location: 'b.bin' });
    mirror.setMode('b.bin', { kind: 'redirect', location: `${mirror.url}/a.bin` });
    const http = client({ GVX_HTTP_RETRIES: '3' });
    await expectCode(http.getBuffer(`${mirror.url}/a.bin`), 'E_HTTP_REDIRECT', /a\.bin redirects in a loop: .*a\.bin -> .*b\.bin -> .*a\.bin/);
    assert.equal(mirror.count('a.bin'), 1, 'no retries of a loop');
    await http.close();
  });

  it('refuses a redirect to file://, naming it', async () => {
    mirror.setMode('small.bin', { kind: 'redirect', location: 'file:///etc/passwd' });
    const http = client({});
    await expectCode(http.getBuffer(`${mirror.url}/small.bin`), 'E_HTTP_REDIRECT', /redirects to file:\/\/\/etc\/passwd; gvx follows redirects only to http:\/\/ and https:\/\//);
    assert.equal(mirror.count('small.bin'), 1);
    await http.close();
  });

  it('follows an ordinary redirect chain and keeps the Range header', async () => {
    mirror.setMode('old.bin', { kind: 'redirect', location: '/big.bin', status: 301 });
    const http = client({});
    const response = await http.open(`${mirror.url}/old.bin`, { headers: { range: 'bytes=100-' } });
    assert.equal(response.status, 206);
    assert.equal(response.url, `${mirror.url}/big.bin`);
    let n = 0;
    for await (const chunk of response.body) n += (chunk as Buffer).length;
    assert.equal(n, big.length - 100);
    assert.equal(mirror.requests.find((r) => r.path === '/big.bin')?.range, 'bytes=100-');
    await http.close();
  });

  it('a host name that does not resolve fails at once, named, without retries', async () => {
    // One retry delay is longer than the test's timeout: a retry fails the test.
    const http = client({ GVX_HTTP_RETRIES: '3', GVX_HTTP_RETRY_DELAY_MS: '3600000' });
    await expectCode(http.getBuffer(`http://${UNRESOLVABLE}/dl/`), 'E_HTTP_DNS', new RegExp(`cannot resolve host name "${UNRESOLVABLE}" .*no proxy is set`));
    await http.close();
  });

  it('names the proxy when it is the proxy that does not resolve', async () => {
    const http = client({ HTTP_PROXY: `http://${UNRESOLVABLE}:3128`, GVX_HTTP_RETRY_DELAY_MS: '2000' });
    const error = await expectCode(http.getBuffer(`${mirror.url}/small.bin`), 'E_HTTP_DNS', /it is the proxy in HTTP_PROXY/);
    assert.match(error.hint ?? '', /check HTTP_PROXY/);
    await http.close();
  });
});

describe('gvx install: cut, trickling and unresolvable mirrors', function () {
  this.timeout(60_000);
  let mirror: Mirror;
  let sandbox: Sandbox;
  const v1225 = fakeToolchain('1.22.5');
  const index = [{ version: 'go1.22.5', stable: true, files: [{ filename: v1225.filename, os: goos, arch: goarch, version: 'go1.22.5', sha256: v1225.sha256, size: v1225.size, kind: 'archive' }] }];

  beforeEach(async () => {
    mirror = await startMirror({ index, files: { [v1225.filename]: v1225.buffer } });
    sandbox = await makeSandbox();
    Object.assign(sandbox.env, { GVX_MIRROR: mirror.url, GVX_HTTP_RETRY_DELAY_MS: '20' });
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  it('a body cut half-way is continued with Range, and the whole file verifies', async () => {
    const half = Math.floor(v1225.size / 2);
    mirror.setMode(v1225.filename, { kind: 'truncate', bytes: half, times: 1 });
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 0, result.stderr);
    const gets = mirror.requests.filter((r) => r.resource === v1225.filename);
    assert.equal(gets.length, 2);
    assert.equal(gets[0]!.range, undefined);
    assert.equal(gets[1]!.range, `bytes=${half}-`);
    assert.equal(gets[1]!.status, 206);
    assert.match(result.stderr, /resuming the download at/);
    const record = JSON.parse(readFileSync(join(sandbox.home, 'versions', '1.22.5', '.gvx-install.json'), 'utf8'));
    assert.equal(record.sha256, v1225.sha256);
    assert.deepEqual(readdirSync(join(sandbox.home, 'downloads')), [], 'the download is dropped once installed');
  });

  it('a cut after many socket reads keeps every byte that arrived: the retry asks for exactly the rest', async () => {
    // 3 MiB of body, cut at 2 MiB + 1: many reads, so bytes are still queued for the disk
    // when the connection drops; they are written before the retry, which starts right after.
    const big = fakeToolchain('1.22.5', { padBytes: 3 * 1024 * 1024 });
    const bigIndex = [{ ...index[0]!, files: [{ ...index[0]!.files[0]!, sha256: big.sha256, size: big.size }] }];
    await mirror.close();
    mirror = await startMirror({ index: bigIndex, files: { [big.filename]: big.buffer } });
    sandbox.env.GVX_MIRROR = mirror.url;
    const cutAt = 2 * 1024 * 1024 + 1;
    mirror.setMode(big.filename, { kind: 'truncate', bytes: cutAt, times: 1 });
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 0, result.stderr);
    const gets = mirror.requests.filter((r) => r.resource === big.filename);
    assert.deepEqual(gets.map((g) => [g.range, g.status]), [[undefined, 200], [`bytes=${cutAt}-`, 206]]);
  });

  it('a server that ignores Range gets a clean restart', async () => {
    mirror.setRanges(false);
    mirror.setMode(v1225.filename, { kind: 'truncate', bytes: Math.floor(v1225.size / 2), times: 1 });
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 0, result.stderr);
    const gets = mirror.requests.filter((r) => r.resource === v1225.filename);
    assert.equal(gets.length, 2);
    assert.equal(gets[1]!.status, 200);
    assert.doesNotMatch(result.stderr, /resuming/);
    assert.ok(existsSync(join(sandbox.home, 'versions', '1.22.5', 'bin', 'go')));
  });

  it('a trickling archive fails with exit 4 and the rate, within the stall budget, and frees the lock', async () => {
    mirror.setMode(v1225.filename, { kind: 'slow', bytesPerTick: 5, tickMs: 50 });
    const env = { GVX_HTTP_LOW_SPEED_LIMIT: '1024', GVX_HTTP_LOW_SPEED_TIME: '0.5', GVX_HTTP_RETRIES: '2' };
    const result = await sandbox.runGvx(['install', '1.22.5'], { env });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /gvx: error: the download from .*go1\.22\.5\..*\.tar\.gz ran at \d+ B\/s for 0\.5 s, under the 1\.0 KiB\/s limit; abandoned; gave up after \d+ s of stalled or slow transfers/);
    assert.equal(mirror.count(v1225.filename), 3, '1 + GVX_HTTP_RETRIES attempts');
    // Each retry continued what the one before kept.
    const ranges = mirror.requests.filter((r) => r.resource === v1225.filename).map((r) => r.range);
    assert.equal(ranges[0], undefined);
    for (const r of ranges.slice(1)) assert.match(r ?? '', /^bytes=[1-9]\d*-$/);
    assert.equal(existsSync(join(sandbox.home, 'versions', '1.22.5')), false);
    assert.equal(existsSync(join(sandbox.home, 'locks', '1.22.5.lock-target.lock')), false, 'the lock is released');
  });

  it('an unresolvable mirror fails at once with exit 4, naming the host', async () => {
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { GVX_MIRROR: `http://${UNRESOLVABLE}/dl`, GVX_HTTP_RETRY_DELAY_MS: '5000' } });
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, new RegExp(`cannot resolve host name "${UNRESOLVABLE}"`));
    assert.doesNotMatch(result.stderr, /retrying/);
  });

  it('a redirect loop fails with exit 4 and says so, without retries', async () => {
    mirror.setMode(v1225.filename, { kind: 'redirect', location: v1225.filename });
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 4, result.stderr);
    assert.match(result.stderr, /redirects in a loop/);
    assert.doesNotMatch(result.stderr, /retrying|UND_ERR/);
  });
});
