import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntegrityError } from '../../lib/errors.js';
import { extractToolchainZip } from '../../lib/archive/extract-toolchain-zip.js';
import type { UnpackLimits } from '../../lib/archive/unpack-policy.js';
import { DEFAULT_UNPACK_LIMITS } from '../helpers/archives.js';
import { writeSyntheticToolchainZip } from '../helpers/toolchain-zip.js';
import { writeZip } from '../helpers/zip-writer.js';

const V = 'v0.0.1-go1.22.5.linux-amd64';
const P = `golang.org/toolchain@${V}/`;

describe('archive/extract-toolchain-zip', () => {
  let dir: string;
  let dest: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'gvx-extract-'));
    dest = join(dir, 'staging', 'goroot');
    await mkdir(dest, { recursive: true });
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('strips the prefix, restores go.mod, sets modes by location', async () => {
    const zip = join(dir, 't.zip');
    await writeSyntheticToolchainZip(zip, '1.22.5', 'linux', 'amd64');
    const counts: number[] = [];
    const result = await extractToolchainZip(zip, dest, P, DEFAULT_UNPACK_LIMITS, (files) => counts.push(files));
    assert.equal(result.files, 8);
    assert.deepEqual(counts, [1, 2, 3, 4, 5, 6, 7, 8], 'a progress display hears of each file as it is written');
    assert.equal(await readFile(join(dest, 'src', 'go.mod'), 'utf8'), 'module std\n\ngo 1.22\n');
    assert.ok(existsSync(join(dest, 'src', 'cmd', 'go.mod')));
    assert.ok(!existsSync(join(dest, 'src', '_go.mod')));
    assert.equal((await stat(join(dest, 'bin', 'go'))).mode & 0o777, 0o755);
    assert.equal((await stat(join(dest, 'pkg', 'tool', 'linux_amd64', 'compile'))).mode & 0o777, 0o755);
    assert.equal((await stat(join(dest, 'src', 'fmt', 'print.go'))).mode & 0o777, 0o644);
    assert.equal((await stat(join(dest, 'VERSION'))).mode & 0o777, 0o644);
  });

  const hostile: [string, Record<string, string>, string][] = [
    ['an entry outside the prefix', { [`${P}VERSION`]: 'go1.22.5\n', 'golang.org/toolchain@v0.0.1-go1.22.6.linux-amd64/bin/go': 'x' }, 'E_ARCHIVE_ENTRY_OUTSIDE'],
    ['a top-level file', { 'evil.sh': 'x' }, 'E_ARCHIVE_ENTRY_OUTSIDE'],
    ['..', { [`${P}../../../../etc/passwd`]: 'x' }, 'E_ARCHIVE_REFUSED'],
    ['an absolute path after the prefix', { [`${P}/etc/passwd`]: 'x' }, 'E_ARCHIVE_REFUSED'],
    ['a backslash', { [`${P}bin\\..\\..\\x`]: 'x' }, 'E_ARCHIVE_REFUSED'],
    ['a "." component', { [`${P}./bin/go`]: 'x' }, 'E_ARCHIVE_REFUSED'],
    ['a case collision', { [`${P}src/A.go`]: 'x', [`${P}src/a.go`]: 'y' }, 'E_ARCHIVE_REFUSED'],
    ['go.mod and _go.mod in one directory', { [`${P}src/go.mod`]: 'x', [`${P}src/_go.mod`]: 'y' }, 'E_ARCHIVE_REFUSED'],
    ['a file where a directory must go', { [`${P}bin`]: 'x', [`${P}bin/go`]: 'y' }, 'E_ARCHIVE_REFUSED'],
  ];
  for (const [what, files, code] of hostile) {
    it(`refuses ${what} and writes nothing`, async () => {
      const zip = join(dir, 'h.zip');
      await writeZip(zip, files);
      await assert.rejects(extractToolchainZip(zip, dest, P, DEFAULT_UNPACK_LIMITS), (e: unknown) => e instanceof IntegrityError && e.code === code && e.exitCode === 5);
      assert.deepEqual(await readdir(dest), []);
      assert.deepEqual((await readdir(dir)).sort(), ['h.zip', 'staging']);
    });
  }

  it('refuses duplicate names', async () => {
    const zip = join(dir, 'dup.zip');
    const { ZipWriter } = await import('../helpers/zip-writer.js');
    const w = await ZipWriter.create(zip);
    await w.add(`${P}bin/go`, Buffer.from('a'));
    await w.add(`${P}bin/go`, Buffer.from('b'));
    await w.close();
    await assert.rejects(extractToolchainZip(zip, dest, P, DEFAULT_UNPACK_LIMITS), (e: unknown) => e instanceof IntegrityError && e.code === 'E_ARCHIVE_REFUSED');
  });

  it('never writes through a symlink found on disk', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await symlink(outside, join(dest, 'bin'));
    const zip = join(dir, 't.zip');
    await writeSyntheticToolchainZip(zip, '1.22.5', 'linux', 'amd64');
    await assert.rejects(extractToolchainZip(zip, dest, P, DEFAULT_UNPACK_LIMITS), (e: unknown) => e instanceof IntegrityError && /not a directory/.test(e.message));
    assert.deepEqual(await readdir(outside), []);
  });

  describe('caps on what one zip unpacks to', () => {
    const MiB = 1024 * 1024;
    const limits = (l: Partial<UnpackLimits>): UnpackLimits => ({ ...DEFAULT_UNPACK_LIMITS, ...l });
    const refused = async (zip: string, l: Partial<UnpackLimits>, code: string, message: RegExp) => {
      await assert.rejects(extractToolchainZip(zip, dest, P, limits(l)), (e: unknown) => {
        assert.ok(e instanceof IntegrityError, String(e));
        assert.equal(e.code, code, e.message);
        assert.equal(e.exitCode, 5);
        assert.match(e.message, message);
        assert.match(e.hint ?? '', /corrupt or hostile; nothing was installed/);
        return true;
      });
      assert.deepEqual(await readdir(dest), [], 'nothing written');
    };

    it('more entries than the cap: E_ARCHIVE_TOO_MANY_ENTRIES, nothing written', async () => {
      const zip = join(dir, 'many.zip');
      const files: Record<string, string> = {};
      for (let i = 0; i < 101; i++) files[`${P}src/f${i}.go`] = '';
      await writeZip(zip, files);
      await refused(zip, { maxEntries: 100 }, 'E_ARCHIVE_TOO_MANY_ENTRIES', /^refusing .*many\.zip: it has more than 100 entries \(GVX_UNPACK_MAX_ENTRIES\)$/);
    });

    it('a total uncompressed size over the cap, each file below it: E_ARCHIVE_TOO_LARGE, nothing written', async () => {
      const zip = join(dir, 'big.zip');
      const files: Record<string, Buffer> = {};
      for (let i = 0; i < 5; i++) files[`${P}pkg/f${i}`] = Buffer.alloc(MiB);
      await writeZip(zip, files);
      await refused(zip, { maxBytes: 4 * MiB }, 'E_ARCHIVE_TOO_LARGE', /^refusing .*big\.zip: it unpacks to more than 4 MiB \(GVX_UNPACK_MAX_MB\)$/);
    });

    it('one bomb entry (8 MiB of zeros, 4 MiB cap): refused before anything is written', async () => {
      const zip = join(dir, 'bomb.zip');
      await writeSyntheticToolchainZip(zip, '1.22.5', 'linux', 'amd64', { replace: { 'bin/go': '\0'.repeat(8 * MiB) } });
      await refused(zip, { maxBytes: 4 * MiB }, 'E_ARCHIVE_TOO_LARGE', /more than 4 MiB/);
    });

    it('exactly at both caps is accepted', async () => {
      const zip = join(dir, 'full.zip');
      const files: Record<string, Buffer> = { [`${P}bin/`]: Buffer.alloc(0), [`${P}bin/go`]: Buffer.alloc(MiB - 1), [`${P}VERSION`]: Buffer.from('x') };
      await writeZip(zip, files);
      const result = await extractToolchainZip(zip, dest, P, { maxBytes: MiB, maxEntries: 3 });
      assert.deepEqual(result, { files: 2, directories: 1, bytes: MiB });
    });
  });
});
