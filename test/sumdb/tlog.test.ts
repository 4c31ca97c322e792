import assert from 'node:assert/strict';
import { IntegrityError } from '../../lib/errors.js';
import {
  type Hash,
  type Tile,
  TileHashReader,
  checkRecord,
  hashFromTile,
  nodeHash,
  parseTilePath,
  parseTree,
  proveRecord,
  recordHash,
  splitStoredHashIndex,
  storedHashCount,
  storedHashIndex,
  storedHashesForRecord,
  tileForIndex,
  tilePath,
  treeHash,
  formatTree,
} from '../../lib/sumdb/tlog.js';

/** A log in memory: records and every stored hash. */
function buildLog(n: number): { records: string[]; hashes: Hash[] } {
  const records: string[] = [];
  const hashes: Hash[] = [];
  for (let i = 0; i < n; i++) {
    const text = `record ${i}\n`;
    records.push(text);
    hashes.push(...storedHashesForRecord(i, recordHash(text), (x) => hashes[x]!));
  }
  return { records, hashes };
}

/** The Merkle tree hash by its definition (RFC 6962), independent of stored indexes. */
function referenceRoot(leaves: Hash[]): Hash {
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

function tilesFrom(hashes: Hash[], corrupt?: string) {
  const fetched: string[] = [];
  const fetch = async (tiles: Tile[]) =>
    tiles.map((t) => {
      fetched.push(tilePath(t));
      const data = Buffer.alloc(t.w * 32);
      for (let i = 0; i < t.w; i++) hashes[storedHashIndex(t.l * t.h, t.n * 2 ** t.h + i)]!.copy(data, i * 32);
      if (tilePath(t) === corrupt) data[0]! ^= 1;
      return data;
    });
  return { fetch, fetched };
}

describe('sumdb/tlog', () => {
  it('numbers stored hashes like x/mod (and splits them back)', () => {
    // Known values from the stored-hash layout: leaves 0,1 then their parent at 2, …
    assert.deepEqual([0, 1, 2, 3, 4, 7].map((n) => storedHashIndex(0, n)), [0, 1, 3, 4, 7, 11]);
    assert.equal(storedHashIndex(1, 0), 2);
    assert.equal(storedHashIndex(2, 0), 6);
    for (let i = 0; i < 5000; i++) {
      const { level, n } = splitStoredHashIndex(i);
      assert.equal(storedHashIndex(level, n), i);
    }
    assert.equal(storedHashCount(1), 1);
    assert.equal(storedHashCount(2), 3);
    assert.equal(storedHashCount(4), 7);
    assert.equal(buildLog(1000).hashes.length, storedHashCount(1000));
  });

  it('encodes tile paths as tile/H/L/x001/x234/067[.p/W]', () => {
    assert.equal(tilePath({ h: 3, l: 4, n: 1234067, w: 1 }), 'tile/3/4/x001/x234/067.p/1');
    assert.equal(tilePath({ h: 3, l: 4, n: 1234067, w: 8 }), 'tile/3/4/x001/x234/067');
    assert.equal(tilePath({ h: 8, l: 0, n: 0, w: 256 }), 'tile/8/0/000');
    assert.equal(tilePath({ h: 8, l: -1, n: 5, w: 3 }), 'tile/8/data/005.p/3');
    assert.deepEqual(parseTilePath('tile/3/4/x001/x234/067.p/1'), { h: 3, l: 4, n: 1234067, w: 1 });
    for (const bad of ['tile/3/4/1234067', 'tile/8/0/000.p/256', 'tile/8/0/x000/001', 'tile/8/0/00', 'tile/8/0/000.p/0']) {
      assert.equal(parseTilePath(bad), undefined, bad);
    }
  });

  for (const n of [1, 2, 3, 7, 8, 255, 256, 257, 300, 1000]) {
    it(`tree of ${n}: tree hash, tiles and every record's inclusion proof agree`, async () => {
      const { records, hashes } = buildLog(n);
      const root = referenceRoot(records.map((r) => recordHash(r)));
      const memory = { readHashes: async (ix: number[]) => ix.map((i) => hashes[i]!) };
      assert.ok((await treeHash(n, memory)).equals(root));

      const { fetch } = tilesFrom(hashes);
      const reader = new TileHashReader({ n, hash: root }, 8, fetch);
      assert.ok((await treeHash(n, reader)).equals(root));
      const ids = n <= 300 ? [...Array(n).keys()] : [0, 1, 255, 256, 511, 512, 767, 768, 998, 999];
      for (const id of ids) {
        const proof = await proveRecord(n, id, reader);
        assert.ok(checkRecord(proof, n, root, id, recordHash(records[id]!)), `record ${id}`);
        assert.ok(!checkRecord(proof, n, root, id, recordHash('forged\n')), `forged record ${id}`);
        if (n > 1) assert.ok(!checkRecord(proof, n, root, (id + 1) % n, recordHash(records[id]!)), `record ${id} at another index`);
        const [leaf] = await reader.readHashes([storedHashIndex(0, id)]);
        assert.ok(leaf!.equals(recordHash(records[id]!)));
      }
    });
  }

  it('reads hashes from tiles of any width (hashFromTile)', () => {
    const { hashes } = buildLog(300);
    const index = storedHashIndex(2, 5); // a level-2 node within tile 0
    const tile = tileForIndex(8, index);
    assert.deepEqual(tile, { h: 8, l: 0, n: 0, w: 24 });
    const data = Buffer.concat([...Array(256).keys()].map((i) => hashes[storedHashIndex(0, i)]!));
    assert.ok(hashFromTile({ ...tile, w: 256 }, data, index).equals(hashes[index]!));
  });

  it('refuses tiles that do not rebuild the signed tree hash', async () => {
    const { records, hashes } = buildLog(1000);
    const root = referenceRoot(records.map((r) => recordHash(r)));
    for (const corrupt of ['tile/8/0/003.p/232', 'tile/8/1/000.p/3']) {
      const reader = new TileHashReader({ n: 1000, hash: root }, 8, tilesFrom(hashes, corrupt).fetch);
      await assert.rejects(reader.readHashes([storedHashIndex(0, 900)]), (e: unknown) => e instanceof IntegrityError && e.code === 'E_SUMDB_TILE_INCONSISTENT');
    }
    // A wrong signed hash: nothing is believed.
    const reader = new TileHashReader({ n: 1000, hash: recordHash('x') }, 8, tilesFrom(hashes).fetch);
    await assert.rejects(reader.readHashes([storedHashIndex(0, 5)]), IntegrityError);
  });

  it('authenticates child tiles even when several subtrees share a tile (tree of 300, record 5)', async () => {
    // The tree hash of 300 needs tile/8/1/000.p/1 and tile/8/0/001.p/44 (three subtrees in one
    // tile); record 5 lives in the full tile/8/0/000, which must be checked against its parent.
    const { records, hashes } = buildLog(300);
    const root = referenceRoot(records.map((r) => recordHash(r)));
    const { fetch, fetched } = tilesFrom(hashes, 'tile/8/0/000');
    const reader = new TileHashReader({ n: 300, hash: root }, 8, fetch);
    await assert.rejects(reader.readHashes([storedHashIndex(0, 5)]), (e: unknown) => e instanceof IntegrityError && e.code === 'E_SUMDB_TILE_INCONSISTENT');
    assert.deepEqual(fetched, ['tile/8/1/000.p/1', 'tile/8/0/001.p/44', 'tile/8/0/000']);
  });

  it('parses tree heads strictly', () => {
    const hash = recordHash('x');
    assert.deepEqual(parseTree(formatTree({ n: 42, hash })), { n: 42, hash });
    for (const bad of ['go.sum database tree\n042\nAAAA\n', 'go.sum database tree\n42\n', `go.sum database tree\n-1\n${hash.toString('base64')}\n`, `go.sum  database tree\n1\n${hash.toString('base64')}\n`]) {
      assert.throws(() => parseTree(bad), IntegrityError, bad);
    }
  });
});
