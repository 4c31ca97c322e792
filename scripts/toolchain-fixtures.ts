// Repacks Debian's real Go installs (/usr/lib/go-1.NN) into go.dev-shaped release archives
// (`go<version>.<goos>-<goarch>.tar.gz`, every entry under `go/`) plus a go.dev JSON index, so
// end-to-end tests install genuine toolchains without touching the internet.
// Archives are cached between runs and rebuilt only when the Debian package changed.

import { createHash } from 'node:crypto';
import { createReadStream, realpathSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import lockfile from 'proper-lockfile';
import * as tar from 'tar';

export interface RealRelease {
  /** Without the `go` prefix, e.g. '1.22.12'. */
  version: string;
  /** e.g. 'go1.22.12.linux-amd64.tar.gz'. */
  filename: string;
  /** Absolute path of the archive in the fixture cache. */
  path: string;
  sha256: string;
  size: number;
  /** The Debian GOROOT it was made from, e.g. /usr/lib/go-1.22. */
  debianRoot: string;
}

export interface RealToolchains {
  /** The cache directory holding the archives and the index. */
  dir: string;
  /** go.dev-shaped JSON index listing exactly `releases`. */
  indexPath: string;
  /** Newest first. */
  releases: RealRelease[];
}

export interface EnsureOptions {
  /** Minor versions to provide, e.g. ['1.21', '1.22']; default: every /usr/lib/go-1.NN present. */
  minors?: string[];
}

/** No usable Debian Go: tests skip on this (outside CI); any other error is a real failure. */
export class ToolchainsUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolchainsUnavailableError';
  }
}

// Bump when the archive layout changes, so every cached archive is rebuilt.
const FORMAT = 1;
const DEBIAN_LIB = '/usr/lib';
const DEFAULT_MINORS_HINT = ['1.21', '1.22'];

const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'armv6l' };
const GOOS: Record<string, string> = { linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd' };

/** Go's names for this machine's OS and architecture. */
export function goPlatform(): { goos: string; goarch: string } {
  return {
    goos: GOOS[process.platform] ?? process.platform,
    goarch: GOARCH[process.arch] ?? process.arch,
  };
}

/** dist/scripts/ -> ../../ (also right when run from scripts/ via a TS loader). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function fixtureCacheDir(): string {
  return process.env.GVX_FIXTURE_CACHE || path.join(repoRoot, '.fixtures', 'toolchains');
}

function installHint(minors: string[]): string {
  const pkgs = minors.flatMap((m) => [`golang-${m}-go`, `golang-${m}-src`]).join(' ');
  return `install them with: apt-get install -t bookworm-backports ${pkgs}`;
}

/** The Debian Go minors present on this machine, oldest first. */
async function discoverMinors(): Promise<string[]> {
  let names: string[];
  try {
    names = await fs.readdir(DEBIAN_LIB);
  } catch {
    return [];
  }
  return names
    .map((n) => /^go-(1\.\d+)$/.exec(n)?.[1])
    .filter((m): m is string => m !== undefined)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

interface SourceStamp {
  format: number;
  versionFile: string;
  goSize: number;
  goMtimeMs: number;
}

interface CacheRecord {
  source: SourceStamp;
  version: string;
  sha256: string;
  size: number;
}

/** What identifies a Debian tree's content cheaply: its VERSION and its bin/go binary. */
async function readSource(debianRoot: string, minor: string): Promise<{ stamp: SourceStamp; version: string }> {
  const missing = (what: string) =>
    new ToolchainsUnavailableError(
      `Debian Go ${minor} at ${debianRoot} is incomplete (${what}); ${installHint([minor])}`,
    );
  let versionFile: string;
  let goStat;
  try {
    versionFile = await fs.readFile(path.join(debianRoot, 'VERSION'), 'utf8');
    goStat = await fs.stat(path.join(debianRoot, 'bin', 'go'));
  } catch {
    throw missing('no VERSION or bin/go');
  }
  // src is a symlink into /usr/share that only the -src package fills.
  const srcOk = await fs.stat(path.join(debianRoot, 'src', 'runtime')).then((s) => s.isDirectory(), () => false);
  if (!srcOk) throw missing('no src/, the -src package is missing');
  const first = versionFile.split('\n')[0]!.trim();
  const m = /^go(\d+\.\d+(?:\.\d+)?(?:(?:alpha|beta|rc)\d+)?)$/.exec(first);
  if (!m) throw new Error(`${debianRoot}/VERSION: unexpected first line ${JSON.stringify(first)}`);
  return {
    version: m[1]!,
    stamp: { format: FORMAT, versionFile, goSize: goStat.size, goMtimeMs: goStat.mtimeMs },
  };
}

function sameStamp(a: SourceStamp, b: SourceStamp): boolean {
  return a.format === b.format && a.versionFile === b.versionFile && a.goSize === b.goSize && a.goMtimeMs === b.goMtimeMs;
}

async function readRecord(recordPath: string): Promise<CacheRecord | undefined> {
  try {
    return JSON.parse(await fs.readFile(recordPath, 'utf8')) as CacheRecord;
  } catch {
    return undefined;
  }
}

function tmpName(finalPath: string): string {
  return `${finalPath}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
}

/** Write-then-rename, so readers (other test processes) see the old or the new file, never half. */
async function writeAtomic(finalPath: string, data: string): Promise<void> {
  const tmp = tmpName(finalPath);
  try {
    await fs.writeFile(tmp, data);
    await fs.rename(tmp, finalPath);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function isCurrent(archivePath: string, record: CacheRecord | undefined, stamp: SourceStamp): Promise<boolean> {
  if (!record || !sameStamp(record.source, stamp)) return false;
  const st = await fs.stat(archivePath).catch(() => undefined);
  return st !== undefined && st.size === record.size;
}

/** Builds (or reuses) the archive for one Debian tree. */
async function ensureRelease(dir: string, minor: string): Promise<RealRelease> {
  const debianRoot = path.join(DEBIAN_LIB, `go-${minor}`);
  const { version, stamp } = await readSource(debianRoot, minor);
  const { goos, goarch } = goPlatform();
  const filename = `go${version}.${goos}-${goarch}.tar.gz`;
  const archivePath = path.join(dir, filename);
  const recordPath = `${archivePath}.source.json`;
  const result = (r: CacheRecord): RealRelease => ({
    version, filename, path: archivePath, sha256: r.sha256, size: r.size, debianRoot,
  });

  const cached = await readRecord(recordPath);
  if (await isCurrent(archivePath, cached, stamp)) return result(cached!);

  // One builder per archive across concurrent test processes; the others wait, then reuse it.
  // proper-lockfile refreshes the lock while we work and recovers one left by a killed run.
  const release = await lockfile.lock(archivePath, {
    realpath: false,
    stale: 30_000,
    retries: { retries: 1000, minTimeout: 200, maxTimeout: 1000, factor: 1.2 },
  });
  try {
    const again = await readRecord(recordPath);
    if (await isCurrent(archivePath, again, stamp)) return result(again!);

    const tmp = tmpName(archivePath);
    try {
      // follow: the Debian tree's api/misc/src/test (and pkg/include) are symlinks into
      // /usr/share; a release archive has real directories there. portable: no uid/gid/owner
      // names; modes are kept, so go/bin/go stays executable.
      await tar.c(
        { file: tmp, gzip: true, follow: true, portable: true, cwd: debianRoot, prefix: 'go' },
        ['.'],
      );
      const [sha256, st] = await Promise.all([sha256File(tmp), fs.stat(tmp)]);
      // Drop the record before swapping the archive, so a crash in between reads as "stale".
      await fs.rm(recordPath, { force: true });
      await fs.rename(tmp, archivePath);
      const record: CacheRecord = { source: stamp, version, sha256, size: st.size };
      await writeAtomic(recordPath, JSON.stringify(record, null, 2) + '\n');
      return result(record);
    } catch (err) {
      await fs.rm(tmp, { force: true });
      throw err;
    }
  } finally {
    await release();
  }
}

/** Go version order for the forms Debian ships (1.22.12, 1.23rc1). Negative if a < b. */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:(alpha|beta|rc)(\d+))?$/.exec(v);
    if (!m) return [0, 0, 0, 0, 0];
    const pre = m[4] ? { alpha: 0, beta: 1, rc: 2 }[m[4]]! : 3;
    // 1.21rc1 < 1.21.0: a prerelease has no patch, stable x.y is x.y.0.
    return [Number(m[1]), Number(m[2]), m[3] ? Number(m[3]) : pre === 3 ? 0 : -1, pre, Number(m[5] ?? 0)];
  };
  const pa = parse(a);
  const pb = parse(b);
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return 0;
}

/** The go.dev `?mode=json&include=all` shape, newest first. */
export function indexJson(releases: RealRelease[]): string {
  const { goos, goarch } = goPlatform();
  const entries = [...releases]
    .sort((a, b) => compareVersions(b.version, a.version))
    .map((r) => ({
      version: `go${r.version}`,
      stable: !/(alpha|beta|rc)/.test(r.version),
      files: [
        { filename: r.filename, os: goos, arch: goarch, version: `go${r.version}`, sha256: r.sha256, size: r.size, kind: 'archive' },
      ],
    }));
  return JSON.stringify(entries, null, 2) + '\n';
}

/**
 * Release-shaped archives of the Debian Go toolchains, built on first use and cached.
 * Throws ToolchainsUnavailableError (naming the apt packages) when Debian's Go is missing.
 */
export async function ensureRealToolchains(options: EnsureOptions = {}): Promise<RealToolchains> {
  const present = await discoverMinors();
  const minors = options.minors ?? present;
  if (minors.length === 0) {
    throw new ToolchainsUnavailableError(
      `no Debian Go toolchain found under ${DEBIAN_LIB}/go-1.NN; ${installHint(DEFAULT_MINORS_HINT)}`,
    );
  }
  const absent = minors.filter((m) => !present.includes(m));
  if (absent.length > 0) {
    throw new ToolchainsUnavailableError(
      `Debian Go ${absent.join(', ')} not found under ${DEBIAN_LIB}; ${installHint(absent)}`,
    );
  }

  const dir = fixtureCacheDir();
  await fs.mkdir(dir, { recursive: true });
  // Built one after another: each pass already keeps a core busy with gzip and file reads.
  const releases: RealRelease[] = [];
  for (const minor of minors) releases.push(await ensureRelease(dir, minor));
  releases.sort((a, b) => compareVersions(b.version, a.version));

  // The default set gets index.json; a subset gets its own name so callers never clobber
  // each other's index.
  const sameAsDefault = options.minors === undefined || [...minors].sort().join() === [...present].sort().join();
  const indexPath = path.join(dir, sameAsDefault ? 'index.json' : `index-${[...minors].sort().join('_')}.json`);
  const json = indexJson(releases);
  const existing = await fs.readFile(indexPath, 'utf8').catch(() => undefined);
  if (existing !== json) await writeAtomic(indexPath, json);

  return { dir, indexPath, releases };
}

function runningDirectly(): boolean {
  if (!process.argv[1]) return false;
  try {
    return pathToFileURL(realpathSync(process.argv[1])).href === import.meta.url;
  } catch {
    return false;
  }
}

if (runningDirectly()) {
  const started = Date.now();
  ensureRealToolchains().then(
    (t) => {
      for (const r of t.releases) console.log(`${r.version}\t${r.size}\t${r.sha256}\t${r.path}`);
      console.log(`index\t${t.indexPath}\t(${((Date.now() - started) / 1000).toFixed(1)}s)`);
    },
    (err: unknown) => {
      console.error(`toolchain-fixtures: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
    },
  );
}
