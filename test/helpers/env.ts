// A sandbox per test: a fresh GVX_HOME, a working directory, and a scrubbed environment (no
// GO*/GVX_* from the outside), plus a way to run the real gvx CLI as a child process.

import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** bin/gvx of this checkout (dist/test/helpers -> ../../../bin/gvx). */
export const GVX_BIN = fileURLToPath(new URL('../../../bin/gvx', import.meta.url));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

export interface Sandbox {
  readonly root: string;
  readonly home: string;
  readonly cwd: string;
  env: Record<string, string>;
  runGvx(args: string[], options?: RunOptions): Promise<RunResult>;
  cleanup(): Promise<void>;
}

export async function makeSandbox(): Promise<Sandbox> {
  const root = await mkdtemp(join(tmpdir(), 'gvx-test-'));
  const home = join(root, 'gvx-home');
  const cwd = join(root, 'work');
  await import('node:fs/promises').then((fs) => fs.mkdir(cwd, { recursive: true }));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: root,
    LANG: 'C',
    TMPDIR: tmpdir(),
    GVX_HOME: home,
    NO_COLOR: '1',
  };
  const sandbox: Sandbox = {
    root,
    home,
    cwd,
    env,
    runGvx(args, options = {}) {
      return runProcess(process.execPath, [GVX_BIN, ...args], { ...options, env: mergeEnv(sandbox.env, options.env), cwd: options.cwd ?? cwd });
    },
    async cleanup() {
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

export function runProcess(command: string, args: string[], options: RunOptions & { env: Record<string, string>; cwd: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
