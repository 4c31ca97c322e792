// A plain directory mirror on 127.0.0.1, as nginx/Apache autoindex or a bucket page serves
// one: "/" is a file listing (HTML, or a bare list of names), files are served by name, and
// "/?mode=json&include=all" is just the listing again (a static server ignores the query) or,
// optionally, a 404. No JSON index anywhere.

import { createServer } from 'node:http';
import { listenOnLoopback } from '../helpers/loopback-server.js';

export interface DirectoryServer {
  readonly url: string;
  readonly requests: string[];
  count(path: string): number;
  files: Map<string, Buffer | string>;
  listingStyle: 'html' | 'plain';
  /** What "/?mode=json&include=all" answers: the listing (a static server) or 404. */
  queryAnswer: 'listing' | '404';
  close(): Promise<void>;
}

export async function startDirectoryServer(): Promise<DirectoryServer> {
  const dir: DirectoryServer = {
    url: '',
    requests: [],
    count: (path) => dir.requests.filter((r) => r === path).length,
    files: new Map(),
    listingStyle: 'html',
    queryAnswer: 'listing',
    close: async () => {},
  };
  const listing = () => {
    const names = [...dir.files.keys()].sort();
    if (dir.listingStyle === 'plain') return { type: 'text/plain', body: names.map((n) => `${n}\n`).join('') };
    const rows = names.map((n) => `<a href="${n}">${n}</a>                 01-Jan-2024 00:00    ${String(dir.files.get(n)!.length).padStart(8)}`);
    return { type: 'text/html', body: `<html><head><title>Index of /go/</title></head><body><h1>Index of /go/</h1><hr><pre><a href="../">../</a>\n${rows.join('\n')}\n</pre><hr></body></html>\n` };
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    dir.requests.push(`${url.pathname}${url.search}`);
    if (url.pathname === '/') {
      if (url.search && dir.queryAnswer === '404') return res.writeHead(404).end('not found\n');
      const { type, body } = listing();
      return res.writeHead(200, { 'content-type': type }).end(body);
    }
    const file = dir.files.get(decodeURIComponent(url.pathname.slice(1)));
    if (file === undefined) return res.writeHead(404).end('not found\n');
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': Buffer.byteLength(file) }).end(file);
  });
  const loopback = await listenOnLoopback(server);
  Object.assign(dir, { url: `http://127.0.0.1:${loopback.port}`, close: loopback.close });
  return dir;
}
