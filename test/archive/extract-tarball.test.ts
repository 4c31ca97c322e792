// Unit tests of the streaming extractor (lib/archive/extract-tarball.ts) on small archives:
// a normal tree round-trips, hostile archives are refused without writing outside dest,
// corrupt input is E_ARCHIVE_CORRUPT, a failing source is a network error, and archives past
// the unpack caps (decompression bombs) are refused at the header, before their data is written.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar';
import { GvxError } from '../../lib/errors.js';
import { extractTarball } from '../../lib/archive/extract-tarball.js';
import type { UnpackLimits } from '../../lib/archive/unpack-policy.js';
import { DEFAULT_UNPACK_LIMITS, type Hostile, type TarEntry, fakeToolchain, tarBytes, tarGz, tarHeader } from '../helpers/archives.js';
import { runSyncOk } from '../helpers/run-sync.js';

/** The bytes as a stream of small chunks, like a network body. */
function chunked(buffer: Buffer, size = 7919): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += size) chunks.push(buffer.subarray(i, i + size));
  return Readable.from(chunks, { objectMode: false });
}

/** Regular files under `dir` and their total size: what an extraction left on disk. */
function filesUnder(dir: string): { count: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const st = lstatSync(join(dir, name));
    if (st.isFile()) {
      count++;
      bytes += st.size;
    }
  }
  return { count, bytes };
}

async function rejection(promise: Promise<unknown>): Promise<GvxError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof GvxError, `expected a GvxError, got ${(error as Error)?.stack ?? String(error)}`);
    return error;
  }
  assert.fail('expected the extraction to fail');
}

describe('extractTarball', function () {
  let work: string;
  /** `work/dest` is the extraction root; `work` holds nothing else, so leaks are visible. */
  let dest: string;
  const umask = process.umask();

  beforeEach(function () {
    work = mkdtempSync(join(tmpdir(), 'gvx-extract-'));
    dest = join(work, 'dest');
    mkdirSync(dest);
  });
  afterEach(function () {
    rmSync(work, { recursive: true, force: true });
  });

  const extract = (buffer: Buffer | Readable, archiveName = 'go1.99.0.linux-amd64.tar.gz') =>
    extractTarball(Buffer.isBuffer(buffer) ? chunked(buffer) : buffer, { dest, archiveName, sourcePath: '/tmp/x.tar.gz', limits: DEFAULT_UNPACK_LIMITS });

  it('round-trips a normal tree made by node-tar: contents, modes, symlinks, size', async function () {
    const src = mkdtempSync(join(tmpdir(), 'gvx-extract-src-'));
    try {
      const big = randomBytes(3 * 1024 * 1024 + 17); // spans many chunks and zlib outputs
      mkdirSync(join(src, 'go', 'bin'), { recursive: true });
      mkdirSync(join(src, 'go', 'src', 'deep', 'er'), { recursive: true });
      mkdirSync(join(src, 'go', 'private'), { mode: 0o700 });
      writeFileSync(join(src, 'go', 'VERSION'), 'go1.99.0\n');
      writeFileSync(join(src, 'go', 'bin', 'go'), '#!/bin/sh\necho go\n', { mode: 0o755 });
      writeFileSync(join(src, 'go', 'src', 'deep', 'er', 'big.bin'), big);
      writeFileSync(join(src, 'go', 'src', 'empty'), '');
      writeFileSync(join(src, 'go', 'private', 'secret'), 'x', { mode: 0o600 });
      chmodSync(join(src, 'go', 'bin', 'go'), 0o755);
      chmodSync(join(src, 'go', 'private', 'secret'), 0o600);
      symlinkSync('go', join(src, 'go', 'bin', 'go-link'));
      symlinkSync('src/deep', join(src, 'go', 'deep-link'));
      symlinkSync('../VERSION', join(src, 'go', 'bin', 'version-link'));
      const long = `go/src/${'d'.repeat(90)}/${'e'.repeat(90)}`;
      mkdirSync(join(src, long), { recursive: true });
      writeFileSync(join(src, long, `${'f'.repeat(120)}.txt`), 'long name\n'); // pax / long names
      const chunks: Buffer[] = [];
      for await (const c of tar.c({ gzip: true, cwd: src, portable: true }, ['go'])) chunks.push(c);
      const archive = Buffer.concat(chunks);

      const result = await extractTarball(chunked(archive, 65536), {
        dest,
        archiveName: 'go1.99.0.linux-amd64.tar.gz',
        sourcePath: '/tmp/x.tar.gz',
        limits: DEFAULT_UNPACK_LIMITS,
      });
      assert.equal(result.bytes, archive.length);

      assert.equal(readFileSync(join(dest, 'VERSION'), 'utf8'), 'go1.99.0\n');
      assert.ok(readFileSync(join(dest, 'src', 'deep', 'er', 'big.bin')).equals(big));
      assert.equal(readFileSync(join(dest, 'src', 'empty')).length, 0);
      assert.equal(readFileSync(join(dest, long.slice(3), `${'f'.repeat(120)}.txt`), 'utf8'), 'long name\n');
      assert.equal(statSync(join(dest, 'bin', 'go')).mode & 0o777, 0o755 & ~umask);
      assert.equal(statSync(join(dest, 'private', 'secret')).mode & 0o777, 0o600 & ~umask);
      assert.equal(statSync(join(dest, 'private')).mode & 0o777, 0o700 & ~umask);
      assert.equal(readlinkSync(join(dest, 'bin', 'go-link')), 'go');
      assert.equal(readlinkSync(join(dest, 'deep-link')), 'src/deep');
      assert.equal(readFileSync(join(dest, 'bin', 'version-link'), 'utf8'), 'go1.99.0\n');
      assert.deepEqual(readdirSync(work), ['dest'], 'nothing beside dest');
      assert.ok(!existsSync(join(dest, 'go')), 'the top go/ directory is stripped');
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });

  it('drops setuid/setgid/sticky bits and keeps mtimes', async function () {
    const archive = tarGz([
      { path: 'go/', type: 'dir' },
      { path: 'go/suid', content: 'x', mode: 0o4755, mtime: 1_600_000_000 },
      { path: 'go/sdir/', type: 'dir', mode: 0o3755 },
    ]);
    await extract(archive);
    const st = statSync(join(dest, 'suid'));
    assert.equal(st.mode & 0o7777, 0o755 & ~umask);
    assert.equal(Math.round(st.mtimeMs / 1000), 1_600_000_000);
    assert.equal(statSync(join(dest, 'sdir')).mode & 0o7000, 0);
  });

  it('extracts a hard link to an earlier file inside the root', async function () {
    await extract(
      tarGz([
        { path: 'go/', type: 'dir' },
        { path: 'go/bin/', type: 'dir' },
        { path: 'go/bin/go', content: 'binary', mode: 0o755 },
        { path: 'go/bin/go2', type: 'hardlink', linkpath: 'go/bin/go' },
      ]),
    );
    assert.equal(statSync(join(dest, 'bin', 'go2')).ino, statSync(join(dest, 'bin', 'go')).ino);
  });

  const hostile: Hostile[] = ['outside', 'absolute', 'dotdot', 'symlink-out', 'hardlink-out', 'write-through-symlink'];
  for (const kind of hostile) {
    it(`refuses a hostile archive (${kind}) with E_ARCHIVE_REFUSED and writes nothing outside dest`, async function () {
      const fake = fakeToolchain('1.99.0', { hostile: kind });
      const error = await rejection(extract(fake.buffer, fake.filename));
      assert.equal(error.code, 'E_ARCHIVE_REFUSED', error.message);
      assert.equal(error.exitCode, 5);
      for (const p of fake.canaryPaths) assert.ok(!existsSync(p), `${p} must not exist`);
      if (fake.canaryDir) assert.deepEqual(readdirSync(fake.canaryDir), [], 'the canary directory stays empty');
      assert.deepEqual(readdirSync(work), ['dest'], 'nothing beside dest');
    });
  }

  const refusedCases: { name: string; entries: TarEntry[]; absent: string[] }[] = [
    {
      name: 'a file written through a symlink that points inside the root',
      entries: [
        { path: 'go/', type: 'dir' },
        { path: 'go/real/', type: 'dir' },
        { path: 'go/a', type: 'symlink', linkpath: 'real' },
        { path: 'go/a/file', content: 'through a link' },
      ],
      absent: ['real/file'],
    },
    {
      name: 'a directory created through a symlink',
      entries: [
        { path: 'go/real/', type: 'dir' },
        { path: 'go/a', type: 'symlink', linkpath: 'real' },
        { path: 'go/a/sub/x', content: 'x' },
      ],
      absent: ['real/sub'],
    },
    {
      name: 'a symlink chain that leads outside through another link',
      entries: [
        { path: 'go/p/q/', type: 'dir' },
        { path: 'go/p/q/s', type: 'symlink', linkpath: '../..' },
        { path: 'go/t', type: 'symlink', linkpath: 'p/q/s/../../..' },
      ],
      absent: [],
    },
    {
      name: 'a file that replaces a symlink',
      entries: [
        { path: 'go/l', type: 'symlink', linkpath: 'x' },
        { path: 'go/l', content: 'replaces the link' },
      ],
      absent: ['x'],
    },
    {
      name: 'the same file twice',
      entries: [
        { path: 'go/f', content: 'one' },
        { path: 'go/f', content: 'two' },
      ],
      absent: [],
    },
    {
      name: 'a hard link to a symlink',
      entries: [
        { path: 'go/a/b/', type: 'dir' },
        { path: 'go/a/b/l', type: 'symlink', linkpath: '../..' },
        { path: 'go/h', type: 'hardlink', linkpath: 'go/a/b/l' },
      ],
      absent: ['h'],
    },
    {
      name: 'a hard link through a symlink',
      entries: [
        { path: 'go/real/f', content: 'f' },
        { path: 'go/a', type: 'symlink', linkpath: 'real' },
        { path: 'go/h', type: 'hardlink', linkpath: 'go/a/f' },
      ],
      absent: ['h'],
    },
    {
      name: 'a file named like the top directory',
      entries: [{ path: 'go', content: 'not a directory' }],
      absent: [],
    },
  ];
  for (const c of refusedCases) {
    it(`refuses ${c.name}`, async function () {
      const error = await rejection(extract(tarGz(c.entries)));
      assert.equal(error.code, 'E_ARCHIVE_REFUSED', error.message);
      for (const p of c.absent) assert.ok(!existsSync(join(dest, p)), `${p} must not exist`);
      assert.deepEqual(readdirSync(work), ['dest']);
    });
  }

  it('refuses a FIFO entry', async function () {
    const raw = tarBytes([{ path: 'go/fifo', content: '' }]);
    raw.write('6', 156, 'latin1'); // typeflag FIFO
    raw.fill(' ', 148, 156);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += raw[i]!;
    raw.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
    const error = await rejection(extract(gzipSync(raw)));
    assert.equal(error.code, 'E_ARCHIVE_REFUSED', error.message);
  });

  it('a truncated gzip is E_ARCHIVE_CORRUPT', async function () {
    const fake = fakeToolchain('1.99.0', { padBytes: 200_000 });
    const error = await rejection(extract(fake.buffer.subarray(0, Math.floor(fake.buffer.length / 2)), fake.filename));
    assert.equal(error.code, 'E_ARCHIVE_CORRUPT', error.message);
    assert.equal(error.exitCode, 5);
  });

  it('a complete gzip of a truncated tar is E_ARCHIVE_CORRUPT', async function () {
    const raw = tarBytes([{ path: 'go/VERSION', content: 'go1.99.0\n' }, { path: 'go/big', content: randomBytes(10_000) }]);
    const error = await rejection(extract(gzipSync(raw.subarray(0, 4096))));
    assert.equal(error.code, 'E_ARCHIVE_CORRUPT', error.message);
  });

  it('bytes that are not gzip are E_ARCHIVE_CORRUPT', async function () {
    const error = await rejection(extract(Buffer.from('<html>not an archive</html>\n'.repeat(100))));
    assert.equal(error.code, 'E_ARCHIVE_CORRUPT', error.message);
  });

  it('a gzip of something that is not tar is E_ARCHIVE_CORRUPT', async function () {
    const error = await rejection(extract(gzipSync(Buffer.from('plain text, no tar headers\n'.repeat(100)))));
    assert.equal(error.code, 'E_ARCHIVE_CORRUPT', error.message);
  });

  it('a source that fails mid-way is a read error naming the archive file (exit 7)', async function () {
    const fake = fakeToolchain('1.99.0', { padBytes: 300_000 });
    const half = fake.buffer.subarray(0, Math.floor(fake.buffer.length / 2));
    const source = new Readable({
      read() {
        this.push(half);
        setImmediate(() => this.destroy(Object.assign(new Error('i/o error'), { code: 'EIO' })));
      },
    });
    const error = await rejection(extract(source, fake.filename));
    assert.equal(error.exitCode, 7, error.message);
    assert.match(error.message, /cannot read \/tmp\/x\.tar\.gz/);
  });

  it('a read-only destination is a file-system error naming the path', async function () {
    // Root ignores permission bits, so as root dest becomes a read-only tmpfs mount instead.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) runSyncOk('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', dest]);
    else chmodSync(dest, 0o555);
    try {
      const error = await rejection(extract(fakeToolchain('1.99.0').buffer));
      assert.match(error.code, /^E_FS_/);
      assert.ok(error.message.includes(dest), error.message);
      assert.equal(error.exitCode, 7);
    } finally {
      if (asRoot) runSyncOk('umount', [dest]);
      else chmodSync(dest, 0o755);
    }
  });

  it('symlinks in the tree are never followed when writing', async function () {
    // dest already holds a link to the outside (as if planted): an entry at that name fails.
    const outside = join(work, 'outside');
    mkdirSync(outside);
    symlinkSync(outside, join(dest, 'bin'));
    const error = await rejection(extract(tarGz([{ path: 'go/bin/go', content: 'x' }])));
    assert.equal(error.code, 'E_ARCHIVE_REFUSED', error.message);
    assert.deepEqual(readdirSync(outside), []);
    assert.ok(lstatSync(join(dest, 'bin')).isSymbolicLink());
  });

  describe('caps on what one archive unpacks to', function () {
    const MiB = 1024 * 1024;
    const NAME = 'go1.99.0.linux-amd64.tar.gz';
    const capped = (buffer: Buffer, limits: Partial<UnpackLimits>) =>
      extractTarball(chunked(buffer, 65536), { dest, archiveName: NAME, sourcePath: '/tmp/x.tar.gz', limits: { ...DEFAULT_UNPACK_LIMITS, ...limits } });
    const emptyFiles = (n: number, from = 0): TarEntry[] => Array.from({ length: n }, (_, i) => ({ path: `go/f${from + i}` }));

    it('a bomb (8 MiB of zeros in go/bin/go, 4 MiB cap) is refused at its header: nothing of it on disk', async function () {
      const bomb = tarGz([{ path: 'go/', type: 'dir' }, { path: 'go/bin/', type: 'dir' }, { path: 'go/bin/go', content: Buffer.alloc(8 * MiB), mode: 0o755 }]);
      assert.ok(bomb.length < 64 * 1024, 'a small archive');
      const error = await rejection(capped(bomb, { maxBytes: 4 * MiB }));
      assert.equal(error.code, 'E_ARCHIVE_TOO_LARGE', error.message);
      assert.equal(error.exitCode, 5);
      assert.equal(error.message, `refusing ${NAME}: it unpacks to more than 4 MiB (GVX_UNPACK_MAX_MB)`);
      assert.match(error.hint ?? '', /corrupt or hostile; nothing was installed.*GVX_UNPACK_MAX_MB/);
      assert.ok(!existsSync(join(dest, 'bin', 'go')), 'bin/go was never created');
      assert.ok(filesUnder(dest).bytes <= 4 * MiB);
      assert.deepEqual(readdirSync(work), ['dest']);
    });

    it('the sum over many files is capped, though each is below the cap', async function () {
      const entries = Array.from({ length: 6 }, (_, i): TarEntry => ({ path: `go/pkg/f${i}`, content: Buffer.alloc(MiB) }));
      const error = await rejection(capped(tarGz(entries), { maxBytes: 4 * MiB }));
      assert.equal(error.code, 'E_ARCHIVE_TOO_LARGE', error.message);
      assert.ok(!existsSync(join(dest, 'pkg', 'f4')), 'the file past the cap was not created');
      assert.deepEqual(filesUnder(dest), { count: 4, bytes: 4 * MiB });
    });

    it('more entries than the cap (101 empty files, cap 100) is E_ARCHIVE_TOO_MANY_ENTRIES', async function () {
      const error = await rejection(capped(tarGz(emptyFiles(101)), { maxEntries: 100 }));
      assert.equal(error.code, 'E_ARCHIVE_TOO_MANY_ENTRIES', error.message);
      assert.equal(error.exitCode, 5);
      assert.equal(error.message, `refusing ${NAME}: it has more than 100 entries (GVX_UNPACK_MAX_ENTRIES)`);
      assert.match(error.hint ?? '', /corrupt or hostile; nothing was installed.*GVX_UNPACK_MAX_ENTRIES/);
      assert.ok(!existsSync(join(dest, 'f100')));
      assert.equal(filesUnder(dest).count, 100);
    });

    it('exactly at both caps is accepted; one byte or one entry more is not', async function () {
      const limits = { maxBytes: 4 * MiB, maxEntries: 100 };
      const full = (extra: TarEntry[] = [], size = 4 * MiB) => tarGz([...emptyFiles(99), { path: 'go/bin/go', content: Buffer.alloc(size) }, ...extra]);
      await capped(full(), limits);
      assert.deepEqual(filesUnder(dest), { count: 100, bytes: 4 * MiB });

      rmSync(dest, { recursive: true });
      mkdirSync(dest);
      assert.equal((await rejection(capped(full([], 4 * MiB + 1), limits))).code, 'E_ARCHIVE_TOO_LARGE');
      rmSync(dest, { recursive: true });
      mkdirSync(dest);
      assert.equal((await rejection(capped(full([{ path: 'go/more/', type: 'dir' }]), limits))).code, 'E_ARCHIVE_TOO_MANY_ENTRIES');
    });

    it('default caps: a header claiming a 1.5 GiB go/bin/go is refused at once, before its data', async function () {
      const lying = gzipSync(Buffer.concat([tarHeader('go/', 0, 'dir', 0o755), tarHeader('go/bin/go', 1.5 * 1024 * MiB, 'file', 0o755), Buffer.alloc(64 * 1024)]));
      const started = Date.now();
      const error = await rejection(capped(lying, {}));
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
      assert.equal(error.code, 'E_ARCHIVE_TOO_LARGE', error.message);
      assert.match(error.message, /more than 1024 MiB \(GVX_UNPACK_MAX_MB\)/);
      assert.ok(!existsSync(join(dest, 'bin', 'go')));
    });

    it('default caps: a 50,001-entry archive is refused', async function () {
      const entries: TarEntry[] = Array.from({ length: DEFAULT_UNPACK_LIMITS.maxEntries + 1 }, () => ({ path: 'go/', type: 'dir' }));
      const error = await rejection(capped(tarGz(entries), {}));
      assert.equal(error.code, 'E_ARCHIVE_TOO_MANY_ENTRIES', error.message);
      assert.match(error.message, /more than 50000 entries \(GVX_UNPACK_MAX_ENTRIES\)/);
    });

    it('zeros after the end of the archive do not run for ever: the inflated stream is bounded', async function () {
      const raw = Buffer.concat([tarBytes([{ path: 'go/VERSION', content: 'go1.99.0\n' }]), Buffer.alloc(8 * MiB)]);
      const error = await rejection(capped(gzipSync(raw), { maxBytes: MiB, maxEntries: 10 }));
      assert.equal(error.code, 'E_ARCHIVE_TOO_LARGE', error.message);
      // Below the bound, trailing zeros (tar record padding) are fine.
      rmSync(dest, { recursive: true });
      mkdirSync(dest);
      await capped(gzipSync(raw.subarray(0, raw.length - 7 * MiB)), { maxBytes: MiB, maxEntries: 10 });
      assert.equal(readFileSync(join(dest, 'VERSION'), 'utf8'), 'go1.99.0\n');
    });

    it('a gzip inside the gzip is E_ARCHIVE_CORRUPT, never inflated a second time', async function () {
      const inner = gzipSync(tarBytes([{ path: 'go/bin/go', content: Buffer.alloc(8 * MiB) }]));
      const error = await rejection(capped(gzipSync(inner), { maxBytes: 4 * MiB }));
      assert.equal(error.code, 'E_ARCHIVE_CORRUPT', error.message);
      assert.deepEqual(readdirSync(dest), []);
    });
  });
});
