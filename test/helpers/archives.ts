// Tiny synthetic Go releases for fast tests, written by a small ustar writer (node:zlib for
// gzip). Hand-written because hostile archives must contain exactly the entries node-tar
// refuses to create: absolute paths, "..", links pointing out of the root.

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmdirSync } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { goPlatform } from '../../scripts/toolchain-fixtures.js';
import { loadConfig } from '../../lib/config.js';

/** The unpack caps gvx uses when no GVX_UNPACK_* variable is set. */
export const DEFAULT_UNPACK_LIMITS = loadConfig({ env: { GVX_HOME: '/nonexistent-gvx-home' } }).unpack;

export interface TarEntry {
  path: string;
  type?: 'file' | 'dir' | 'symlink' | 'hardlink';
  content?: Buffer | string;
  mode?: number;
  linkpath?: string;
  /** Seconds since the epoch; a fixed default keeps archives reproducible. */
  mtime?: number;
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

export interface FakeToolchainOptions {
  hostile?: Hostile;
  /** Incompressible bytes in go/pkg/pad.bin, so downloads last long enough to interrupt. */
  padBytes?: number;
  goos?: string;
  goarch?: string;
  /** Appended after the standard entries. */
  extraEntries?: TarEntry[];
}

export interface FakeArchive {
  readonly filename: string;
  readonly buffer: Buffer;
  readonly sha256: string;
  readonly size: number;
  /** Absolute paths a successful attack would create; a test asserts none exists. */
  readonly canaryPaths: string[];
  /** An existing, empty directory the hostile entries aim at (undefined for benign archives). */
  readonly canaryDir?: string;
  /** Random text in every hostile entry name, to search a tree with pathsContaining(). */
  readonly token: string;
}

const TYPEFLAG = { file: '0', hardlink: '1', symlink: '2', dir: '5' } as const;
const DEFAULT_MTIME = 1_700_000_000;

function block(fields: (b: Buffer) => void): Buffer {
  const b = Buffer.alloc(512);
  fields(b);
  // The checksum is the byte sum with its own field read as spaces: 6 octal digits, NUL, space.
  b.fill(' ', 148, 156);
  let sum = 0;
  for (const byte of b) sum += byte;
  b.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 8, 'latin1');
  return b;
}

function put(b: Buffer, value: string, offset: number, length: number): void {
  if (Buffer.byteLength(value) > length) throw new Error(`tar field too long: ${value}`);
  b.write(value, offset, length, 'utf8');
}

function putOctal(b: Buffer, value: number, offset: number, length: number): void {
  put(b, `${value.toString(8).padStart(length - 1, '0')}\0`, offset, length);
}

/** ustar splits a long name at a "/" into prefix (<= 155 bytes) and name (<= 100 bytes). */
function splitName(path: string): { prefix: string; name: string } | undefined {
  if (Buffer.byteLength(path) <= 100) return { prefix: '', name: path };
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) {
    const prefix = path.slice(0, i);
    const name = path.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name !== '') return { prefix, name };
  }
  return undefined;
}

function header(path: string, type: string, size: number, mode: number, mtime: number, linkpath: string): Buffer {
  const split = splitName(path) ?? { prefix: '', name: path.slice(0, 100) };
  return block((b) => {
    put(b, split.name, 0, 100);
    putOctal(b, mode, 100, 8);
    putOctal(b, 0, 108, 8); // uid
    putOctal(b, 0, 116, 8); // gid
    putOctal(b, size, 124, 12);
    putOctal(b, mtime, 136, 12);
    put(b, type, 156, 1);
    put(b, linkpath.slice(0, 100), 157, 100);
    put(b, 'ustar\u000000', 257, 8);
    put(b, 'root', 265, 32);
    put(b, 'root', 297, 32);
    put(b, split.prefix, 345, 155);
  });
}

/** One ustar header block on its own, e.g. for an entry whose size lies about the data after it. */
export function tarHeader(path: string, size: number, type: NonNullable<TarEntry['type']> = 'file', mode = 0o644): Buffer {
  return header(path, TYPEFLAG[type], size, mode, DEFAULT_MTIME, '');
}

function padded(data: Buffer): Buffer[] {
  const pad = (512 - (data.length % 512)) % 512;
  return pad ? [data, Buffer.alloc(pad)] : [data];
}

/** A PAX record: "<len> key=value\n", where len counts the whole record including itself. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

/** A gzipped tar of exactly these entries, in this order (PAX headers for over-long names). */
export function tarGz(entries: TarEntry[]): Buffer {
  return gzipSync(tarBytes(entries));
}

/** The uncompressed tar stream, for tests that need it raw. */
export function tarBytes(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = [];
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const content = type === 'file' ? Buffer.from(entry.content ?? '') : Buffer.alloc(0);
    const linkpath = entry.linkpath ?? '';
    const mtime = entry.mtime ?? DEFAULT_MTIME;
    const mode = entry.mode ?? (type === 'dir' ? 0o755 : 0o644);
    let pax = '';
    if (!splitName(entry.path)) pax += paxRecord('path', entry.path);
    if (Buffer.byteLength(linkpath) > 100) pax += paxRecord('linkpath', linkpath);
    if (pax) {
      const data = Buffer.from(pax);
      parts.push(header('PaxHeader', 'x', data.length, 0o644, mtime, ''), ...padded(data));
    }
    parts.push(header(entry.path, TYPEFLAG[type], content.length, mode, mtime, linkpath), ...padded(content));
  }
  parts.push(Buffer.alloc(1024)); // end of archive: two zero blocks
  return Buffer.concat(parts);
}

/** A POSIX sh stand-in for bin/go that answers what gvx and its tests ask a real go. */
function fakeGoScript(version: string, platform = `${goPlatform().goos}/${goPlatform().goarch}`): string {
  const [goos, goarch] = platform.split('/');
  return `#!/bin/sh
# Fake go${version} for gvx tests. The root is computed like the real go does when GOROOT is
# unset: from the binary's own (symlink-resolved) location.
bin=$(readlink -f "$0" 2>/dev/null) || bin=$0
self=$(cd "$(dirname "$bin")/.." && pwd)
root=\${GOROOT:-$self}
case "$1" in
  version)
    if [ "$2" = "-m" ]; then
      shift 2
      for f in "$@"; do
        printf '%s: go${version}\\n\\tpath\\tcmd/go\\n\\tbuild\\t-compiler=gc\\n\\tbuild\\tGOARCH=${goarch}\\n\\tbuild\\tGOOS=${goos}\\n' "$f"
      done
    else
      echo "go version go${version} ${platform}"
    fi ;;
  env)
    shift
    if [ $# -eq 0 ]; then
      set -- GOARCH GOOS GOROOT GOTOOLCHAIN GOVERSION
      for key in "$@"; do printf "%s='%s'\\n" "$key" "$("$0" env "$key")"; done
      exit 0
    fi
    for key in "$@"; do
      case $key in
        GOROOT) echo "$root" ;;
        GOVERSION) echo "go${version}" ;;
        GOOS) echo "${goos}" ;;
        GOARCH) echo "${goarch}" ;;
        GOTOOLCHAIN) echo "\${GOTOOLCHAIN:-auto}" ;;
        *) printenv "$key" || echo ;;
      esac
    done ;;
  fake-exit) exit "\${2:-0}" ;;
  *) echo "fake go ${version}: $*" ;;
esac
`;
}

export function fakeToolchainEntries(version: string, options: FakeToolchainOptions = {}): TarEntry[] {
  const { goos, goarch } = { ...goPlatform(), ...definedOnly({ goos: options.goos, goarch: options.goarch }) };
  const entries: TarEntry[] = [
    { path: 'go/', type: 'dir' },
    { path: 'go/VERSION', content: `go${version}\ntime 2024-01-01T00:00:00Z\n` },
    { path: 'go/go.env', content: 'GOPROXY=https://proxy.golang.org,direct\nGOSUMDB=sum.golang.org\nGOTOOLCHAIN=auto\n' },
    { path: 'go/bin/', type: 'dir' },
    { path: 'go/bin/go', content: fakeGoScript(version, `${goos}/${goarch}`), mode: 0o755 },
    { path: 'go/bin/gofmt', content: `#!/bin/sh\necho "gofmt ${version}"\n`, mode: 0o755 },
    { path: 'go/src/', type: 'dir' },
    { path: 'go/src/README', content: `synthetic go${version} for gvx tests\n` },
    { path: 'go/pkg/', type: 'dir' },
    { path: 'go/pkg/tool/', type: 'dir' },
    { path: `go/pkg/tool/${goos}_${goarch}/`, type: 'dir' },
  ];
  if (options.padBytes) entries.push({ path: 'go/pkg/pad.bin', content: randomBytes(options.padBytes) });
  return entries;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// Canary directories are created so that a naive extractor's write would succeed; the ones no
// attack wrote into are removed when the process exits (a non-empty one is left as evidence).
const canaryDirs: string[] = [];
process.once('exit', () => {
  for (const dir of canaryDirs) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty (an attack succeeded, keep it) or already gone
    }
  }
});

function makeCanaryDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gvx-evil-'));
  canaryDirs.push(dir);
  return dir;
}

// Enough "../" to climb from any realistic staging directory to "/".
const UP = '../'.repeat(32);

/** The hostile entries for one variant, all aimed at `canaryDir`. */
function hostileEntries(hostile: Hostile, canaryDir: string, token: string): { entries: TarEntry[]; canaryPaths: string[] } {
  const fromRoot = canaryDir.replace(/^\/+/, '');
  switch (hostile) {
    case 'outside':
      // Not under go/: an extractor that strips the top directory would put it beside the root.
      return { entries: [{ path: `evil-${token}/x`, content: 'outside the go/ directory\n' }], canaryPaths: [] };
    case 'absolute':
      return { entries: [{ path: join(canaryDir, 'absolute'), content: 'absolute path\n' }], canaryPaths: [join(canaryDir, 'absolute')] };
    case 'dotdot':
      return {
        entries: [
          { path: `go/../../evil-${token}`, content: 'two levels up\n' },
          { path: `go/${UP}${fromRoot}/dotdot`, content: 'up to / and down to the canary\n' },
        ],
        canaryPaths: [join(canaryDir, 'dotdot')],
      };
    case 'symlink-out':
      // Links alone write nothing; a later entry or the user's next `go` run would follow them.
      return {
        entries: [
          { path: 'go/bin/link', type: 'symlink', linkpath: '/etc' },
          { path: 'go/bin/up', type: 'symlink', linkpath: '../../..' },
          { path: `go/bin/canary-${token}`, type: 'symlink', linkpath: `../../${UP}${fromRoot}` },
        ],
        canaryPaths: [],
      };
    case 'hardlink-out':
      return { entries: [{ path: 'go/bin/h', type: 'hardlink', linkpath: '/etc/passwd' }], canaryPaths: [] };
    case 'write-through-symlink':
      return {
        entries: [
          { path: 'go/lib', type: 'symlink', linkpath: canaryDir },
          { path: 'go/lib/pwned', content: 'through an absolute symlink\n' },
          { path: 'go/misc', type: 'symlink', linkpath: `../${UP}${fromRoot}` },
          { path: 'go/misc/pwned-relative', content: 'through a relative symlink\n' },
        ],
        canaryPaths: [join(canaryDir, 'pwned'), join(canaryDir, 'pwned-relative')],
      };
    default:
      return { entries: [], canaryPaths: [] };
  }
}

/** A synthetic go<version> release archive, benign or with one kind of hostile content. */
export function fakeToolchain(version: string, options: FakeToolchainOptions = {}): FakeArchive {
  const { goos, goarch } = { ...goPlatform(), ...definedOnly({ goos: options.goos, goarch: options.goarch }) };
  const token = randomBytes(6).toString('hex');
  let entries = fakeToolchainEntries(version, options);
  let canaryPaths: string[] = [];
  let canaryDir: string | undefined;

  switch (options.hostile) {
    case undefined:
      break;
    case 'missing-go-binary':
      entries = entries.filter((e) => e.path !== 'go/bin/go');
      break;
    case 'wrong-version-file': {
      const other = version === '1.99.0' ? 'go1.98.0' : 'go1.99.0';
      entries = entries.map((e) => (e.path === 'go/VERSION' ? { ...e, content: `${other}\ntime 2024-01-01T00:00:00Z\n` } : e));
      break;
    }
    default: {
      canaryDir = makeCanaryDir();
      const evil = hostileEntries(options.hostile, canaryDir, token);
      entries.push(...evil.entries);
      canaryPaths = evil.canaryPaths;
    }
  }
  if (options.extraEntries) entries.push(...options.extraEntries);

  const buffer = tarGz(entries);
  return {
    filename: `go${version}.${goos}-${goarch}.tar.gz`,
    buffer,
    sha256: createHash('sha256').update(buffer).digest('hex'),
    size: buffer.length,
    canaryPaths,
    canaryDir,
    token,
  };
}

/**
 * Every path under `root` (not following symlinks) whose name or link target contains
 * `token`: a hostile archive's leftovers, wherever an extractor put them.
 */
export async function pathsContaining(root: string, token: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names) {
      const full = join(dir, name);
      const st = await lstat(full).catch(() => undefined);
      if (!st) continue;
      if (name.includes(token)) found.push(full);
      else if (st.isSymbolicLink() && (await readlink(full).catch(() => '')).includes(token)) found.push(full);
      if (st.isDirectory()) await walk(full);
    }
  };
  await walk(root);
  return found;
}
