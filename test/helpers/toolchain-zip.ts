// Module zips for tests: a small streaming zip writer (deflate per entry, optional zip64
// records, knobs to write broken entries), and builders for golang.org/toolchain module zips:
// the real one from a Debian toolchain tree, laid out as golang.org/x/build makes them
// (prefix golang.org/toolchain@v0.0.1-go<ver>.<goos>-<goarch>/, go.mod files renamed to
// _go.mod, no api/ doc/ misc/ test/), cached under GVX_FIXTURE_CACHE or <repo>/.fixtures/.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import { REPO_ROOT } from './env.js';
import { TOOLCHAIN_MODULE, toolchainModuleVersion } from '../../lib/goproxy/toolchain-module.js';

export interface EntryOptions {
  method?: 'deflate' | 'store';
  /** General purpose flags to write (e.g. 1 = encrypted). */
  flags?: number;
  /** Write this CRC instead of the real one. */
  crc?: number;
}

/** Writes a zip entry by entry; only the central directory is held until close(). */
export class ZipWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private count = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly zip64: boolean,
  ) {}

  static async create(path: string, options: { zip64?: boolean } = {}): Promise<ZipWriter> {
    return new ZipWriter(await open(path, 'w'), options.zip64 ?? false);
  }

  private async write(buffer: Buffer): Promise<void> {
    await this.handle.write(buffer);
    this.offset += buffer.length;
  }

  async add(name: string, data: Buffer, options: EntryOptions = {}): Promise<void> {
    const method = options.method === 'store' || name.endsWith('/') ? 0 : 8;
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = options.crc ?? crc32(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const flags = 0x0800 | (options.flags ?? 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(this.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const headerOffset = this.offset;
    await this.write(Buffer.concat([local, nameBuf]));
    await this.write(body);

    // In zip64 mode every size and offset goes into the zip64 extra field.
    const extra = Buffer.alloc(this.zip64 ? 28 : 0);
    if (this.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(data.length), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(headerOffset), 20);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(this.zip64 ? 45 : 20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(this.zip64 ? 0xffffffff : body.length, 20);
    central.writeUInt32LE(this.zip64 ? 0xffffffff : data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt16LE(extra.length, 30);
    central.writeUInt32LE(0, 38);
    central.writeUInt32LE(this.zip64 ? 0xffffffff : headerOffset, 42);
    this.central.push(central, nameBuf, extra);
    this.count++;
  }

  async close(): Promise<void> {
    const cd = Buffer.concat(this.central);
    const cdOffset = this.offset;
    await this.write(cd);
    if (this.zip64) {
      const z64Offset = this.offset;
      const rec = Buffer.alloc(56);
      rec.writeUInt32LE(0x06064b50, 0);
      rec.writeBigUInt64LE(44n, 4);
      rec.writeUInt16LE(45, 12);
      rec.writeUInt16LE(45, 14);
      rec.writeBigUInt64LE(BigInt(this.count), 24);
      rec.writeBigUInt64LE(BigInt(this.count), 32);
      rec.writeBigUInt64LE(BigInt(cd.length), 40);
      rec.writeBigUInt64LE(BigInt(cdOffset), 48);
      const locator = Buffer.alloc(20);
      locator.writeUInt32LE(0x07064b50, 0);
      locator.writeBigUInt64LE(BigInt(z64Offset), 8);
      locator.writeUInt32LE(1, 16);
      await this.write(Buffer.concat([rec, locator]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.zip64 ? 0xffff : this.count, 8);
    end.writeUInt16LE(this.zip64 ? 0xffff : this.count, 10);
    end.writeUInt32LE(this.zip64 ? 0xffffffff : cd.length, 12);
    end.writeUInt32LE(this.zip64 ? 0xffffffff : cdOffset, 16);
    await this.write(end);
    await this.handle.close();
  }
}

/** Writes a whole zip from name -> content (Buffers or strings). */
export async function writeZip(path: string, files: Record<string, Buffer | string>, options: { zip64?: boolean } & EntryOptions = {}): Promise<void> {
  const zip = await ZipWriter.create(path, options);
  for (const [name, content] of Object.entries(files)) await zip.add(name, Buffer.from(content), options);
  await zip.close();
}

function toolchainPrefix(moduleVersion: string): string {
  return `${TOOLCHAIN_MODULE}@${moduleVersion}/`;
}

/** A tiny toolchain module: a fake bin/go script that prints "go version go<ver> …". */
export function syntheticToolchainFiles(goVersion: string, goos: string, goarch: string): Record<string, string> {
  return {
    'VERSION': `go${goVersion}\ntime 2024-01-01T00:00:00Z\n`,
    'bin/go': `#!/bin/sh\necho "go version go${goVersion} ${goos}/${goarch}"\n`,
    'bin/gofmt': '#!/bin/sh\nexit 0\n',
    [`pkg/tool/${goos}_${goarch}/compile`]: '#!/bin/sh\nexit 0\n',
    'src/_go.mod': 'module std\n\ngo 1.22\n',
    'src/cmd/_go.mod': 'module cmd\n\ngo 1.22\n',
    'src/fmt/print.go': 'package fmt\n',
    'go.env': 'GOPROXY=https://proxy.golang.org,direct\n',
  };
}

/** Writes a synthetic toolchain module zip; `extra` entries are added with their full names. */
export async function writeSyntheticToolchainZip(
  path: string,
  goVersion: string,
  goos: string,
  goarch: string,
  options: { extra?: Record<string, string>; replace?: Record<string, string> } = {},
): Promise<{ moduleVersion: string; prefix: string }> {
  const moduleVersion = toolchainModuleVersion(goVersion, goos, goarch);
  const prefix = toolchainPrefix(moduleVersion);
  const files: Record<string, string> = {};
  for (const [name, content] of Object.entries({ ...syntheticToolchainFiles(goVersion, goos, goarch), ...options.replace })) {
    files[prefix + name] = content;
  }
  Object.assign(files, options.extra);
  await writeZip(path, files);
  return { moduleVersion, prefix };
}

/** Bump when the layout below changes, so cached zips are rebuilt. */
const BUILDER_REVISION = 1;
const EXCLUDED_TOP = new Set(['api', 'doc', 'misc', 'test']);

export function fixtureCacheDir(): string {
  return process.env.GVX_FIXTURE_CACHE ?? join(REPO_ROOT, '.fixtures');
}

export interface RealToolchainZip {
  readonly zipPath: string;
  readonly goVersion: string;
  readonly moduleVersion: string;
  readonly prefix: string;
}

/** The golang.org/toolchain zip of a Debian GOROOT (e.g. /usr/lib/go-1.22), built once and cached. */
export async function realToolchainModuleZip(goroot: string, goos: string, goarch: string): Promise<RealToolchainZip> {
  const goVersion = readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0]!.trim().replace(/^go/, '');
  const moduleVersion = toolchainModuleVersion(goVersion, goos, goarch);
  const prefix = toolchainPrefix(moduleVersion);
  const dir = join(fixtureCacheDir(), 'toolchain-modules');
  const zipPath = join(dir, `${moduleVersion}.r${BUILDER_REVISION}.zip`);
  if (!existsSync(zipPath)) {
    await mkdir(dir, { recursive: true });
    const tmp = `${zipPath}.${process.pid}.tmp`;
    try {
      const zip = await ZipWriter.create(tmp);
      for (const rel of walk(goroot, '')) {
        const base = rel.slice(rel.lastIndexOf('/') + 1);
        const name = base === 'go.mod' ? `${rel.slice(0, rel.length - base.length)}_go.mod` : rel;
        await zip.add(prefix + name, readFileSync(join(goroot, rel)));
      }
      await zip.close();
      await rename(tmp, zipPath);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }
  return { zipPath, goVersion, moduleVersion, prefix };
}

/** Regular files below root (following Debian's symlinked directories), sorted, "/"-separated. */
function walk(root: string, rel: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const child = rel ? `${rel}/${name}` : name;
    if (!rel && EXCLUDED_TOP.has(name)) continue;
    const st = statSync(join(root, child));
    if (st.isDirectory()) out.push(...walk(root, child));
    else if (st.isFile()) out.push(child);
  }
  return out;
}
