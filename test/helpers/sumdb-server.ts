// A checksum database on 127.0.0.1 for tests, signed with a test ed25519 key: it holds
// records, keeps the transparency log's stored hashes, and serves what the go command (and
// gvx) read: /lookup/<module>@<version>, /tile/8/L/N[.p/W] (partial tiles included) and
// /latest. Knobs make it lie in each way a client must catch.

import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';
import { type NoteSigner, newSigner, signNote } from '../../lib/sumdb/note.js';
import {
  type Hash,
  HASH_SIZE,
  formatLookupRecord,
  formatTree,
  parseTilePath,
  recordHash,
  storedHashIndex,
  storedHashesForRecord,
  treeHash,
} from '../../lib/sumdb/tlog.js';

export interface SumdbTamper {
  /** Serve lookups with this h1 in place of the logged one (inclusion must then fail). */
  recordH1?: string;
  /** Flip a bit of the tree head's signature. */
  badSignature?: boolean;
  /** Sign tree heads with another key under the same name. */
  signWithOtherKey?: boolean;
  /** Serve tiles with one hash changed (the tree hash cannot be rebuilt from them). */
  corruptTiles?: boolean;
  /** Serve partial tiles as 404 (clients must fall back to full tiles when they exist). */
  noPartialTiles?: boolean;
  /** Answer lookups with this status. */
  lookupStatus?: number;
}

export interface SumdbServer {
  readonly url: string;
  readonly name: string;
  /** "<name>+<hash>+<key>" — what GOSUMDB takes. */
  readonly verifierKey: string;
  readonly requests: string[];
  tamper: SumdbTamper;
  /** Logs `module version h1` and `module version/go.mod goModH1`; returns the record id. */
  addModule(module: string, version: string, h1: string, goModH1: string): number;
  /** Logs n unrelated records, to give the tree any shape. */
  addFiller(n: number): void;
  readonly size: number;
  treeHash(): Promise<Hash>;
  signedTree(): Promise<string>;
  close(): Promise<void>;
}

export async function startSumdbServer(options: { name?: string; seed?: Buffer } = {}): Promise<SumdbServer> {
  const name = options.name ?? 'sumdb.gvx.test';
  const { signer, verifierKey } = newSigner(name, options.seed ?? randomBytes(32));
  const other: NoteSigner = newSigner(name, randomBytes(32)).signer;
  const hashes: Hash[] = []; // every stored hash, in storage order
  const records: string[] = [];
  const byKey = new Map<string, number>();
  const requests: string[] = [];

  const append = (text: string): number => {
    const id = records.length;
    records.push(text);
    hashes.push(...storedHashesForRecord(id, recordHash(text), (i) => hashes[i]!));
    return id;
  };
  const reader = { readHashes: async (indexes: number[]) => indexes.map((i) => hashes[i]!) };

  const server: SumdbServer = {
    url: '',
    name,
    verifierKey,
    requests,
    tamper: {},
    addModule(module, version, h1, goModH1) {
      const id = append(`${module} ${version} ${h1}\n${module} ${version}/go.mod ${goModH1}\n`);
      byKey.set(`${module}@${version}`, id);
      return id;
    },
    addFiller(n) {
      for (let i = 0; i < n; i++) append(`example.com/filler${records.length} v1.0.0 h1:${recordHash(String(records.length)).toString('base64')}\n`);
    },
    get size() {
      return records.length;
    },
    treeHash: () => treeHash(records.length, reader),
    async signedTree() {
      const text = formatTree({ n: records.length, hash: await treeHash(records.length, reader) });
      let note = signNote(text, server.tamper.signWithOtherKey ? other : signer);
      if (server.tamper.badSignature) {
        const sigLine = note.slice(note.lastIndexOf('\u2014 '));
        const b64 = sigLine.split(' ')[2]!.trim();
        const sig = Buffer.from(b64, 'base64');
        sig[10]! ^= 0x01;
        note = note.replace(b64, sig.toString('base64'));
      }
      return note;
    },
    close: async () => {},
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    const send = (status: number, body: string | Buffer) => {
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(body);
    };
    if (path === '/latest') return send(200, await server.signedTree());
    if (path.startsWith('/lookup/')) {
      if (server.tamper.lookupStatus) return send(server.tamper.lookupStatus, 'tampered status\n');
      const id = byKey.get(path.slice('/lookup/'.length));
      if (id === undefined) return send(404, `not found: ${path.slice(8)}\n`);
      let text = records[id]!;
      if (server.tamper.recordH1) text = text.replace(/^(\S+ \S+ )h1:\S+/, `$1${server.tamper.recordH1}`);
      return send(200, formatLookupRecord(id, text) + (await server.signedTree()));
    }
    if (path.startsWith('/tile/')) {
      const tile = parseTilePath(path.slice(1));
      if (!tile || tile.h !== 8 || tile.l < 0) return send(404, 'no such tile\n');
      const start = tile.n * 2 ** tile.h;
      const levelSize = Math.floor(records.length / 2 ** (tile.l * tile.h));
      if (start + tile.w > levelSize) return send(404, 'tile beyond the tree\n');
      if (server.tamper.noPartialTiles && tile.w < 2 ** tile.h) return send(404, 'partial tiles withheld\n');
      const data = Buffer.alloc(tile.w * HASH_SIZE);
      for (let i = 0; i < tile.w; i++) hashes[storedHashIndex(tile.l * tile.h, start + i)]!.copy(data, i * HASH_SIZE);
      if (server.tamper.corruptTiles) data[data.length - 1]! ^= 0xff;
      return send(200, data);
    }
    send(404, 'not found\n');
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  const loopback = await listenOnLoopback(http);
  Object.assign(server, { url: `http://127.0.0.1:${loopback.port}`, close: loopback.close });
  return server;
}
