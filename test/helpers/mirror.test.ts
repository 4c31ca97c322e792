// The mirror's failure modes are what install tests rely on; check each over real HTTP with a
// plain node:http client, so a broken mode cannot make an install test pass for the wrong reason.

import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type Mirror, startMirror, startMirrorWithIndex } from './mirror.js';

interface Got {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** How the body ended: complete, cut off by the server, or by our timeout. */
  outcome: 'complete' | 'aborted' | 'timeout';
  ms: number;
}

/** GET with an idle timeout; never rejects, so a test can look at what happened. Never follows redirects. */
function get(url: string, timeoutMs = 5000, method = 'GET', headers: http.OutgoingHttpHeaders = {}): Promise<Got> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const done = (outcome: Got['outcome']) => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), outcome, ms: Date.now() - started });
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(res.complete ? 'complete' : 'aborted'));
      res.on('aborted', () => done('aborted'));
      res.on('error', () => done('aborted'));
      res.on('close', () => done(res.complete ? 'complete' : 'aborted'));
      req.setTimeout(timeoutMs, () => {
        done('timeout');
        req.destroy();
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('helpers/mirror: a local go.dev/dl', () => {
  const archive = randomBytes(64 * 1024);
  const index = [{ version: 'go1.22.5', stable: true, files: [] }];
  let mirror: Mirror;
  beforeEach(async () => {
    mirror = await startMirror({ index });
    mirror.addFile('go1.22.5.linux-amd64.tar.gz', archive);
  });
  afterEach(async () => {
    await mirror.close();
  });

  it('serves the index for mode=json&include=all in any order, and 404s anything else', async () => {
    assert.match(mirror.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    for (const q of ['?mode=json&include=all', '?include=all&mode=json']) {
      const got = await get(`${mirror.url}/${q}`);
      assert.equal(got.status, 200);
      assert.match(String(got.headers['content-type']), /json/);
      assert.deepEqual(JSON.parse(got.body.toString()), index);
    }
    assert.equal((await get(`${mirror.url}/?mode=json`)).status, 404);
    assert.equal((await get(`${mirror.url}/nope.tar.gz`)).status, 404);
    assert.equal(mirror.count('index'), 2);
    assert.equal(mirror.requests.length, 4);

    mirror.setIndex('not json');
    assert.equal((await get(`${mirror.url}/?mode=json&include=all`)).body.toString(), 'not json');
  });

  it('serves files whole with a Content-Length, and counts requests by path or filename', async () => {
    const got = await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`);
    assert.equal(got.outcome, 'complete');
    assert.equal(got.headers['content-length'], String(archive.length));
    assert.ok(got.body.equals(archive));
    const head = await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`, 5000, 'HEAD');
    assert.equal(head.headers['content-length'], String(archive.length));
    assert.equal(mirror.count('/go1.22.5.linux-amd64.tar.gz'), 2);
    assert.equal(mirror.count('go1.22.5.linux-amd64.tar.gz'), 2);
    assert.deepEqual(mirror.requests.map((r) => r.method), ['GET', 'HEAD']);
  });

  it('status N times, then serves normally; without times it always fails', async () => {
    mirror.setMode('go1.22.5.linux-amd64.tar.gz', { kind: 'status', status: 503, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`)).status);
    assert.deepEqual(statuses, [503, 503, 200]);

    mirror.setMode('index', { kind: 'status', status: 500 });
    for (let i = 0; i < 3; i++) assert.equal((await get(`${mirror.url}/?mode=json&include=all`)).status, 500);
    mirror.setMode('index', { kind: 'ok' });
    assert.equal((await get(`${mirror.url}/?mode=json&include=all`)).status, 200);
  });

  it('truncate promises the full length, sends some bytes, then cuts the connection', async () => {
    mirror.setMode('go1.22.5.linux-amd64.tar.gz', { kind: 'truncate', bytes: 1000, times: 1 });
    const cut = await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`);
    assert.equal(cut.status, 200);
    assert.equal(cut.headers['content-length'], String(archive.length));
    assert.equal(cut.outcome, 'aborted');
    assert.equal(cut.body.length, 1000);
    assert.ok(cut.body.equals(archive.subarray(0, 1000)));
    assert.equal((await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`)).outcome, 'complete', 'times: 1');
  });

  it('stall sends headers and some bytes, then nothing: only a client timeout ends it', async () => {
    mirror.setMode('go1.22.5.linux-amd64.tar.gz', { kind: 'stall', afterBytes: 4096 });
    const got = await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`, 300);
    assert.equal(got.status, 200);
    assert.equal(got.outcome, 'timeout');
    assert.equal(got.body.length, 4096);
    assert.ok(got.ms >= 280, `${got.ms} ms`);
  });

  it('slow delivers everything, bytesPerTick every tickMs', async () => {
    mirror.setMode('go1.22.5.linux-amd64.tar.gz', { kind: 'slow', bytesPerTick: 16 * 1024, tickMs: 50 });
    const got = await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`);
    assert.equal(got.outcome, 'complete');
    assert.ok(got.body.equals(archive));
    assert.ok(got.ms >= 150, `4 ticks of 16 KiB take at least 3 pauses: ${got.ms} ms`);
  });

  it('garbage is a 200 that is neither JSON nor gzip', async () => {
    mirror.setMode('index', { kind: 'garbage' });
    mirror.setMode('go1.22.5.linux-amd64.tar.gz', { kind: 'garbage' });
    const idx = await get(`${mirror.url}/?include=all&mode=json`);
    assert.equal(idx.status, 200);
    assert.throws(() => JSON.parse(idx.body.toString()));
    const file = await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`);
    assert.equal(file.status, 200);
    assert.throws(() => gunzipSync(file.body));
  });

  it('corrupt keeps the length but not the checksum', async () => {
    mirror.setMode('go1.22.5.linux-amd64.tar.gz', { kind: 'corrupt', times: 1 });
    const got = await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`);
    assert.equal(got.body.length, archive.length);
    assert.ok(!got.body.equals(archive));
    assert.ok((await get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`)).body.equals(archive));
  });

  it('close() ends stalled connections, so mocha can exit', async () => {
    mirror.setMode('go1.22.5.linux-amd64.tar.gz', { kind: 'stall', afterBytes: 10 });
    const pending = get(`${mirror.url}/go1.22.5.linux-amd64.tar.gz`, 60_000);
    await new Promise((r) => setTimeout(r, 100));
    await mirror.close(); // a close that waited for the stalled client would run into the test's timeout
    const got = await pending;
    assert.equal(got.outcome, 'aborted');
  });
});

describe('helpers/mirror: Range requests, redirects, trickles', () => {
  const name = 'go1.22.5.linux-amd64.tar.gz';
  const archive = randomBytes(64 * 1024);
  let mirror: Mirror;
  let fileUrl: string;
  beforeEach(async () => {
    mirror = await startMirror({ index: [] });
    mirror.addFile(name, archive);
    fileUrl = `${mirror.url}/${name}`;
  });
  afterEach(async () => {
    await mirror.close();
  });

  it('answers bytes=N- with a 206 of the rest, and advertises Accept-Ranges on every file response', async () => {
    const whole = await get(fileUrl);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.equal(whole.headers['content-range'], undefined);

    const part = await get(fileUrl, 5000, 'GET', { range: 'bytes=1000-' });
    assert.equal(part.status, 206);
    assert.equal(part.outcome, 'complete');
    assert.equal(part.headers['accept-ranges'], 'bytes');
    assert.equal(part.headers['content-range'], `bytes 1000-${archive.length - 1}/${archive.length}`);
    assert.equal(part.headers['content-length'], String(archive.length - 1000));
    assert.ok(part.body.equals(archive.subarray(1000)));

    const head = await get(fileUrl, 5000, 'HEAD');
    assert.equal(head.headers['accept-ranges'], 'bytes');
    // The index is never ranged: it is small and the client never resumes it.
    const idx = await get(`${mirror.url}/?mode=json&include=all`, 5000, 'GET', { range: 'bytes=1-' });
    assert.equal(idx.status, 200);
    assert.equal(idx.headers['accept-ranges'], undefined);
  });

  it('answers bytes=N-M with exactly that slice, clamping M to the end', async () => {
    const part = await get(fileUrl, 5000, 'GET', { range: 'bytes=100-199' });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-range'], `bytes 100-199/${archive.length}`);
    assert.equal(part.headers['content-length'], '100');
    assert.ok(part.body.equals(archive.subarray(100, 200)));

    const tail = await get(fileUrl, 5000, 'GET', { range: `bytes=${archive.length - 10}-${archive.length + 1000}` });
    assert.equal(tail.status, 206);
    assert.equal(tail.headers['content-range'], `bytes ${archive.length - 10}-${archive.length - 1}/${archive.length}`);
    assert.ok(tail.body.equals(archive.subarray(-10)));
  });

  it('answers 416 with bytes */total for a start at or past the end', async () => {
    for (const start of [archive.length, archive.length + 1]) {
      const got = await get(fileUrl, 5000, 'GET', { range: `bytes=${start}-` });
      assert.equal(got.status, 416);
      assert.equal(got.headers['content-range'], `bytes */${archive.length}`);
    }
  });

  it('setRanges(false) ignores Range: a 200 with the whole file and no Accept-Ranges; true restores', async () => {
    mirror.setRanges(false);
    const got = await get(fileUrl, 5000, 'GET', { range: 'bytes=1000-' });
    assert.equal(got.status, 200);
    assert.equal(got.headers['accept-ranges'], undefined);
    assert.equal(got.headers['content-range'], undefined);
    assert.ok(got.body.equals(archive));
    mirror.setRanges(true);
    assert.equal((await get(fileUrl, 5000, 'GET', { range: 'bytes=1000-' })).status, 206);
  });

  it('truncate, corrupt and stall apply to the slice of a 206', async () => {
    mirror.setMode(name, { kind: 'truncate', bytes: 500, times: 1 });
    const cut = await get(fileUrl, 5000, 'GET', { range: 'bytes=1000-' });
    assert.equal(cut.status, 206);
    assert.equal(cut.headers['content-length'], String(archive.length - 1000), 'promises the whole slice');
    assert.equal(cut.outcome, 'aborted');
    assert.ok(cut.body.equals(archive.subarray(1000, 1500)));

    mirror.setMode(name, { kind: 'corrupt', times: 1 });
    const bad = await get(fileUrl, 5000, 'GET', { range: 'bytes=1000-1999' });
    assert.equal(bad.status, 206);
    assert.equal(bad.body.length, 1000);
    const differing = [...bad.body].flatMap((b, i) => (b === archive[1000 + i] ? [] : [i]));
    assert.deepEqual(differing, [500], 'the middle byte of the slice');

    mirror.setMode(name, { kind: 'stall', afterBytes: 10, times: 1 });
    const stalled = await get(fileUrl, 300, 'GET', { range: 'bytes=2000-' });
    assert.equal(stalled.outcome, 'timeout');
    assert.ok(stalled.body.equals(archive.subarray(2000, 2010)));
  });

  it('records the Range header and the status answered', async () => {
    mirror.setMode(name, { kind: 'truncate', bytes: 1000, times: 1 });
    await get(fileUrl);
    await get(fileUrl, 5000, 'GET', { range: 'bytes=1000-' });
    await get(fileUrl, 5000, 'GET', { range: `bytes=${archive.length}-` });
    await get(`${mirror.url}/nope.tar.gz`);
    assert.deepEqual(mirror.requests, [
      { method: 'GET', path: `/${name}`, resource: name, status: 200 },
      { method: 'GET', path: `/${name}`, resource: name, range: 'bytes=1000-', status: 206 },
      { method: 'GET', path: `/${name}`, resource: name, range: `bytes=${archive.length}-`, status: 416 },
      { method: 'GET', path: '/nope.tar.gz', status: 404 },
    ]);
  });

  it('redirect answers the status and Location as given, counts down, and needs no file behind it', async () => {
    mirror.setMode(name, { kind: 'redirect', location: `/${name}`, times: 2 });
    const loop = await get(fileUrl);
    assert.equal(loop.status, 302);
    assert.equal(loop.headers.location, `/${name}`);
    assert.equal((await get(fileUrl)).status, 302);
    assert.equal((await get(fileUrl)).status, 200, 'times: 2');

    mirror.setMode(name, { kind: 'redirect', location: 'file:///etc/passwd', status: 301 });
    const escape = await get(fileUrl);
    assert.equal(escape.status, 301);
    assert.equal(escape.headers.location, 'file:///etc/passwd');

    // Two names bouncing between each other, neither of them a file.
    mirror.setMode('a.tar.gz', { kind: 'redirect', location: `${mirror.url}/b.tar.gz`, status: 307 });
    mirror.setMode('b.tar.gz', { kind: 'redirect', location: `${mirror.url}/a.tar.gz` });
    const a = await get(`${mirror.url}/a.tar.gz`);
    assert.equal(a.status, 307);
    assert.equal(a.headers.location, `${mirror.url}/b.tar.gz`);
    assert.equal((await get(a.headers.location!)).headers.location, `${mirror.url}/a.tar.gz`);
    assert.deepEqual(
      mirror.requests.slice(-2).map((r) => [r.resource, r.status]),
      [['a.tar.gz', 307], ['b.tar.gz', 302]],
    );
    assert.equal(mirror.count('a.tar.gz'), 1);
    assert.equal(mirror.count(name), 4);
  });

  it('slow at a trickle keeps sending until the client leaves, then stops its timer', async () => {
    const big = randomBytes(4 * 1024 * 1024);
    mirror.addFile('big.tar.gz', big);
    // Track the mirror's tick timers by their unusual delay; mocha captured its own timers at load.
    const tickMs = 333;
    const live = new Set<unknown>();
    const realSet = globalThis.setTimeout;
    const realClear = globalThis.clearTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number, ...args: unknown[]) => {
      if (ms !== tickMs) return realSet(fn, ms, ...args);
      const t = realSet(() => {
        live.delete(t);
        fn();
      }, ms);
      live.add(t);
      return t;
    }) as typeof setTimeout;
    globalThis.clearTimeout = ((t: NodeJS.Timeout | undefined) => {
      live.delete(t);
      realClear(t);
    }) as typeof clearTimeout;
    try {
      mirror.setMode('big.tar.gz', { kind: 'slow', bytesPerTick: 10, tickMs });
      const first = await new Promise<Buffer>((resolve, reject) => {
        const req = http.get(`${mirror.url}/big.tar.gz`, { agent: false }, (res) => {
          assert.equal(res.headers['content-length'], String(big.length));
          res.once('data', (c: Buffer) => {
            req.destroy();
            resolve(c);
          });
        });
        req.on('error', reject);
      });
      assert.ok(first.equals(big.subarray(0, 10)));
      // Well under one tick: a timer merely left to fire (and find the socket gone) would still be live.
      for (let i = 0; i < 15 && live.size > 0; i++) await new Promise((r) => realSet(r, 10));
      assert.equal(live.size, 0, 'the next tick was cancelled when the client left, not left to fire');
    } finally {
      globalThis.setTimeout = realSet;
      globalThis.clearTimeout = realClear;
    }
  });

  it('close() is prompt while a trickle is in flight', async () => {
    const big = randomBytes(1024 * 1024);
    mirror.addFile('big.tar.gz', big);
    mirror.setMode('big.tar.gz', { kind: 'slow', bytesPerTick: 10, tickMs: 100 });
    const pending = get(`${mirror.url}/big.tar.gz`, 60_000, 'GET', { range: 'bytes=100-' });
    await new Promise((r) => setTimeout(r, 450));
    await mirror.close(); // prompt: a close that waited for the 100 KiB trickle would take hours
    const got = await pending;
    assert.equal(got.status, 206);
    assert.equal(got.outcome, 'aborted');
    // Whole ticks of 10 bytes, far from all of it (how many ticks fit in 450 ms is the machine's business).
    assert.ok(got.body.length % 10 === 0 && got.body.length < 10_000, `${got.body.length} bytes`);
    assert.ok(got.body.equals(big.subarray(100, 100 + got.body.length)));
  });
});

describe('helpers/mirror: startMirrorWithIndex', () => {
  let dir: string;
  let mirror: Mirror | undefined;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gvx-mirror-test-'));
  });
  after(async () => {
    await mirror?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('builds the go.dev index (hash and size from the source) and streams files from disk', async () => {
    const onDisk = randomBytes(300 * 1024);
    const file = join(dir, 'go1.21.9.linux-amd64.tar.gz');
    await writeFile(file, onDisk);
    const inMemory = randomBytes(1000);
    mirror = await startMirrorWithIndex(
      [
        { version: '1.22rc1', files: [{ filename: 'go1.22rc1.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', source: inMemory }] },
        { version: 'go1.21.9', files: [{ filename: 'go1.21.9.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', source: file }] },
      ],
      { basePath: '/dl' },
    );
    assert.match(mirror.url, /\/dl$/);
    const idx = JSON.parse((await get(`${mirror.url}/?mode=json&include=all`)).body.toString());
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    assert.deepEqual(idx, [
      { version: 'go1.22rc1', stable: false, files: [{ filename: 'go1.22rc1.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.22rc1', sha256: sha(inMemory), size: 1000, kind: 'archive' }] },
      { version: 'go1.21.9', stable: true, files: [{ filename: 'go1.21.9.linux-amd64.tar.gz', os: 'linux', arch: 'amd64', version: 'go1.21.9', sha256: sha(onDisk), size: onDisk.length, kind: 'archive' }] },
    ]);
    const got = await get(`${mirror.url}/go1.21.9.linux-amd64.tar.gz`);
    assert.ok(got.body.equals(onDisk));
    assert.equal(mirror.count('/go1.21.9.linux-amd64.tar.gz'), 1);

    // Failure modes work for files streamed from disk too.
    mirror.setMode('go1.21.9.linux-amd64.tar.gz', { kind: 'truncate', bytes: 100_000, times: 1 });
    const cut = await get(`${mirror.url}/go1.21.9.linux-amd64.tar.gz`);
    assert.equal(cut.outcome, 'aborted');
    assert.equal(cut.body.length, 100_000);
    assert.equal((await get(`http://${new URL(mirror.url).host}/go1.21.9.linux-amd64.tar.gz`)).status, 404, 'outside basePath');
  });
});
