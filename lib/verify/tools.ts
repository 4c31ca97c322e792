// `gvx tools`: the Go programs in the install directory (GOBIN, else the first GOPATH's bin),
// which Go built each (from its own build info), and rebuilding the stale ones with the active
// Go — the "gopls was built with go1.20" problem.
//
// A rebuild runs `go install <path>@<version>` into a temporary GOBIN inside the install
// directory (same file system), then renames the new binary over the old one: until that
// rename the old binary is untouched, so a failed build loses nothing.

import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { type BuildInfo, readAllBuildInfo, readBuildInfo } from './build-info.js';
import { describeFailure, runChild } from './child.js';

export interface ActiveGo {
  /** e.g. "1.22.12" */
  readonly version: string;
  readonly goroot: string;
}

export interface Tool {
  readonly name: string;
  readonly file: string;
  /** As the binary records it, e.g. "go1.21.13". */
  readonly builtWith: string;
  /** The main package's import path, e.g. golang.org/x/tools/gopls. */
  readonly path?: string;
  /** The main module and its version, e.g. golang.org/x/tools/gopls@v0.15.3. */
  readonly module?: string;
  readonly version?: string;
  /** Built by a Go other than the active one, and rebuildable (`gvx tools rebuild` fixes it). */
  readonly stale: boolean;
  /**
   * Why `go install path@version` cannot reproduce it (then it is never stale, whichever Go
   * built it: gvx has nothing to offer); undefined when it can.
   */
  readonly notRebuildable?: string;
}

const LIST_TIMEOUT_MS = 30_000;
const REBUILD_TIMEOUT_MS = 10 * 60_000;

/** The Go programs directly in `dir`, sorted by name; [] when the directory does not exist. */
export async function listTools(dir: string, active: ActiveGo, config: Config): Promise<Tool[]> {
  const exists = await readdir(dir).then(() => true, () => false);
  if (!exists) return [];
  const infos = await readAllBuildInfo(join(active.goroot, 'bin', 'go'), dir, { env: goEnvFor(active, config), timeoutMs: LIST_TIMEOUT_MS });
  // go version -m walks directories recursively; only the programs directly in dir are tools.
  return infos
    .filter((info) => resolve(dirname(info.binary)) === resolve(dir))
    .map((info) => toTool(info, active))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function toTool(info: BuildInfo, active: ActiveGo): Tool {
  const builtWith = info.goVersion.split(' ')[0]!;
  const notRebuildable = whyNotRebuildable(info);
  return {
    name: basename(info.binary),
    file: info.binary,
    builtWith,
    path: info.path,
    module: info.main ? `${info.main.path}@${info.main.version}` : undefined,
    version: info.main?.version,
    stale: !notRebuildable && !builtBy(builtWith, active),
    notRebuildable,
  };
}

/** Whether the binary's recorded Go ("go1.22.12") is the active one. */
export function builtByActive(tool: Tool, active: ActiveGo): boolean {
  return builtBy(tool.builtWith, active);
}

function builtBy(builtWith: string, active: ActiveGo): boolean {
  return builtWith === `go${active.version}`;
}

function whyNotRebuildable(info: BuildInfo): string | undefined {
  if (!info.path || !info.main) return 'it records no main module (built outside module mode, or from a file list): rebuild it from its source with go build';
  // (devel): `go install` / `go build` in a module directory, the version is no module version.
  if (info.main.version === '(devel)' || info.main.version === '') return 'built from a local checkout: run go install in its source directory';
  if (info.main.replace) return `its main module was replaced (=> ${info.main.replace.path}): rebuild it from its source`;
  return undefined;
}

export interface RebuildResult {
  readonly tool: Tool;
  readonly ok: boolean;
  readonly message: string;
}

/** Rebuilds one tool with the active Go; the old binary stays in place unless this succeeds. */
export async function rebuildTool(tool: Tool, active: ActiveGo, config: Config, timeoutMs = REBUILD_TIMEOUT_MS): Promise<RebuildResult> {
  if (tool.notRebuildable) return { tool, ok: false, message: `not rebuildable: ${tool.notRebuildable}` };
  const target = `${tool.path}@${tool.version}`;
  const go = join(active.goroot, 'bin', 'go');
  // A dot-directory next to the old binary: the final rename stays on one file system, and
  // listTools ignores subdirectories if a killed rebuild ever leaves one behind.
  const staging = await mkdtemp(join(dirname(tool.file), '.gvx-rebuild-'));
  try {
    // cwd = the staging dir: `go install path@version` must not pick up the user's go.work.
    const run = await runChild(go, ['install', target], {
      env: { ...goEnvFor(active, config), GOBIN: staging, GOWORK: 'off' },
      cwd: staging,
      timeoutMs,
    });
    if (run.exitCode !== 0) {
      return { tool, ok: false, message: `${describeFailure(`go install ${target}`, run, timeoutMs)}; the old binary is kept` };
    }
    const built = (await readdir(staging)).map((name) => join(staging, name));
    if (built.length !== 1) return { tool, ok: false, message: `go install ${target} produced ${built.length} files; the old binary is kept` };
    // Ask the new binary itself before it replaces the old one.
    const said = await readBuildInfo(go, built[0]!, { env: goEnvFor(active, config) }).then((i) => i.goVersion, (e: Error) => e.message);
    if (said.split(' ')[0] !== `go${active.version}`) {
      return { tool, ok: false, message: `the rebuilt binary is not a go${active.version} build (${said}); the old binary is kept` };
    }
    await rename(built[0]!, tool.file);
    return { tool, ok: true, message: `rebuilt ${target} with go${active.version} (was ${tool.builtWith})` };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

function goEnvFor(active: ActiveGo, config: Config): NodeJS.ProcessEnv {
  return { ...config.env, GOROOT: active.goroot, GOTOOLCHAIN: 'local' };
}
