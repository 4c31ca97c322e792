// A forward HTTP proxy on 127.0.0.1 for tests: absolute-URI requests are relayed, CONNECT
// opens a TCP tunnel to the requested host:port. Every request is recorded, so a test can
// prove that traffic went through the proxy (or, with NO_PROXY, did not).

import { type IncomingMessage, createServer, request } from 'node:http';
import { type Socket, connect } from 'node:net';
import { listenOnLoopback } from '../helpers/loopback-server.js';

export interface ProxiedRequest {
  readonly method: string;
  /** "http://host:port/path" for relayed requests, "host:port" for CONNECT. */
  readonly target: string;
}

export interface ForwardProxy {
  readonly url: string;
  readonly requests: ProxiedRequest[];
  /** host:port of every request (relayed or tunnelled). */
  hosts(): Set<string>;
  close(): Promise<void>;
}

export async function startForwardProxy(): Promise<ForwardProxy> {
  const requests: ProxiedRequest[] = [];

  const server = createServer((req: IncomingMessage, res) => {
    requests.push({ method: req.method ?? 'GET', target: req.url ?? '' });
    const upstream = request(req.url ?? '', { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502);
      res.end(String(error));
    });
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? '';
    requests.push({ method: 'CONNECT', target });
    const colon = target.lastIndexOf(':');
    const upstream = connect(Number(target.slice(colon + 1)), target.slice(0, colon), () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    loopback.track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const loopback = await listenOnLoopback(server);
  return {
    url: `http://127.0.0.1:${loopback.port}`,
    requests,
    hosts: () => new Set(requests.map((r) => (r.method === 'CONNECT' ? r.target : new URL(r.target).host))),
    close: loopback.close,
  };
}
