// A go.dev/dl-shaped mirror on 127.0.0.1 for tests: the index at /?mode=json&include=all and
// archives at /<filename>, with failure modes per file (or for the index) to exercise
// retries, resumption, timeouts and integrity checks over real HTTP. Files on disk are
// streamed, never read whole, so multi-megabyte real toolchains cost no memory.
//
// Archives honour single `Range: bytes=…` requests like dl.google.com does (206 with
// Content-Range, 416 past the end), unless setRanges(false); the index is always served whole.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse, createServer } from 'node:http';
import { Readable } from 'node:stream';
import { listenOnLoopback } from './loopback-server.js';
import { goPlatform } from '../../scripts/toolchain-fixtures.js';

export type MirrorMode =
  | { kind: 'ok' }
  /** Answer with this HTTP status `times` times (default: always), then serve normally. */
  | { kind: 'status'; status: number; times?: number }
  /**
   * Promise the full Content-Length (of the slice, for a 206), send its first `bytes`, then
   * destroy the socket.
   */
  | { kind: 'truncate'; bytes: number; times?: number }
  /** Send headers and the first `afterBytes` (of the slice), then nothing more, ever (the socket stays open). */
  | { kind: 'stall'; afterBytes: number; times?: number }
  /**
   * Serve everything (the slice, for a 206), `bytesPerTick` bytes every `tickMs` ms; a tiny
   * rate makes a server that trickles until the client gives up.
   */
  | { kind: 'slow'; bytesPerTick: number; tickMs: number; times?: number }
  /** 200 with a body that is neither JSON nor gzip (whatever the Range). */
  | { kind: 'garbage'; times?: number }
  /** The right length but the middle byte of what is sent (the slice, for a 206) flipped: only the checksum can tell. */
  | { kind: 'corrupt'; times?: number }
  /**
   * Answer `status` (default 302) with `Location: location`, verbatim (absolute, relative, or
   * another scheme such as file:///etc/passwd). Applies even if no file is served under this
   * name, so two names can redirect to each other.
   */
  | { kind: 'redirect'; location: string; status?: number; times?: number };

/** A Buffer, a file path, or { path } (the older spelling) for a file streamed from disk. */
export type MirrorBody = Buffer | string | { path: string };

export interface MirrorRequest {
  method: string;
  /** Path and query as requested, e.g. "/go1.22.5.linux-amd64.tar.gz" or "/?mode=json&include=all". */
  path: string;
  /** What it was served as: 'index', a filename, or undefined for a 404. */
  resource?: string;
  /** The Range header as received, when there was one (e.g. "bytes=1000-"). */
  range?: string;
  /** The status answered (200, 206, 302, 416, …); unset until the headers are written. */
  status?: number;
}

export interface Mirror {
  /** Base URL, no trailing slash; what GVX_MIRROR gets. */
  readonly url: string;
  readonly requests: MirrorRequest[];
  /** Requests for a path ("/go1.22.5…tar.gz"), a bare filename, or 'index'. */
  count(path: string): number;
  setIndex(index: unknown): void;
  addFile(filename: string, body: MirrorBody): void;
  removeFile(filename: string): void;
  /** Failure mode for a filename or 'index'; resets its `times` counter. */
  setMode(target: string, mode: MirrorMode): void;
  /**
   * Whether Range requests are honoured (the default). With false, Range headers are ignored:
   * every file is a 200 with the whole body and no Accept-Ranges, like a server without range
   * support.
   */
  setRanges(enabled: boolean): void;
  close(): Promise<void>;
}

export interface MirrorOptions {
  index?: unknown;
  files?: Record<string, MirrorBody>;
  /** Serve under a path prefix (e.g. '/dl') to check that clients join URLs properly. */
  basePath?: string;
}

type Source = { kind: 'buffer'; data: Buffer } | { kind: 'file'; path: string };

function toSource(body: MirrorBody): Source {
  if (Buffer.isBuffer(body)) return { kind: 'buffer', data: body };
  return { kind: 'file', path: typeof body === 'string' ? body : body.path };
}

async function sizeOf(source: Source): Promise<number> {
  return source.kind === 'buffer' ? source.data.length : (await stat(source.path)).size;
}

/** Bytes [start, end) of the body as a stream. */
function slice(source: Source, start: number, end: number): Readable {
  if (end <= start) return Readable.from([]);
  if (source.kind === 'buffer') return Readable.from([source.data.subarray(start, end)]);
  return createReadStream(source.path, { start, end: end - 1 });
}

export async function startMirror(options: MirrorOptions = {}): Promise<Mirror> {
  const base = (options.basePath ?? '').replace(/\/+$/, '');
  let index: Source = { kind: 'buffer', data: Buffer.from(JSON.stringify(options.index ?? [])) };
  const files = new Map<string, Source>();
  for (const [name, body] of Object.entries(options.files ?? {})) files.set(name, toSource(body));
  const modes = new Map<string, { mode: MirrorMode; used: number }>();
  const requests: MirrorRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let ranges = true;

  const server = createServer((req, res) => {
    const raw = req.url ?? '/';
    const url = new URL(raw, 'http://mirror');
    // Keys only when present, so deepEqual against { method, path, … } stays easy to write.
    const record: MirrorRequest = { method: req.method ?? 'GET', path: raw };
    if (req.headers.range !== undefined) record.range = req.headers.range;
    requests.push(record);
    // Every answer goes through here, so the record always holds the status sent.
    const answer = (status: number, headers: OutgoingHttpHeaders = {}) => {
      record.status = status;
      return res.writeHead(status, headers);
    };
    const resource = resolve(url);
    const source = resource === 'index' ? index : resource ? files.get(resource) : undefined;
    // A redirect needs no file behind it; any other mode applies only to something served.
    const redirecting = resource !== undefined && modes.get(resource)?.mode.kind === 'redirect';
    const mode = resource !== undefined && (source || redirecting) ? takeMode(resource) : undefined;
    if (mode?.kind === 'redirect') {
      record.resource = resource;
      answer(mode.status ?? 302, { location: mode.location, 'content-type': 'text/plain' }).end(`redirecting to ${mode.location}\n`);
      return;
    }
    if (!resource || !source || !mode) {
      answer(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    record.resource = resource;
    const isIndex = resource === 'index';
    const range = ranges && !isIndex ? { header: req.method === 'GET' ? req.headers.range : undefined } : undefined;
    serve(req, res, answer, source, isIndex, range, mode, timers).catch((err: unknown) => {
      if (!res.headersSent) answer(500).end(String(err));
      else res.destroy();
    });
  });

  /** 'index', a filename, or undefined. Index: <base>/ with mode=json and include=all, any order. */
  function resolve(url: URL): string | undefined {
    if (!url.pathname.startsWith(`${base}/`)) return undefined;
    const rest = url.pathname.slice(base.length + 1);
    if (rest === '') {
      const q = url.searchParams;
      return q.get('mode') === 'json' && q.get('include') === 'all' ? 'index' : undefined;
    }
    return rest.includes('/') ? undefined : decodeURIComponent(rest);
  }

  /** The mode for this request; one with `times` counts down, then serves normally. */
  function takeMode(resource: string): MirrorMode {
    const state = modes.get(resource);
    if (!state) return { kind: 'ok' };
    const times = 'times' in state.mode ? state.mode.times : undefined;
    if (times !== undefined && state.used >= times) return { kind: 'ok' };
    state.used++;
    return state.mode;
  }

  // Unref'd: a mirror (or a stalled connection) a test forgot to close must not keep mocha
  // alive forever.
  const loopback = await listenOnLoopback(server, { unref: true });
  const url = `http://127.0.0.1:${loopback.port}${base}`;

  const matches = (r: MirrorRequest, what: string): boolean => {
    if (what === 'index') return r.resource === 'index';
    const pathname = r.path.split('?')[0]!;
    return r.path === what || pathname === what || pathname === `${base}${what}` || r.resource === what.replace(/^\//, '');
  };

  return {
    url,
    requests,
    count: (what) => requests.filter((r) => matches(r, what)).length,
    setIndex(value) {
      index = { kind: 'buffer', data: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)) };
    },
    addFile(filename, body) {
      files.set(filename, toSource(body));
    },
    removeFile(filename) {
      files.delete(filename);
    },
    setMode(target, mode) {
      modes.set(target, { mode, used: 0 });
    },
    setRanges(enabled) {
      ranges = enabled;
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      return loopback.close();
    },
  };
}

/**
 * The bytes [start, end) a Range header asks for out of `size`; undefined to serve the whole
 * body, 'unsatisfiable' for a 416. Only one range of bytes is supported: RFC 9110 lets a server
 * ignore what it does not (other units, several ranges, malformed or inverted ranges).
 */
function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    // bytes=-N: the last N bytes.
    const n = Number(m[2]);
    return n === 0 || size === 0 ? 'unsatisfiable' : { start: Math.max(0, size - n), end: size };
  }
  const start = Number(m[1]);
  if (m[2] !== '' && Number(m[2]) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  // bytes=N- runs to the end; bytes=N-M is inclusive and may overshoot it.
  return { start, end: m[2] === '' ? size : Math.min(Number(m[2]) + 1, size) };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  answer: (status: number, headers?: OutgoingHttpHeaders) => ServerResponse,
  source: Source,
  isIndex: boolean,
  /** Set when ranges are honoured for this response; `header` is the Range to honour, if any. */
  ranges: { header: string | undefined } | undefined,
  mode: Exclude<MirrorMode, { kind: 'redirect' }>,
  timers: Set<NodeJS.Timeout>,
): Promise<void> {
  const contentType = isIndex ? 'application/json' : 'application/octet-stream';
  if (mode.kind === 'status') {
    answer(mode.status, { 'content-type': 'text/plain' }).end(`mirror failing with ${mode.status}\n`);
    return;
  }
  if (mode.kind === 'garbage') {
    const junk = Buffer.from('<html><body>this is neither JSON nor gzip</body></html>\n');
    answer(200, { 'content-type': contentType, 'content-length': junk.length });
    res.end(req.method === 'HEAD' ? undefined : junk);
    return;
  }

  // What to send: the whole body (200) or the requested slice (206). Every mode below then
  // works on [start, end) only, so a resumed download meets the same failures as a fresh one.
  const size = await sizeOf(source);
  const headers: OutgoingHttpHeaders = { 'content-type': contentType };
  if (ranges) headers['accept-ranges'] = 'bytes';
  const range = ranges ? parseRange(ranges.header, size) : undefined;
  if (range === 'unsatisfiable') {
    answer(416, { ...headers, 'content-type': 'text/plain', 'content-range': `bytes */${size}` }).end('range not satisfiable\n');
    return;
  }
  const { start, end } = range ?? { start: 0, end: size };
  headers['content-length'] = end - start;
  if (range) headers['content-range'] = `bytes ${start}-${end - 1}/${size}`;
  answer(range ? 206 : 200, headers);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }

  switch (mode.kind) {
    case 'ok':
      slice(source, start, end).pipe(res);
      return;
    case 'corrupt': {
      const middle = start + Math.floor((end - start) / 2);
      const flipped = Buffer.alloc(1);
      await new Promise<void>((done, fail) => {
        slice(source, middle, middle + 1).on('data', (b: Buffer) => (flipped[0] = b[0]! ^ 0xff)).on('end', done).on('error', fail);
      });
      const body = Readable.from(
        (async function* () {
          yield* slice(source, start, middle);
          if (end > start) yield flipped;
          yield* slice(source, middle + 1, end);
        })(),
      );
      body.pipe(res);
      return;
    }
    case 'truncate': {
      // The client was promised `end - start` bytes. The last chunk's write callback fires once
      // it is handed to the kernel; only then cut the connection, so exactly `bytes` arrive.
      const stream = slice(source, start, Math.min(start + mode.bytes, end));
      let held: Buffer | undefined;
      stream.on('data', (chunk: Buffer) => {
        if (held && !res.write(held)) {
          stream.pause();
          res.once('drain', () => stream.resume());
        }
        held = chunk;
      });
      stream.on('end', () => {
        const cut = () => res.socket?.destroy();
        if (held) res.write(held, cut);
        else cut();
      });
      stream.on('error', () => res.destroy());
      return;
    }
    case 'stall':
      slice(source, start, Math.min(start + mode.afterBytes, end)).pipe(res, { end: false });
      return; // and never end: only the client's timeout (or close()) finishes this
    case 'slow': {
      const stream = slice(source, start, end);
      const { bytesPerTick, tickMs } = mode;
      let pending = Buffer.alloc(0);
      let ended = false;
      let timer: NodeJS.Timeout | undefined;
      stream.on('data', (chunk: Buffer) => {
        pending = Buffer.concat([pending, chunk]);
        if (pending.length >= bytesPerTick * 4) stream.pause();
      });
      stream.on('end', () => (ended = true));
      stream.on('error', () => res.destroy());
      // A trickle can outlast any test: once the client is gone (or close() destroys the
      // socket), stop reading and drop the next tick rather than let it fire into the void.
      res.on('close', () => {
        stream.destroy();
        if (timer) {
          clearTimeout(timer);
          timers.delete(timer);
          timer = undefined;
        }
      });
      const tick = () => {
        if (res.destroyed) return;
        const out = pending.subarray(0, bytesPerTick);
        pending = pending.subarray(out.length);
        if (pending.length < bytesPerTick * 4) stream.resume();
        if (ended && pending.length === 0) {
          res.end(out);
          return;
        }
        const next = () => {
          if (res.destroyed) return;
          const t = setTimeout(() => {
            timers.delete(t);
            timer = undefined;
            tick();
          }, tickMs);
          t.unref();
          timers.add(t);
          timer = t;
        };
        if (out.length === 0 || res.write(out)) next();
        else res.once('drain', next);
      };
      tick();
      return;
    }
  }
}

export interface MirrorFile {
  filename: string;
  os?: string;
  arch?: string;
  kind?: string;
  /** go-prefixed; defaults to the release's. */
  version?: string;
  /** Computed from `source` when omitted. */
  sha256?: string;
  size?: number;
  /** What to serve for this file; without it the index lists a file the mirror 404s. */
  source?: MirrorBody;
}

export interface MirrorRelease {
  /** With or without the go prefix. */
  version: string;
  stable?: boolean;
  files: MirrorFile[];
}

/** The go.dev JSON entry for one release (go.dev lists them newest first; callers order). */
export interface IndexRelease {
  version: string;
  stable: boolean;
  files: { filename: string; os: string; arch: string; version: string; sha256: string; size: number; kind: string }[];
}

async function hashOf(body: MirrorBody): Promise<{ sha256: string; size: number }> {
  const source = toSource(body);
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of slice(source, 0, await sizeOf(source))) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** go.dev-shaped index entries; sha256/size computed from each file's source when missing. */
async function buildIndex(releases: MirrorRelease[]): Promise<IndexRelease[]> {
  const { goos, goarch } = goPlatform();
  return Promise.all(
    releases.map(async (r) => {
      const version = r.version.startsWith('go') ? r.version : `go${r.version}`;
      const files = await Promise.all(
        r.files.map(async (f) => {
          let { sha256, size } = f;
          if ((sha256 === undefined || size === undefined) && f.source !== undefined) {
            const h = await hashOf(f.source);
            sha256 ??= h.sha256;
            size ??= h.size;
          }
          if (sha256 === undefined || size === undefined) throw new Error(`${f.filename}: sha256 and size, or a source, are required`);
          return { filename: f.filename, os: f.os ?? goos, arch: f.arch ?? goarch, version: f.version ?? version, sha256, size, kind: f.kind ?? 'archive' };
        }),
      );
      return { version, stable: r.stable ?? !/(alpha|beta|rc)\d/.test(version), files };
    }),
  );
}

/** A mirror whose index lists `releases`, serving every file that has a `source`. */
export async function startMirrorWithIndex(releases: MirrorRelease[], options: Omit<MirrorOptions, 'index'> = {}): Promise<Mirror> {
  const index = await buildIndex(releases);
  const mirror = await startMirror({ ...options, index });
  for (const r of releases) for (const f of r.files) if (f.source !== undefined) mirror.addFile(f.filename, f.source);
  return mirror;
}
