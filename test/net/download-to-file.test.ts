// writeBody: a body that fails part-way (a cut connection, a transfer abandoned as too slow)
// still gets every byte it delivered onto the disk before the error is passed on, so the next
// attempt's Range starts right after them. The sink here is slow on purpose: bytes are queued
// behind a write in progress when the body fails, as on a busy disk.
// downloadToFile: the file it continues must be a regular file of its own (checked on the
// open handle, whatever was checked before): a FIFO or a hard link is refused, untouched.

import assert from 'node:assert/strict';
import { linkSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { loadConfig } from '../../lib/config.js';
import { downloadToFile, writeBody } from '../../lib/net/download-to-file.js';
import { HttpClient } from '../../lib/net/http.js';
import { expectGvxError } from '../helpers/gvx-error.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { makeFifo } from '../helpers/fifo.js';

/** A sink whose every write completes only after the next one is queued (a slow disk). */
function slowSink(written: Buffer[]): Writable {
  return new Writable({
    highWaterMark: 1024 * 1024,
    write(chunk: Buffer, _encoding, callback) {
      setImmediate(() => {
        written.push(chunk);
        callback();
      });
    },
  });
}

/** A body that delivers `chunks` at once, then fails. */
function failingBody(chunks: Buffer[], error: Error): Readable {
  const body = new Readable({ read() {} });
  for (const c of chunks) body.push(c);
  process.nextTick(() => body.destroy(error));
  return body;
}

describe('net/download-to-file: writeBody', () => {
  it('a body that fails part-way: every delivered byte is written, then its error is passed on', async () => {
    const chunks = Array.from({ length: 8 }, (_, i) => Buffer.alloc(64 * 1024, i));
    const written: Buffer[] = [];
    const cut = new Error('other side closed');
    await assert.rejects(writeBody(failingBody(chunks, cut), slowSink(written)), (error) => error === cut);
    assert.equal(Buffer.concat(written).length, 8 * 64 * 1024);
    assert.ok(Buffer.concat(written).equals(Buffer.concat(chunks)));
  });

  it('a whole body is written and resolves', async () => {
    const chunks = [Buffer.from('a'), Buffer.from('b')];
    const written: Buffer[] = [];
    await writeBody(Readable.from(chunks), slowSink(written));
    assert.equal(Buffer.concat(written).toString(), 'ab');
  });

  it('a sink that fails (a full disk, a file over its size) rejects with its own error', async () => {
    const full = new Error('ENOSPC');
    const sink = new Writable({ write: (_c, _e, callback) => callback(full) });
    const body = Readable.from([Buffer.from('x'), Buffer.from('y')]);
    await assert.rejects(writeBody(body, sink), (error) => error === full);
  });
});

describe('net/download-to-file: downloadToFile refuses a file that is not its own', () => {
  let root: string;
  let mirror: Mirror;
  let http: HttpClient;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'gvx-download-'));
    mirror = await startMirror({ files: { 'a.tar.gz': Buffer.from('archive bytes') } });
    http = new HttpClient(loadConfig({ env: { GVX_HOME: join(root, 'home') } }));
  });
  afterEach(async () => {
    await mirror.close();
    await rm(root, { recursive: true, force: true });
  });

  const download = (file: string) =>
    downloadToFile(http, { url: `${mirror.url}/a.tar.gz`, file, maxBytes: 1024, statusError: (status) => new Error(`HTTP ${status}`) });

  it('downloads into a new file', async () => {
    const file = join(root, 'a.tar.gz');
    assert.equal((await download(file)).bytes, 13);
    assert.equal(readFileSync(file, 'utf8'), 'archive bytes');
  });

  it('a hard link: refused, the other name keeps its content, nothing requested', async () => {
    const userFile = join(root, 'notes.txt');
    writeFileSync(userFile, 'the user file');
    const file = join(root, 'a.tar.gz');
    linkSync(userFile, file);
    await expectGvxError(download(file), 'E_FS_OTHER', /a\.tar\.gz is a file with 2 links: gvx does not write a download through it/);
    assert.equal(readFileSync(userFile, 'utf8'), 'the user file');
    assert.equal(mirror.count('a.tar.gz'), 0);
  });

  it('a FIFO: refused without blocking', async () => {
    const file = join(root, 'a.tar.gz');
    makeFifo(file);
    await expectGvxError(download(file), 'E_FS_OTHER', /a\.tar\.gz is not a regular file: gvx does not write a download through it/);
    assert.equal(mirror.count('a.tar.gz'), 0);
  });
});
