// A GOPROXY on 127.0.0.1 serving golang.org/toolchain: @v/list, <v>.info, <v>.mod, <v>.zip
// (zips streamed from disk), with per-request failure knobs, a tampered-zip knob, and
// optionally /sumdb/<name>/supported plus pass-through of /sumdb/<name>/… to a database.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { type IncomingMessage, type ServerResponse, createServer, get } from 'node:http';
import { listenOnLoopback } from './loopback-server.js';

export interface ProxyFailure {
  /** Matched against the request path (substring or RegExp). */
  match: string | RegExp;
  status: number;
  /** Fail this many times, then serve normally (default: always). */
  times?: number;
}

export interface ModuleProxy {
  /** Base URL, no trailing slash (a path prefix, to check that clients join URLs properly). */
  readonly url: string;
  readonly requests: string[];
  count(pathPart: string | RegExp): number;
  /** Serves golang.org/toolchain@<moduleVersion> from this zip file. */
  addToolchain(moduleVersion: string, zipPath: string): void;
  /** Extra lines in @v/list (versions this proxy lists but may not serve). */
  listExtra: string[];
  failures: ProxyFailure[];
  /** Serve the zip with one byte of one entry changed (same length). */
  tamperZip: boolean;
  /** Answer /sumdb/<name>/supported with 200 and forward /sumdb/<name>/… to `url`. */
  proxySumdb?: { name: string; url: string };
  close(): Promise<void>;
}

export async function startModuleProxy(options: { basePath?: string } = {}): Promise<ModuleProxy> {
  const basePath = options.basePath ?? '/goproxy';
  const zips = new Map<string, string>();
  const requests: string[] = [];

  const proxy: ModuleProxy = {
    url: '',
    requests,
    count: (part) => requests.filter((r) => (typeof part === 'string' ? r.includes(part) : part.test(r))).length,
    addToolchain: (v, path) => void zips.set(v, path),
    listExtra: [],
    failures: [],
    tamperZip: false,
    close: async () => {},
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const full = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(full);
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (!full.startsWith(`${basePath}/`)) return send(404, 'not under the proxy path\n');
    const path = full.slice(basePath.length);
    for (const f of proxy.failures) {
      const hit = typeof f.match === 'string' ? path.includes(f.match) : f.match.test(path);
      if (!hit || f.times === 0) continue;
      if (f.times !== undefined) f.times--;
      return send(f.status, `injected HTTP ${f.status}\n`);
    }
    const db = proxy.proxySumdb;
    if (db && path.startsWith(`/sumdb/${db.name}/`)) {
      const rest = path.slice(`/sumdb/${db.name}`.length);
      if (rest === '/supported') return send(200, '');
      return forward(`${db.url}${rest}`, res);
    }
    const m = /^\/golang\.org\/toolchain\/@v\/(.+)$/.exec(path);
    if (!m) return send(404, 'not found\n');
    const file = m[1]!;
    if (file === 'list') return send(200, [...zips.keys(), ...proxy.listExtra].map((v) => `${v}\n`).join(''));
    const dot = file.lastIndexOf('.');
    const version = file.slice(0, dot);
    const zip = zips.get(version);
    if (!zip) return send(404, `not found: golang.org/toolchain@${version}\n`);
    switch (file.slice(dot)) {
      case '.info':
        return send(200, JSON.stringify({ Version: version, Time: '2024-01-01T00:00:00Z' }), 'application/json');
      case '.mod':
        return send(200, 'module golang.org/toolchain\n');
      case '.zip': {
        // content-length, as real proxies send it for files (gvx's progress bar uses it).
        res.writeHead(200, { 'content-type': 'application/zip', 'content-length': (await stat(zip)).size });
        if (proxy.tamperZip) {
          // Change a byte inside the first entry's data: a valid-looking zip whose CRC and h1 differ.
          const data = await readFile(zip);
          data[30 + data.readUInt16LE(26) + data.readUInt16LE(28) + 1]! ^= 0x01;
          return res.end(data);
        }
        createReadStream(zip).pipe(res);
        return;
      }
      default:
        return send(404, 'not found\n');
    }
  };

  const http = createServer((req, res) => {
    handle(req, res).catch((error) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  const loopback = await listenOnLoopback(http);
  Object.assign(proxy, { url: `http://127.0.0.1:${loopback.port}${basePath}`, close: loopback.close });
  return proxy;
}

function forward(url: string, res: ServerResponse): void {
  get(url, (upstream) => {
    res.writeHead(upstream.statusCode ?? 502, { 'content-type': upstream.headers['content-type'] ?? 'text/plain' });
    upstream.pipe(res);
  }).on('error', (error) => {
    res.writeHead(502);
    res.end(String(error));
  });
}
