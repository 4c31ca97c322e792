import assert from 'node:assert/strict';
import { mkdtemp, rm, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IntegrityError } from '../../lib/errors.js';
import { withZip } from '../../lib/archive/zip-reader.js';
import { ZipWriter, writeZip } from '../helpers/zip-writer.js';

const big = Buffer.from(Array.from({ length: 200_000 }, (_, i) => String.fromCharCode(97 + ((i * 7) % 26))).join(''));

describe('archive/zip-reader', () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'gvx-zip-'))));
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  for (const variant of [{ zip64: false }, { zip64: true }]) {
    for (const method of ['deflate', 'store'] as const) {
      it(`reads ${method} entries${variant.zip64 ? ' through zip64 end records and extra fields' : ''}`, async () => {
        const path = join(dir, 'a.zip');
        await writeZip(path, { 'm@v1/a.txt': 'hello\n', 'm@v1/empty': '', 'm@v1/dir/': '', 'm@v1/big': big }, { ...variant, method });
        await withZip(path, async (zip) => {
          assert.deepEqual(zip.entries.map((e) => e.name), ['m@v1/a.txt', 'm@v1/empty', 'm@v1/dir/', 'm@v1/big']);
          assert.equal((await zip.readEntry(zip.entries[0]!)).toString(), 'hello\n');
          assert.equal((await zip.readEntry(zip.entries[1]!)).length, 0);
          assert.ok(zip.entries[2]!.isDirectory);
          assert.ok((await zip.readEntry(zip.entries[3]!)).equals(big));
          if (method === 'deflate') assert.ok(zip.entries[3]!.compressedSize < big.length);
        });
      });
    }
  }

  it('fails an entry whose CRC does not match', async () => {
    const path = join(dir, 'crc.zip');
    const zip = await ZipWriter.create(path);
    await zip.add('m@v1/a', Buffer.from('data'), { crc: 12345 });
    await zip.close();
    await withZip(path, async (z) => {
      await assert.rejects(z.readEntry(z.entries[0]!), (e: unknown) => e instanceof IntegrityError && e.code === 'E_ZIP_CRC');
    });
  });

  it('fails corrupt deflate data as an IntegrityError', async () => {
    const path = join(dir, 'bad.zip');
    await writeZip(path, { 'm@v1/big': big });
    const data = await readFile(path);
    data.fill(0xff, 40, 60); // inside the deflate stream
    await writeFile(path, data);
    await withZip(path, async (z) => {
      await assert.rejects(z.readEntry(z.entries[0]!), IntegrityError);
    });
  });

  it('refuses encrypted entries', async () => {
    const path = join(dir, 'enc.zip');
    const zip = await ZipWriter.create(path);
    await zip.add('m@v1/a', Buffer.from('secret'), { flags: 1 });
    await zip.close();
    await assert.rejects(withZip(path, async () => {}), (e: unknown) => e instanceof IntegrityError && e.code === 'E_ZIP_ENCRYPTED');
  });

  it('refuses files that are not zips, or are truncated', async () => {
    const path = join(dir, 'x.zip');
    await writeFile(path, 'not a zip at all');
    await assert.rejects(withZip(path, async () => {}), (e: unknown) => e instanceof IntegrityError && e.code === 'E_ZIP_CORRUPT');
    await writeZip(path, { 'm@v1/a': 'aaaa', 'm@v1/b': 'bbbb' });
    const data = await readFile(path);
    await writeFile(path, data.subarray(0, data.length - 30));
    await assert.rejects(withZip(path, async () => {}), IntegrityError);
  });
});
