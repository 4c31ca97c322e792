// Tiny synthetic Go releases for fast tests, written by a small ustar writer (node:zlib for
// gzip). Hand-written because hostile archives must contain exactly the entries node-tar
// refuses to create: absolute paths, "..", links pointing out of the root.

import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TarEntry {
  path: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  content?: Buffer | string;
  mode?: number;
  linkpath?: string;
}

export type Hostile =
  | 'outside'
  | 'absolute'
  | 'dotdot'
  | 'symlink-out'
  | 'hardlink-out'
  | 'write-through-symlink'
  | 'missing-go-binary'
  | 'wrong-version-file';

export interface FakeArchive {
  readonly filename: string;
  readonly buffer: Buffer;
  readonly sha256: string;
  readonly size: number;
  /** Paths outside any staging area that a successful attack would create. */
  readonly canaryPaths: string[];
}

const TYPEFLAG = { file: '0', hardlink: '1', symlink: '2', dir: '5' } as const;

function header(entry: TarEntry, size: number): Buffer {
  const block = Buffer.alloc(512);
  const type = entry.type ?? 'file';
  let name = entry.path;
  let prefix = '';
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', 154);
    prefix = name.slice(0, cut);
    name = name.slice(cut + 1);
  }
  const field = (value: string, offset: number, length: number) => block.write(value, offset, length, 'utf8');
  const octal = (value: number, offset: number, length: number) => field(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
  field(name, 0, 100);
  octal(entry.mode ?? (type === 'dir' ? 0o755 : 0o644), 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12);
  octal(1700000000, 136, 12);
  block.fill(' ', 148, 156); // checksum is computed with its own field as spaces
  field(TYPEFLAG[type], 156, 1);
  field(entry.linkpath ?? '', 157, 100);
  field('ustar\u000000', 257, 8);
  field(prefix, 345, 155);
  let sum = 0;
  for (const byte of block) sum += byte;
  field(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8);
  return block;
}

/** A gzipped tar of exactly these entries, in this order. */
export function tarGz(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const content = entry.type === 'file' || entry.type === undefined ? Buffer.from(entry.content ?? '') : Buffer.alloc(0);
    parts.push(header(entry, content.length), content);
    const pad = (512 - (content.length % 512)) % 512;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  parts.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(parts));
}

export function fakeGoScript(version: string, platform = 'linux/amd64'): string {
  return `#!/bin/sh
# A fake go command for tests: answers the few questions gvx and its tests ask.
root=\${GOROOT:-$(cd "$(dirname "$0")/.." && pwd)}
case "$1" in
  version) echo "go version go${version} ${platform}" ;;
  env) shift; for key in "$@"; do case $key in GOROOT) echo "$root" ;; GOVERSION) echo "go${version}" ;; *) echo ;; esac; done ;;
  *) echo "fake go ${version}: $*" ;;
esac
`;
}

export function fakeToolchainEntries(version: string, options: { padBytes?: number } = {}): TarEntry[] {
  const entries: TarEntry[] = [
    { path: 'go/', type: 'dir' },
    { path: 'go/VERSION', content: `go${version}\ntime 2024-01-01T00:00:00Z\n` },
    { path: 'go/bin/', type: 'dir' },
    { path: 'go/bin/go', content: fakeGoScript(version), mode: 0o755 },
    { path: 'go/bin/gofmt', content: `#!/bin/sh\necho "gofmt ${version}"\n`, mode: 0o755 },
    { path: 'go/src/', type: 'dir' },
    { path: 'go/src/README.vendor', content: 'synthetic release for gvx tests\n' },
    { path: 'go/pkg/tool/', type: 'dir' },
  ];
  // Incompressible padding makes downloads last long enough to interrupt them.
  if (options.padBytes) entries.push({ path: 'go/pkg/pad.bin', content: randomBytes(options.padBytes) });
  return entries;
}

export function fakeToolchain(version: string, options: { hostile?: Hostile; padBytes?: number; goos?: string; goarch?: string } = {}): FakeArchive {
  const goos = options.goos ?? 'linux';
  const goarch = options.goarch ?? (process.arch === 'arm64' ? 'arm64' : 'amd64');
  let entries = fakeToolchainEntries(version, options);
  const canaryPaths: string[] = [];
  // A real directory outside everything, so that writing through a link would succeed.
  const target = join(tmpdir(), `gvx-evil-${randomBytes(6).toString('hex')}`);
  const up = '../'.repeat(24);
  switch (options.hostile) {
    case 'outside':
      entries.push({ path: 'evil/x', content: 'outside the go/ directory' });
      break;
    case 'absolute':
      canaryPaths.push(join(target, 'pwned'));
      entries.push({ path: join(target, 'pwned'), content: 'absolute' });
      break;
    case 'dotdot':
      canaryPaths.push(target);
      entries.push({ path: `go/${up}${target.slice(1)}`, content: 'dotdot' });
      break;
    case 'symlink-out':
      mkdirSync(target, { recursive: true });
      canaryPaths.push(join(target, 'pwned'));
      entries.push({ path: 'go/bin/link', type: 'symlink', linkpath: target }, { path: 'go/bin/link/pwned', content: 'through an absolute symlink' });
      break;
    case 'hardlink-out':
      entries.push({ path: 'go/bin/h', type: 'hardlink', linkpath: '/etc/passwd' });
      break;
    case 'write-through-symlink':
      mkdirSync(target, { recursive: true });
      canaryPaths.push(join(target, 'pwned'));
      entries.push({ path: 'go/lib', type: 'symlink', linkpath: `${up}${target.slice(1)}` }, { path: 'go/lib/pwned', content: 'through a relative symlink' });
      break;
    case 'missing-go-binary':
      entries = entries.filter((e) => e.path !== 'go/bin/go');
      break;
    case 'wrong-version-file':
      entries = entries.map((e) => (e.path === 'go/VERSION' ? { ...e, content: 'go1.99.0\n' } : e));
      break;
  }
  const buffer = tarGz(entries);
  return {
    filename: `go${version}.${goos}-${goarch}.tar.gz`,
    buffer,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    size: buffer.length,
    canaryPaths,
  };
}
