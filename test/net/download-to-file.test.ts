// writeBody: a body that fails part-way (a cut connection, a transfer abandoned as too slow)
// still gets every byte it delivered onto the disk before the error is passed on, so the next
// attempt's Range starts right after them. The sink here is slow on purpose: bytes are queued
// behind a write in progress when the body fails, as on a busy disk.

import assert from 'node:assert/strict';
import { Readable, Writable } from 'node:stream';
import { writeBody } from '../../lib/net/download-to-file.js';

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
