// The checksum database's transparency log (https://research.swtch.com/tlog), with the
// semantics of golang.org/x/mod/sumdb/tlog: record and node hashes, the "stored hash index"
// numbering of every node, tiles of height H (the go command uses 8), tree hashes, record
// inclusion proofs, and a tile-backed hash reader that authenticates every tile it reads
// against the signed tree hash before trusting any hash in it.
//
// Numbers are plain JS numbers: indexes stay far below 2^53 for any real log, but shifts
// beyond 31 bits must not use `>>`, hence shr/shl.

import { createHash } from 'node:crypto';
import { IntegrityError } from '../errors.js';

export const HASH_SIZE = 32;
export type Hash = Buffer;

/** A signed tree head: the tree size and its root hash. */
export interface Tree {
  readonly n: number;
  readonly hash: Hash;
}

export function recordHash(data: Buffer | string): Hash {
  return createHash('sha256').update(Buffer.from([0x00])).update(data).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(Buffer.from([0x01])).update(left).update(right).digest();
}

const shr = (n: number, k: number): number => Math.floor(n / 2 ** k);
const shl = (n: number, k: number): number => n * 2 ** k;

function trailingZeros(n: number): number {
  if (n === 0) return 64;
  let k = 0;
  while (n % 2 === 0) {
    n /= 2;
    k++;
  }
  return k;
}

/** Largest power of two k < n (n >= 2), and its log2. */
function maxPow2Below(n: number): { k: number; level: number } {
  let level = 0;
  while (2 ** (level + 1) < n) level++;
  return { k: 2 ** level, level };
}

/** Index in storage order of the hash at tree level `level`, position `n` within the level. */
export function storedHashIndex(level: number, n: number): number {
  // Hashes are stored as they become computable: after leaf n come its completed parents.
  for (let l = level; l > 0; l--) n = 2 * n + 1;
  let i = 0;
  for (; n > 0; n = shr(n, 1)) i += n;
  return i + level;
}

/** Inverse of storedHashIndex. */
export function splitStoredHashIndex(index: number): { level: number; n: number } {
  let n = shr(index, 1);
  let indexN = storedHashIndex(0, n);
  for (;;) {
    const next = indexN + 1 + trailingZeros(n + 1);
    if (next > index) break;
    n++;
    indexN = next;
  }
  const level = index - indexN;
  return { level, n: shr(n, level) };
}

/** Number of stored hashes in a tree of n records. */
export function storedHashCount(n: number): number {
  if (n === 0) return 0;
  let count = storedHashIndex(0, n - 1) + 1;
  for (let i = n - 1; i % 2 === 1; i = shr(i, 1)) count++;
  return count;
}

export interface HashReader {
  readHashes(indexes: number[]): Promise<Hash[]>;
}

/** The hashes to append to storage when record n (with hash h) is added; `read` gives older ones. */
export function storedHashesForRecord(n: number, h: Hash, read: (index: number) => Hash): Hash[] {
  const hashes = [h];
  const m = trailingZeros(n + 1);
  for (let i = 0; i < m; i++) {
    h = nodeHash(read(storedHashIndex(i, shr(n, i) - 1)), h);
    hashes.push(h);
  }
  return hashes;
}

/** Stored indexes of the complete subtrees that make up [lo, hi), left to right. */
function subTreeIndexes(lo: number, hi: number, need: number[]): number[] {
  while (lo < hi) {
    const { k, level } = maxPow2Below(hi - lo + 1);
    need.push(storedHashIndex(level, shr(lo, level)));
    lo += k;
  }
  return need;
}

function subTreeCount(lo: number, hi: number): number {
  let count = 0;
  while (lo < hi) {
    lo += maxPow2Below(hi - lo + 1).k;
    count++;
  }
  return count;
}

/** Folds the complete-subtree hashes of [lo, hi) (consumed from `hashes`) into one. */
function subTreeHash(lo: number, hi: number, hashes: Hash[]): Hash {
  const count = subTreeCount(lo, hi);
  const parts = hashes.splice(0, count);
  let h = parts[count - 1]!;
  for (let i = count - 2; i >= 0; i--) h = nodeHash(parts[i]!, h);
  return h;
}

export async function treeHash(n: number, reader: HashReader): Promise<Hash> {
  if (n === 0) return Buffer.alloc(HASH_SIZE);
  const indexes = subTreeIndexes(0, n, []);
  const hashes = await reader.readHashes(indexes);
  return subTreeHash(0, n, [...hashes]);
}

function leafProofIndexes(lo: number, hi: number, n: number, need: number[]): number[] {
  if (lo + 1 === hi) return need;
  const { k } = maxPow2Below(hi - lo);
  if (n < lo + k) {
    leafProofIndexes(lo, lo + k, n, need);
    subTreeIndexes(lo + k, hi, need);
  } else {
    subTreeIndexes(lo, lo + k, need);
    leafProofIndexes(lo + k, hi, n, need);
  }
  return need;
}

function leafProof(lo: number, hi: number, n: number, hashes: Hash[]): Hash[] {
  if (lo + 1 === hi) return [];
  const { k } = maxPow2Below(hi - lo);
  let proof: Hash[];
  let sibling: Hash;
  if (n < lo + k) {
    proof = leafProof(lo, lo + k, n, hashes);
    sibling = subTreeHash(lo + k, hi, hashes);
  } else {
    sibling = subTreeHash(lo, lo + k, hashes);
    proof = leafProof(lo + k, hi, n, hashes);
  }
  return [...proof, sibling];
}

/** The inclusion proof of record n in the tree of size t: sibling hashes, bottom-up. */
export async function proveRecord(t: number, n: number, reader: HashReader): Promise<Hash[]> {
  if (!(t > 0 && n >= 0 && n < t)) throw new RangeError(`tlog: record ${n} is not in a tree of size ${t}`);
  const indexes = leafProofIndexes(0, t, n, []);
  if (indexes.length === 0) return [];
  const hashes = [...(await reader.readHashes(indexes))];
  return leafProof(0, t, n, hashes);
}

/** Recomputes the root from a record hash and its proof; true when it equals the tree hash. */
export function checkRecord(proof: readonly Hash[], t: number, treeHashValue: Hash, n: number, leaf: Hash): boolean {
  if (!(t > 0 && n >= 0 && n < t)) return false;
  const root = runRecordProof(proof, 0, t, n, leaf);
  return root !== undefined && root.equals(treeHashValue);
}

function runRecordProof(proof: readonly Hash[], lo: number, hi: number, n: number, leaf: Hash): Hash | undefined {
  if (lo + 1 === hi) return proof.length === 0 ? leaf : undefined;
  if (proof.length === 0) return undefined;
  const { k } = maxPow2Below(hi - lo);
  const last = proof[proof.length - 1]!;
  const rest = proof.slice(0, -1);
  if (n < lo + k) {
    const h = runRecordProof(rest, lo, lo + k, n, leaf);
    return h && nodeHash(h, last);
  }
  const h = runRecordProof(rest, lo + k, hi, n, leaf);
  return h && nodeHash(last, h);
}

// ---- tree notes and lookup records ------------------------------------------------------

const TREE_PREFIX = 'go.sum database tree\n';

export function formatTree(tree: Tree): string {
  return `${TREE_PREFIX}${tree.n}\n${tree.hash.toString('base64')}\n`;
}

/** Parses the text of a signed tree note (extra lines after the hash are allowed, as in Go). */
export function parseTree(text: string): Tree {
  const lines = text.split('\n');
  const malformed = () =>
    new IntegrityError('E_SUMDB_TREE_MALFORMED', 'the checksum database sent a malformed tree head', {
      hint: 'the checksum database (or a proxy in front of it) is misbehaving; check GOSUMDB and GOPROXY',
    });
  if (!text.startsWith(TREE_PREFIX) || lines.length < 4 || text.length > 1e6) throw malformed();
  const sizeText = lines[1]!;
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) throw malformed();
  const hash = Buffer.from(lines[2]!, 'base64');
  if (hash.length !== HASH_SIZE || hash.toString('base64') !== lines[2]) throw malformed();
  return { n: Number(sizeText), hash };
}

export interface LookupRecord {
  readonly id: number;
  /** The record text (ends with "\n"); its recordHash is what the log holds. */
  readonly text: string;
  /** The signed tree note that follows the record. */
  readonly note: string;
}

/** A /lookup answer: "<id>\n<record text>\n<signed tree note>". */
export function parseLookupRecord(body: string): LookupRecord {
  const malformed = (why: string) =>
    new IntegrityError('E_SUMDB_RECORD_MALFORMED', `the checksum database sent a malformed lookup record (${why})`, {
      hint: 'the checksum database (or a proxy in front of it) is misbehaving; check GOSUMDB and GOPROXY',
    });
  const nl = body.indexOf('\n');
  if (nl < 0) throw malformed('no record id');
  const idText = body.slice(0, nl);
  if (!/^(0|[1-9][0-9]*)$/.test(idText) || !Number.isSafeInteger(Number(idText))) throw malformed('bad record id');
  const rest = body.slice(nl + 1);
  const split = rest.indexOf('\n\n');
  if (split < 0) throw malformed('no blank line after the record');
  const text = rest.slice(0, split + 1);
  // Record text: printable lines, no blank line, ends with a newline (isValidRecordText).
  if (/[\x00-\x09\x0b-\x1f]/.test(text) || text.includes('\n\n') || !text.endsWith('\n')) throw malformed('bad record text');
  return { id: Number(idText), text, note: rest.slice(split + 2) };
}

export function formatLookupRecord(id: number, text: string): string {
  return `${id}\n${text}\n`;
}

// ---- tiles -------------------------------------------------------------------------------

/** Tile of height h at level l, number n within the level, width w (1..2^h hashes). */
export interface Tile {
  readonly h: number;
  readonly l: number;
  readonly n: number;
  readonly w: number;
}

/** tile/H/L/x001/x234/067[.p/W]: N in 3-digit groups, all but the last prefixed with "x". */
export function tilePath(tile: Tile): string {
  let n = tile.n;
  let nText = String(n % 1000).padStart(3, '0');
  while (n >= 1000) {
    n = Math.floor(n / 1000);
    nText = `x${String(n % 1000).padStart(3, '0')}/${nText}`;
  }
  const partial = tile.w !== 2 ** tile.h ? `.p/${tile.w}` : '';
  const level = tile.l === -1 ? 'data' : String(tile.l);
  return `tile/${tile.h}/${level}/${nText}${partial}`;
}

/** Parses a tile path; undefined if it is not the canonical path of a tile. */
export function parseTilePath(path: string): Tile | undefined {
  const m = /^tile\/([1-9][0-9]?)\/(data|[0-9]+)\/((?:x[0-9]{3}\/)*[0-9]{3})(?:\.p\/([1-9][0-9]*))?$/.exec(path);
  if (!m) return undefined;
  const h = Number(m[1]);
  if (h > 30) return undefined;
  const l = m[2] === 'data' ? -1 : Number(m[2]);
  const n = m[3]!.split('/').reduce((acc, part) => acc * 1000 + Number(part.replace('x', '')), 0);
  const w = m[4] === undefined ? 2 ** h : Number(m[4]);
  if (w >= 2 ** h && m[4] !== undefined) return undefined;
  const tile = { h, l, n, w };
  return tilePath(tile) === path ? tile : undefined;
}

/** The narrowest tile of height h holding stored hash `index`, and where its hash is built from. */
function tileForIndexWithRange(h: number, index: number): { tile: Tile; start: number; end: number } {
  const split = splitStoredHashIndex(index);
  const l = Math.floor(split.level / h);
  const levelInTile = split.level - l * h;
  const n = shr(shl(split.n, levelInTile), h);
  const nInTile = split.n - shr(shl(n, h), levelInTile);
  const w = shl(nInTile + 1, levelInTile);
  return { tile: { h, l, n, w }, start: shl(nInTile, levelInTile) * HASH_SIZE, end: w * HASH_SIZE };
}

export function tileForIndex(h: number, index: number): Tile {
  return tileForIndexWithRange(h, index).tile;
}

/** The hash at stored `index`, computed from the bottom row of a tile that covers it. */
export function hashFromTile(tile: Tile, data: Buffer, index: number): Hash {
  const { tile: needed, start, end } = tileForIndexWithRange(tile.h, index);
  if (tile.l !== needed.l || tile.n !== needed.n || tile.w < needed.w || data.length < tile.w * HASH_SIZE) {
    throw new Error(`tlog: index ${index} is in ${tilePath(needed)}, not ${tilePath(tile)}`);
  }
  return tileSubtreeHash(data.subarray(start, end));
}

function tileSubtreeHash(data: Buffer): Hash {
  if (data.length === HASH_SIZE) return Buffer.from(data);
  const half = data.length / 2;
  return nodeHash(tileSubtreeHash(data.subarray(0, half)), tileSubtreeHash(data.subarray(half)));
}

/** The k-th ancestor tile of `tile` in a tree of n records, or undefined if there is none. */
function tileParent(tile: Tile, k: number, n: number): Tile | undefined {
  const l = tile.l + k;
  const pn = shr(tile.n, k * tile.h);
  let w = 2 ** tile.h;
  const max = shr(n, l * tile.h);
  if (shl(pn, tile.h) + w >= max) {
    if (shl(pn, tile.h) >= max) return undefined;
    w = max - shl(pn, tile.h);
  }
  return { h: tile.h, l, n: pn, w };
}

const tileKey = (t: Tile) => `${t.l}/${t.n}/${t.w}`;

/** Fetches tile data (exactly w*32 bytes each, or it is refused). */
export type TileFetcher = (tiles: Tile[]) => Promise<Buffer[]>;

function inconsistentTile(detail: string): IntegrityError {
  return new IntegrityError('E_SUMDB_TILE_INCONSISTENT', `the checksum database's tiles do not match its signed tree head (${detail})`, {
    hint: 'the checksum database or a proxy in front of it served forged or corrupt data; nothing was installed',
  });
}

/**
 * A HashReader over tiles of the signed tree `tree`: it reads the tiles needed to rebuild
 * the tree hash plus the tiles (and parents) holding the requested hashes, checks them all
 * against the signed hash, and only then answers. So any hash it returns is in the tree.
 */
export class TileHashReader implements HashReader {
  constructor(
    private readonly tree: Tree,
    private readonly height: number,
    private readonly fetch: TileFetcher,
  ) {}

  async readHashes(indexes: number[]): Promise<Hash[]> {
    const h = this.height;
    const n = this.tree.n;
    const order = new Map<string, number>();
    const tiles: Tile[] = [];
    const add = (tile: Tile) => {
      order.set(tileKey(tile), tiles.length);
      tiles.push(tile);
    };

    // Tiles that rebuild the tree hash come first: once they match, they are authentic.
    const stx = subTreeIndexes(0, n, []);
    const stxTile = stx.map((x) => {
      const tile = tileParent(tileForIndex(h, x), 0, n)!;
      if (!order.has(tileKey(tile))) add(tile);
      return order.get(tileKey(tile))!;
    });

    // Then each requested hash's tile, preceded by any ancestors not already planned, so
    // that every tile is checked against an already-authenticated parent.
    const indexTile: number[] = [];
    for (const x of indexes) {
      if (x >= storedHashIndex(0, n)) throw new RangeError(`tlog: hash index ${x} is not in a tree of size ${n}`);
      const base = tileForIndex(h, x);
      let k = 0;
      while (!order.has(tileKey(tileParent(base, k, n) ?? { h, l: -2, n: 0, w: 0 }))) k++;
      for (k--; k >= 0; k--) {
        const p = tileParent(base, k, n)!;
        if (p.w !== 2 ** h) throw new Error(`tlog: bad tile math for index ${x} in tree ${n}`);
        add(p);
      }
      indexTile.push(order.get(tileKey(tileParent(base, 0, n)!))!);
    }

    const data = await this.fetch(tiles);
    tiles.forEach((tile, i) => {
      if (data[i]?.length !== tile.w * HASH_SIZE) {
        throw inconsistentTile(`${tilePath(tile)} has ${data[i]?.length ?? 0} bytes, want ${tile.w * HASH_SIZE}`);
      }
    });

    let th = hashFromTile(tiles[stxTile[stx.length - 1]!]!, data[stxTile[stx.length - 1]!]!, stx[stx.length - 1]!);
    for (let i = stx.length - 2; i >= 0; i--) {
      th = nodeHash(hashFromTile(tiles[stxTile[i]!]!, data[stxTile[i]!]!, stx[i]!), th);
    }
    if (!th.equals(this.tree.hash)) throw inconsistentTile(`tree of size ${n}`);

    const firstChild = new Set(stxTile).size;
    for (let i = firstChild; i < tiles.length; i++) {
      const tile = tiles[i]!;
      const parent = tileParent(tile, 1, n)!;
      const j = order.get(tileKey(parent))!;
      const expected = hashFromTile(parent, data[j]!, storedHashIndex(parent.l * parent.h, tile.n));
      if (!expected.equals(tileSubtreeHash(data[i]!))) throw inconsistentTile(tilePath(tile));
    }

    return indexes.map((x, i) => hashFromTile(tiles[indexTile[i]!]!, data[indexTile[i]!]!, x));
  }
}
