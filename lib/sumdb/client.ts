// A checksum database client for one lookup at a time, as strict as the go command's
// (golang.org/x/mod/sumdb Client.Lookup): fetch "<db>/lookup/<module>@<version>", verify the
// signed tree head with the configured key, then prove from the database's tiles that the
// record is in that signed tree. Only then are the record's h1: lines believed.
// The database is reached at the URL given in GOSUMDB, else through the first GOPROXY entry
// that answers "<proxy>/sumdb/<name>/supported", else directly at https://<name>.

import { IntegrityError, NetworkError } from '../errors.js';
import type { HttpClient } from '../net/http.js';
import { type ProxyEntry, ProxyNotFoundError, tryProxies } from '../goproxy/proxy-list.js';
import type { SumdbConfig } from './config.js';
import { openNote } from './note.js';
import {
  type Tile,
  type Tree,
  TileHashReader,
  checkRecord,
  parseLookupRecord,
  parseTree,
  proveRecord,
  recordHash,
  storedHashIndex,
  tilePath,
  HASH_SIZE,
} from './tlog.js';

/** The go command's tile height. */
const TILE_HEIGHT = 8;

export interface SumdbLookup {
  /** "h1:…" of the module zip. */
  readonly h1: string;
  /** "h1:…" of the module's go.mod, when the record has it. */
  readonly goModH1?: string;
  readonly recordId: number;
  readonly tree: Tree;
  /** The base URL the database was reached at. */
  readonly baseUrl: string;
}

export interface SumdbClientOptions {
  readonly http: HttpClient;
  readonly sumdb: SumdbConfig;
  /** GOPROXY entries, asked whether they proxy the database. */
  readonly proxies: readonly ProxyEntry[];
}

const NOT_FOUND = new Set([404, 410]);

/** Module path escaping of the go command: upper-case letters become "!" + lower case. */
function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

export class SumdbClient {
  private base?: Promise<string>;
  private readonly tiles = new Map<string, Promise<Buffer>>();

  constructor(private readonly options: SumdbClientOptions) {}

  /** Where the database is reached; asks the proxies once. */
  baseUrl(): Promise<string> {
    this.base ??= this.findBase();
    return this.base;
  }

  async lookup(module: string, version: string): Promise<SumdbLookup> {
    const { sumdb } = this.options;
    const base = await this.baseUrl();
    const url = `${base}/lookup/${escapeModulePath(module)}@${escapeModulePath(version)}`;
    const response = await this.options.http.getBuffer(url, { maxBytes: 1024 * 1024 });
    if (response.status !== 200) {
      const text = response.body.toString('utf8').slice(0, 300).trim();
      if (NOT_FOUND.has(response.status)) {
        throw new IntegrityError('E_SUMDB_NO_RECORD', `the checksum database ${sumdb.name} has no record of ${module}@${version} (${url}: HTTP ${response.status}${text ? `: ${text}` : ''})`, {
          hint: 'gvx installs a toolchain module only when the checksum database vouches for it; check the version, or GOSUMDB',
        });
      }
      throw new NetworkError('E_SUMDB_HTTP', `the checksum database lookup ${url} answered HTTP ${response.status}${text ? `: ${text}` : ''}`, {
        hint: 'check GOSUMDB and GOPROXY, and the network',
      });
    }
    const record = parseLookupRecord(response.body.toString('utf8'));
    const note = openNote(record.note, sumdb.verifier);
    const tree = parseTree(note.text);
    if (record.id >= tree.n) {
      throw new IntegrityError('E_SUMDB_INCLUSION', `the checksum database sent record ${record.id}, which is not in its signed tree of size ${tree.n}`, {
        hint: 'the checksum database or a proxy in front of it is misbehaving; nothing was installed',
      });
    }
    await this.proveInclusion(tree, record.id, record.text);
    return { ...pickLines(record.text, module, version, sumdb.name), recordId: record.id, tree, baseUrl: base };
  }

  /** Proves that `text` is record `id` of `tree`, from tiles checked against the signed hash. */
  private async proveInclusion(tree: Tree, id: number, text: string): Promise<void> {
    const reader = new TileHashReader(tree, TILE_HEIGHT, (tiles) => Promise.all(tiles.map((t) => this.readTile(t))));
    const leaf = recordHash(text);
    const [stored] = await reader.readHashes([storedHashIndex(0, id)]);
    const proof = await proveRecord(tree.n, id, reader);
    if (!stored!.equals(leaf) || !checkRecord(proof, tree.n, tree.hash, id, leaf)) {
      throw new IntegrityError('E_SUMDB_INCLUSION', `the checksum database's record ${id} is not the record in its signed tree (inclusion proof failed)`, {
        hint: 'the record was altered after it was logged (by the database or a proxy in front of it); nothing was installed',
      });
    }
  }

  private readTile(tile: Tile): Promise<Buffer> {
    const path = tilePath(tile);
    let data = this.tiles.get(path);
    if (!data) {
      data = this.fetchTile(tile);
      data.catch(() => this.tiles.delete(path));
      this.tiles.set(path, data);
    }
    return data;
  }

  private async fetchTile(tile: Tile): Promise<Buffer> {
    const base = await this.baseUrl();
    const want = tile.w * HASH_SIZE;
    let response = await this.options.http.getBuffer(`${base}/${tilePath(tile)}`, { maxBytes: 2 ** tile.h * HASH_SIZE });
    // A partial tile may be gone once the full tile exists; its prefix is the same data.
    const full = { ...tile, w: 2 ** tile.h };
    if (NOT_FOUND.has(response.status) && tile.w !== full.w) {
      response = await this.options.http.getBuffer(`${base}/${tilePath(full)}`, { maxBytes: full.w * HASH_SIZE });
      if (response.status === 200 && response.body.length === full.w * HASH_SIZE) return response.body.subarray(0, want);
    }
    if (response.status !== 200) {
      throw new NetworkError('E_SUMDB_HTTP', `the checksum database tile ${base}/${tilePath(tile)} answered HTTP ${response.status}`, {
        hint: 'check GOSUMDB and GOPROXY, and the network',
      });
    }
    if (response.body.length !== want) {
      throw new IntegrityError('E_SUMDB_TILE_INCONSISTENT', `the checksum database tile ${tilePath(tile)} has ${response.body.length} bytes, want ${want}`, {
        hint: 'the checksum database or a proxy in front of it served corrupt data; nothing was installed',
      });
    }
    return response.body;
  }

  private async findBase(): Promise<string> {
    const { sumdb, http } = this.options;
    if (sumdb.url) return sumdb.url;
    // "off" and "direct" both mean: connect to the database itself.
    const entries = this.options.proxies.map((e): ProxyEntry => (e.kind === 'off' ? { kind: 'direct' } : e));
    try {
      return await tryProxies(entries, async (entry) => {
        if (entry.kind !== 'url') return sumdb.directUrl;
        const url = `${entry.url}/sumdb/${sumdb.name}/supported`;
        const response = await http.getBuffer(url, { maxBytes: 64 * 1024 });
        if (response.status === 200) return `${entry.url}/sumdb/${sumdb.name}`;
        if (NOT_FOUND.has(response.status)) throw new ProxyNotFoundError(url, response.status);
        throw new NetworkError('E_SUMDB_PROXY', `${url} answered HTTP ${response.status}`, {
          hint: `the proxy cannot reach the checksum database ${sumdb.name}; fix the proxy, or give the database URL in GOSUMDB`,
        });
      });
    } catch (error) {
      if (error instanceof ProxyNotFoundError) return sumdb.directUrl;
      throw error;
    }
  }
}

function pickLines(text: string, module: string, version: string, dbName: string): { h1: string; goModH1?: string } {
  let h1: string | undefined;
  let goModH1: string | undefined;
  for (const line of text.split('\n')) {
    const f = line.split(' ');
    if (f.length !== 3 || f[0] !== module || !f[2]!.startsWith('h1:')) continue;
    if (f[1] === version) h1 = f[2];
    if (f[1] === `${version}/go.mod`) goModH1 = f[2];
  }
  if (!h1) {
    throw new IntegrityError('E_SUMDB_NO_RECORD', `the checksum database ${dbName} answered for ${module}@${version} without an h1: line for it`, {
      hint: 'the checksum database answered about another module or version; nothing was installed',
    });
  }
  return { h1, goModH1 };
}
