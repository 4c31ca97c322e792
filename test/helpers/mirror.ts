// A go.dev/dl-shaped mirror on 127.0.0.1 for tests: the index at /?mode=json&include=all and
// archives at /<filename>, with failure modes per file (or for the index) to exercise
// retries, timeouts and integrity checks over real HTTP.

import { createReadStream, statSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type MirrorMode =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; times?: number }
  | { kind: 'truncate'; bytes: number; times?: number }
  | { kind: 'stall'; afterBytes: number; times?: number }
  | { kind: 'slow'; bytesPerTick: number; tickMs: number }
  | { kind: 'garbage' };

export interface Mirror {
  readonly url: string;
  readonly requests: { method: string; path: string }[];
  count(path: string): number;
  setIndex(index: unknown): void;
  /** A Buffer, or { path } for a large file on disk that is streamed. */
  addFile(filename: string, content: Body): void;
  setMode(target: string, mode: MirrorMode): void;
  close(): Promise<void>;
}

type Body = Buffer | { path: string };

export interface IndexRelease {
  version: string;
  stable: boolean;
  files: { filename: string; os: string; arch: string; version?: string; sha256: string; size: number; kind: string }[];
}

export async function startMirror(options: { index?: unknown } = {}): Promise<Mirror> {
  let indexBody = JSON.stringify(options.index ?? []);
  const files = new Map<string, Body>();
  const modes = new Map<string, { mode: MirrorMode; used: number }>();
  const requests: { method: string; path: string }[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://mirror');
    requests.push({ method: req.method ?? 'GET', path: url.pathname });
    const isIndex = url.pathname === '/' && url.searchParams.get('mode') === 'json';
    const key = isIndex ? 'index' : url.pathname.slice(1);
    const body: Body | undefined = isIndex ? Buffer.from(indexBody) : files.get(key);
    if (body === undefined) {
      res.writeHead(404).end('not found');
      return;
    }
    serve(res, body, modes.get(key));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (path) => requests.filter((r) => r.path === path).length,
    setIndex(index) {
      indexBody = typeof index === 'string' ? index : JSON.stringify(index);
    },
    addFile(filename, content) {
      files.set(filename, content);
    },
    setMode(target, mode) {
      modes.set(target, { mode, used: 0 });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Applies the failure mode, if any is still active, else serves the body whole. */
function serve(res: ServerResponse, body: Body, state?: { mode: MirrorMode; used: number }): void {
  const size = Buffer.isBuffer(body) ? body.length : statSync(body.path).size;
  let mode: MirrorMode = state?.mode ?? { kind: 'ok' };
  if (state && 'times' in mode && mode.times !== undefined) {
    if (state.used >= mode.times) mode = { kind: 'ok' };
    state.used++;
  }
  switch (mode.kind) {
    case 'status':
      res.writeHead(mode.status).end(`failing with ${mode.status}`);
      return;
    case 'garbage':
      res.writeHead(200).end('<html>this is not what you asked for</html>');
      return;
    case 'truncate': {
      res.writeHead(200, { 'content-length': size });
      const cut = toBuffer(body).subarray(0, mode.bytes);
      res.write(cut, () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    case 'stall': {
      res.writeHead(200, { 'content-length': size });
      res.write(toBuffer(body).subarray(0, mode.afterBytes)); // then nothing, ever
      return;
    }
    case 'slow': {
      const buffer = toBuffer(body);
      res.writeHead(200, { 'content-length': buffer.length });
      let offset = 0;
      const tick = () => {
        if (res.destroyed) return;
        const chunk = buffer.subarray(offset, offset + mode.bytesPerTick);
        offset += chunk.length;
        if (offset >= buffer.length) res.end(chunk);
        else res.write(chunk, () => setTimeout(tick, mode.tickMs));
      };
      tick();
      return;
    }
    case 'ok':
      res.writeHead(200, { 'content-length': size });
      if (Buffer.isBuffer(body)) res.end(body);
      else createReadStream(body.path).pipe(res);
  }
}

function toBuffer(body: Body): Buffer {
  if (Buffer.isBuffer(body)) return body;
  throw new Error('failure modes other than ok and status need an in-memory body');
}
