// golang.org/toolchain module zips for tests: a synthetic one (a fake bin/go script), and the
// real one from a Debian toolchain tree, laid out as golang.org/x/build makes them (prefix
// golang.org/toolchain@v0.0.1-go<ver>.<goos>-<goarch>/, go.mod files renamed to _go.mod, no
// api/ doc/ misc/ test/), cached under GVX_FIXTURE_CACHE or <repo>/.fixtures/. Written with
// zip-writer.ts.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from './env.js';
import { ZipWriter, writeZip } from './zip-writer.js';
import { TOOLCHAIN_MODULE, toolchainModuleVersion } from '../../lib/goproxy/toolchain-module.js';

function toolchainPrefix(moduleVersion: string): string {
  return `${TOOLCHAIN_MODULE}@${moduleVersion}/`;
}

/** A tiny toolchain module: a fake bin/go script that prints "go version go<ver> …". */
function syntheticToolchainFiles(goVersion: string, goos: string, goarch: string): Record<string, string> {
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

function fixtureCacheDir(): string {
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
