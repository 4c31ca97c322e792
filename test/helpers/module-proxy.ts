// GOPROXYs for tests, in the two forms the go command and gvx read:
// - writeModuleProxy: any modules on disk, for offline `go install path@version` (the go
//   command reads file:// proxies): <root>/<module>/@v/list, <v>.info, <v>.mod, <v>.zip.
// - startModuleProxy: golang.org/toolchain on 127.0.0.1: @v/list, <v>.info, <v>.mod, <v>.zip
//   (zips streamed from disk), with per-request failure knobs, a tampered-zip knob, and
//   optionally /sumdb/<name>/supported plus pass-through of /sumdb/<name>/… to a database.
//
// Zips honour a single `Range: bytes=N-` (or bytes=N-M) like real proxies' file servers do:
// 206 with Content-Range, 416 `bytes */size` past the end; `ranges = false` makes a server that
// ignores Range (a 200 with the whole zip, no Accept-Ranges).
// `zipMode` cuts a zip response after K bytes or trickles it, on the slice a 206 sends, so a
// resumed download meets the same failures.

import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse, createServer, get } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { listenOnLoopback } from './loopback-server.js';
import { writeZip } from './zip-writer.js';

export interface ModuleVersion {
  module: string;
  version: string;
  /** Relative path -> content; must include go.mod. */
  files: Record<string, string>;
}

/**
 * Writes the proxy layout for each module version (every zip entry under the
 * `<module>@<version>/` prefix, as Go requires); returns the GOPROXY value (file://…).
 */
export async function writeModuleProxy(root: string, modules: ModuleVersion[]): Promise<string> {
  for (const m of modules) {
    const dir = join(root, m.module, '@v');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'list'), `${m.version}\n`);
    await writeFile(join(dir, `${m.version}.info`), JSON.stringify({ Version: m.version, Time: '2024-01-01T00:00:00Z' }));
    await writeFile(join(dir, `${m.version}.mod`), m.files['go.mod']!);
    const entries = Object.fromEntries(Object.entries(m.files).map(([name, content]) => [`${m.module}@${m.version}/${name}`, content]));
    await writeZip(join(dir, `${m.version}.zip`), entries);
  }
  return pathToFileURL(root).href;
}

export interface ProxyFailure {
  /** Matched against the request path (substring or RegExp). */
  match: string | RegExp;
  status: number;
  /** Fail this many times, then serve normally (default: always). */
  times?: number;
}

/** How .zip responses (200 or 206) are sent; with `times`, that many responses, then normally. */
export type ZipMode =
  /** Promise the full Content-Length, send the first `bytes` of the body, then destroy the socket. */
  | { kind: 'cut'; bytes: number; times?: number }
  /** `bytesPerTick` bytes every `tickMs` ms until done or the client goes away (its timer stops then). */
  | { kind: 'slow'; bytesPerTick: number; tickMs: number; times?: number };

export interface ProxyRequest {
  /** The request's path, as in `requests`. */
  path: string;
  /** The Range header as received, when there was one ("bytes=1000-"). */
  range?: string;
  /** The status answered; unset until the headers are written (or if none ever are). */
  status?: number;
}

export interface ModuleProxy {
  /** Base URL, no trailing slash (a path prefix, to check that clients join URLs properly). */
  readonly url: string;
  readonly requests: string[];
  /** The same requests with their Range header and the status answered. */
  readonly log: ProxyRequest[];
  count(pathPart: string | RegExp): number;
  /** Serves golang.org/toolchain@<moduleVersion> from this zip file. */
  addToolchain(moduleVersion: string, zipPath: string): void;
  /** Extra lines in @v/list (versions this proxy lists but may not serve). */
  listExtra: string[];
  failures: ProxyFailure[];
  /** Serve the zip with one byte of one entry changed (same length). */
  tamperZip: boolean;
  /** Honour Range on .zip files (206/416, Accept-Ranges). Default false: Range is ignored, always a 200 with the whole zip. */
  ranges: boolean;
  /** A failure mode for .zip responses; its `times` counts down. */
  zipMode?: ZipMode;
  /** Answer /sumdb/<name>/supported with 200 and forward /sumdb/<name>/… to `url`. */
  proxySumdb?: { name: string; url: string };
  /** Slow-mode ticks scheduled now: 0 once every trickle has finished or lost its client. */
  pendingTicks(): number;
  close(): Promise<void>;
}

export async function startModuleProxy(options: { basePath?: string } = {}): Promise<ModuleProxy> {
  const basePath = options.basePath ?? '/goproxy';
  const zips = new Map<string, string>();
  const requests: string[] = [];
  const log: ProxyRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();

  const proxy: ModuleProxy = {
    url: '',
    requests,
    log,
    count: (part) => requests.filter((r) => (typeof part === 'string' ? r.includes(part) : part.test(r))).length,
    addToolchain: (v, path) => void zips.set(v, path),
    listExtra: [],
    failures: [],
    tamperZip: false,
    ranges: true,
    pendingTicks: () => timers.size,
    close: async () => {},
  };

  /** The zip mode for this response, counting down its `times`. */
  const takeZipMode = (): ZipMode | undefined => {
    const mode = proxy.zipMode;
    if (!mode || mode.times === 0) return undefined;
    if (mode.times !== undefined) mode.times--;
    return mode;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, answer: Answer) => {
    const full = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      answer(status, { 'content-type': type });
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
      return forward(`${db.url}${rest}`, res, answer);
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
      case '.zip':
        return serveZip(req, res, answer, zip);
      default:
        return send(404, 'not found\n');
    }
  };

  const serveZip = async (req: IncomingMessage, res: ServerResponse, answer: Answer, zip: string) => {
    let source: Source = { kind: 'file', path: zip };
    if (proxy.tamperZip) {
      // Change a byte inside the first entry's data: a valid-looking zip whose CRC and h1 differ.
      const data = await readFile(zip);
      data[30 + data.readUInt16LE(26) + data.readUInt16LE(28) + 1]! ^= 0x01;
      source = { kind: 'buffer', data };
    }
    const size = source.kind === 'buffer' ? source.data.length : (await stat(zip)).size;
    // content-length, as real proxies send it for files (gvx's progress bar uses it).
    const headers: OutgoingHttpHeaders = { 'content-type': 'application/zip' };
    if (proxy.ranges) headers['accept-ranges'] = 'bytes';
    const range = proxy.ranges ? parseRange(req.headers.range, size) : undefined;
    if (range === 'unsatisfiable') {
      answer(416, { ...headers, 'content-type': 'text/plain', 'content-range': `bytes */${size}` });
      res.end('range not satisfiable\n');
      return;
    }
    const { start, end } = range ?? { start: 0, end: size };
    headers['content-length'] = end - start;
    if (range) headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
    const mode = takeZipMode();
    answer(range ? 206 : 200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    if (!mode) {
      slice(source, start, end).pipe(res);
      return;
    }
    if (mode.kind === 'cut') return cut(slice(source, start, Math.min(start + mode.bytes, end)), res);
    return trickle(slice(source, start, end), res, mode.bytesPerTick, mode.tickMs, timers);
  };

  const http = createServer((req, res) => {
    const full = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(full);
    // Keys only when present, so deepEqual against { path, status } stays easy to write.
    const record: ProxyRequest = { path: full };
    if (req.headers.range !== undefined) record.range = req.headers.range;
    log.push(record);
    // Every answer goes through here, so the log holds the status sent.
    const answer: Answer = (status, headers) => {
      record.status = status;
      res.writeHead(status, headers);
    };
    handle(req, res, answer).catch((error) => {
      if (res.headersSent) return void res.destroy();
      answer(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  const loopback = await listenOnLoopback(http);
  Object.assign(proxy, {
    url: `http://127.0.0.1:${loopback.port}${basePath}`,
    close: () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return loopback.close();
    },
  });
  return proxy;
}

type Answer = (status: number, headers: OutgoingHttpHeaders) => void;

type Source = { kind: 'buffer'; data: Buffer } | { kind: 'file'; path: string };

/** Bytes [start, end) of the zip as a stream. */
function slice(source: Source, start: number, end: number): Readable {
  if (end <= start) return Readable.from([]);
  if (source.kind === 'buffer') return Readable.from([source.data.subarray(start, end)]);
  return createReadStream(source.path, { start, end: end - 1 });
}

/**
 * The bytes [start, end) a Range header asks for out of `size`: undefined to serve the whole
 * zip (no header, or one this server ignores, as RFC 9110 allows), 'unsatisfiable' for a 416.
 */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header === undefined ? null : /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!m) return undefined;
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: m[2] === '' ? size : Math.min(Number(m[2]) + 1, size) };
}

/** Waits until `res` can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Sends what `body` holds, then destroys the socket. The last chunk's write callback fires
 * once it is handed to the kernel; only then is the connection cut, so all those bytes are
 * sent (a client that has not read them all when the connection drops may lose some: Node's
 * http client drops what it buffered, so keep K under one socket read, 64 KiB, for an exact K).
 */
async function cut(body: Readable, res: ServerResponse): Promise<void> {
  let held: Buffer | undefined;
  try {
    for await (const chunk of body) {
      if (res.destroyed) return;
      if (held && !res.write(held)) await drained(res);
      held = chunk as Buffer;
    }
  } catch {
    res.destroy();
    return;
  }
  const destroy = () => res.socket?.destroy();
  if (held && !res.destroyed) res.write(held, destroy);
  else destroy();
}

/**
 * Sends `body`, `bytesPerTick` bytes every `tickMs` ms. Once the client is gone (or close()
 * destroys the socket) the pending tick is cancelled and the file closed, not left to fire.
 */
async function trickle(body: Readable, res: ServerResponse, bytesPerTick: number, tickMs: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  let cancel: (() => void) | undefined;
  res.on('close', () => {
    body.destroy();
    cancel?.();
  });
  const tick = () =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        cancel = undefined;
        resolve();
      }, tickMs);
      t.unref();
      timers.add(t);
      cancel = () => {
        clearTimeout(t);
        timers.delete(t);
        cancel = undefined;
        resolve();
      };
    });
  const send = async (out: Buffer) => {
    if (!res.write(out)) await drained(res);
  };
  let pending = Buffer.alloc(0);
  try {
    for await (const chunk of body) {
      pending = Buffer.concat([pending, chunk as Buffer]);
      while (pending.length >= bytesPerTick) {
        if (res.destroyed) return;
        await send(pending.subarray(0, bytesPerTick));
        pending = pending.subarray(bytesPerTick);
        await tick();
        if (res.destroyed) return;
      }
    }
  } catch {
    res.destroy();
    return;
  }
  if (!res.destroyed) res.end(pending);
}

function forward(url: string, res: ServerResponse, answer: Answer): void {
  get(url, (upstream) => {
    answer(upstream.statusCode ?? 502, { 'content-type': upstream.headers['content-type'] ?? 'text/plain' });
    upstream.pipe(res);
  }).on('error', (error) => {
    answer(502, {});
    res.end(String(error));
  });
}
