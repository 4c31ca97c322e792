// A sandbox per test: a fresh GVX_HOME, a working directory, and a scrubbed environment (no
// GO*/GVX_* from the outside), plus a way to run the real gvx CLI as a child process.

import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The checkout's root (dist/test/helpers -> ../../..). */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** bin/gvx of this checkout; it runs the bundle in ../dist/bundle/, so build first (npm run build). */
export const GVX_BIN = join(REPO_ROOT, 'bin', 'gvx');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The child outlived timeoutMs and was killed (with its process group). */
  timedOut: boolean;
}

export interface RunOptions {
  /** Merged over the sandbox env; a value of undefined removes the variable. */
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Written to stdin, which is then closed (always closed, so nothing waits on it). */
  input?: string;
  /** Default 120 s. */
  timeoutMs?: number;
}

export interface Sandbox {
  /** Temp directory holding everything below; removed by cleanup(). */
  readonly root: string;
  /** GVX_HOME. Not created: gvx must create it. */
  readonly home: string;
  /** HOME for children (so ~/.config, ~/go etc. never touch the real user's). */
  readonly userHome: string;
  /** The default working directory for children. */
  readonly cwd: string;
  /** TMPDIR for children. */
  readonly tmp: string;
  /** The children's whole environment; tests may add to it. */
  env: Record<string, string>;
  runGvx(args: string[], options?: RunOptions): Promise<RunResult>;
  /** Any command (sh, bash, a shim…) with the sandbox env and cwd. */
  run(command: string, args: string[], options?: RunOptions): Promise<RunResult>;
  cleanup(): Promise<void>;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The outer PATH without Go installs (a directory with a `go` but no `sh`, e.g.
 * /usr/local/go/bin, ~/go/bin, another gvx's shims), so a test cannot pass by running some
 * other Go; with node's own directory added for `#!/usr/bin/env node`.
 */
export function scrubbedPath(outer = process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin'): string {
  const dirs = outer.split(delimiter).filter((d) => d !== '' && !(isExecutable(join(d, 'go')) && !existsSync(join(d, 'sh'))));
  const nodeDir = dirname(process.execPath);
  if (!dirs.includes(nodeDir)) dirs.push(nodeDir);
  return [...new Set(dirs)].join(delimiter);
}

/**
 * A PATH without `name`: one directory the test makes (`dir`), linking to everything /usr/bin
 * and /bin hold but that. "/usr/bin:/bin" is no such PATH: the README's `npm link` puts gvx
 * into /usr/bin when npm's prefix is /usr.
 */
export async function pathWithout(name: string, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const source of ['/usr/bin', '/bin']) {
    for (const entry of await readdir(source).catch(() => [])) {
      if (entry === name) continue;
      // EEXIST: on a merged /usr, /bin is /usr/bin.
      await symlink(join(source, entry), join(dir, entry)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
    }
  }
  return dir;
}

/**
 * Turns Go's telemetry off for a HOME: from Go 1.23, a go command may start a child that
 * outlives it and writes under ~/.config/go/telemetry, racing the removal of a test's HOME.
 */
export async function quietGoTelemetry(home: string): Promise<void> {
  const dir = join(home, '.config', 'go', 'telemetry');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'mode'), 'off\n');
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'gvx-test-'));
  const home = join(root, 'gvx-home');
  const userHome = join(root, 'user-home');
  const cwd = join(root, 'work');
  const tmp = join(root, 'tmp');
  await Promise.all([userHome, cwd, tmp].map((d) => mkdir(d, { recursive: true })));
  await quietGoTelemetry(userHome);
  // Only these: anything else from the outside (GOROOT, GOTOOLCHAIN, GVX_MIRROR, CI, …) could
  // change what gvx or go does and make a test pass or fail for the wrong reason.
  const env: Record<string, string> = {
    PATH: scrubbedPath(),
    HOME: userHome,
    LANG: 'C',
    TMPDIR: tmp,
    GVX_HOME: home,
    NO_COLOR: '1',
  };
  const sandbox: Sandbox = {
    root,
    home,
    userHome,
    cwd,
    tmp,
    env,
    run(command, args, options = {}) {
      return runProcess(command, args, { ...options, env: mergeEnv(sandbox.env, options.env), cwd: options.cwd ?? cwd });
    },
    runGvx(args, options = {}) {
      return sandbox.run(process.execPath, [GVX_BIN, ...args], options);
    },
    async cleanup() {
      // Installed GOROOTs may be read-only (go's module cache is); rm copes with files, and
      // maxRetries covers a child still exiting.
      await rm(root, { recursive: true, force: true, maxRetries: 3 });
    },
  };
  return sandbox;
}

export function mergeEnv(base: Record<string, string>, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs a command to completion, capturing output; never rejects on a non-zero exit. */
export function runProcess(
  command: string,
  args: string[],
  options: RunOptions & { env: Record<string, string>; cwd: string },
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout also kills what the child started (go, a shell's jobs).
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs ?? 120_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
    child.stdin.on('error', () => {}); // a child that exits without reading stdin: EPIPE is fine
    child.stdin.end(options.input ?? '');
  });
}
