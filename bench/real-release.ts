// The real Go 1.22 release archive the benchmarks install (repacked from Debian's package by
// scripts/toolchain-fixtures.ts), and a go.dev/dl-shaped mirror on 127.0.0.1 that serves it.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** dist/bench/ -> the repository root. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Archive {
  version: string;
  filename: string;
  path: string;
  sha256: string;
  size: number;
}

/** The Go 1.22 release archive: scripts/toolchain-fixtures.ts when present, else built here. */
export async function goArchive(): Promise<Archive> {
  const fixtures = join(repoRoot, 'dist', 'scripts', 'toolchain-fixtures.js');
  if (existsSync(fixtures)) {
    const mod = (await import(pathToFileURL(fixtures).href)) as {
      ensureRealToolchains(options?: { minors?: string[] }): Promise<{ releases: Archive[] }>;
    };
    const { releases } = await mod.ensureRealToolchains({ minors: ['1.22'] });
    const release = releases.find((r) => r.version.startsWith('1.22'));
    if (release) return release;
  }
  return buildArchive();
}

/** Repacks Debian's /usr/lib/go-1.22 (dereferenced) into .fixtures/bench/, like the issue says. */
async function buildArchive(): Promise<Archive> {
  const debian = '/usr/lib/go-1.22';
  const versionLine = (await readFile(join(debian, 'VERSION'), 'utf8').catch(() => '')).split('\n')[0]!.trim();
  const version = /^go(1\.22(?:\.\d+)?)$/.exec(versionLine)?.[1];
  if (!version) throw new Error(`no Debian Go 1.22 at ${debian}; apt-get install -t bookworm-backports golang-1.22-go golang-1.22-src`);
  const goarch = ({ x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'armv6l' } as Record<string, string>)[process.arch] ?? process.arch;
  const filename = `go${version}.${process.platform}-${goarch}.tar.gz`;
  const dir = join(repoRoot, '.fixtures', 'bench');
  const path = join(dir, filename);
  if (!existsSync(path)) {
    await mkdir(dir, { recursive: true });
    const stage = await mkdtemp(join(tmpdir(), 'gvx-bench-build-'));
    try {
      const script =
        `set -eo pipefail; mkdir -p "$1/go"; (cd "$2" && tar -chf - .) | tar -xf - -C "$1/go"; ` +
        `tar -czf "$3.tmp" -C "$1" go; mv "$3.tmp" "$3"`;
      const r = spawnSync('bash', ['-c', script, 'build', stage, debian, path], { stdio: 'inherit' });
      if (r.status !== 0) throw new Error(`building ${path} failed`);
    } finally {
      await rm(stage, { recursive: true, force: true });
    }
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return { version, filename, path, sha256: hash.digest('hex'), size: (await stat(path)).size };
}

/** A go.dev/dl-shaped mirror: the index at /?mode=json&include=all, the archive at /<filename>. */
export async function serveRelease(archive: Archive): Promise<{ server: Server; url: string }> {
  const goarch = archive.filename.replace(/\.tar\.gz$/, '').split('-').pop()!;
  const goos = archive.filename.split('.').slice(-3, -2)[0]!.split('-')[0]!;
  const index = JSON.stringify([
    {
      version: `go${archive.version}`,
      stable: true,
      files: [
        { filename: archive.filename, os: goos, arch: goarch, version: `go${archive.version}`, sha256: archive.sha256, size: archive.size, kind: 'archive' },
      ],
    },
  ]);
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

