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

/** GET with an idle timeout; never rejects, so a test can look at what happened. */
function get(url: string, timeoutMs = 5000, method = 'GET'): Promise<Got> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
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
    const started = Date.now();
    await mirror.close();
    const got = await pending;
    assert.equal(got.outcome, 'aborted');
    assert.ok(Date.now() - started < 2000);
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
