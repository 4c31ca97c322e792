// The real Go 1.22 release archive the benchmarks install (repacked from Debian's package by
// scripts/toolchain-fixtures.ts), and a go.dev/dl-shaped mirror on 127.0.0.1 that serves it.

import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RealRelease, ensureRealToolchains, indexJson } from '../scripts/toolchain-fixtures.js';

export { repoRoot } from '../scripts/toolchain-fixtures.js';

/** The Go 1.22 release archive (built from Debian's golang-1.22-go on first use, then cached). */
export async function goArchive(): Promise<RealRelease> {
  const { releases } = await ensureRealToolchains({ minors: ['1.22'] });
  const release = releases.find((r) => r.version.startsWith('1.22'));
  if (!release) throw new Error('scripts/toolchain-fixtures.ts returned no Go 1.22 archive');
  return release;
}

/** A go.dev/dl-shaped mirror: the index at /?mode=json&include=all, the archive at /<filename>. */
export async function serveRelease(archive: RealRelease): Promise<{ server: Server; url: string }> {
  const index = indexJson([archive]);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/' || path === '') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(index) });
      res.end(index);
    } else if (path === `/${archive.filename}`) {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': archive.size });
      createReadStream(archive.path, { highWaterMark: 1 << 16 }).pipe(res);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
