// Runs a helper process for the verifier, the doctor and `gvx tools`: no shell, a hard time
// limit (the child leads its own process group, so a timeout also kills what it started, e.g.
// a toolchain download), bounded output, and a result instead of an exception — a go that
// cannot run or fails is something to report, not a crash.

import { spawn } from 'node:child_process';

export interface ChildOptions {
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  timeoutMs: number;
  /** Output beyond this is dropped (default 4 MiB). */
  maxBytes?: number;
}

export interface ChildResult {
  stdout: string;
  stderr: string;
  /** null when killed by a signal or never started. */
  exitCode: number | null;
  timedOut: boolean;
  /** The spawn failure (ENOENT, EACCES…), if it never ran. */
  spawnError?: NodeJS.ErrnoException;
}

const POSIX = process.platform !== 'win32';

export function runChild(file: string, args: readonly string[], options: ChildOptions): Promise<ChildResult> {
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve) => {
    let child;
    try {
      child = spawn(file, args, {
        env: options.env as NodeJS.ProcessEnv,
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: POSIX,
        windowsHide: true,
      });
    } catch (error) {
      resolve({ stdout: '', stderr: '', exitCode: null, timedOut: false, spawnError: error as NodeJS.ErrnoException });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      if (size >= maxBytes) return;
      size += chunk.length;
      into.push(chunk);
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (POSIX && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.timeoutMs);
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code,
        timedOut,
        spawnError,
      });
    });
  });
}

/** One line saying why a child did not succeed, for check messages. */
export function describeFailure(what: string, result: ChildResult, timeoutMs: number): string {
  if (result.spawnError) return `${what} cannot run: ${result.spawnError.code ?? result.spawnError.message}`;
  if (result.timedOut) return `${what} did not answer within ${Math.round(timeoutMs / 1000)} s`;
  const lines = result.stderr.trim().split('\n').filter((l) => l.trim() !== '');
  // Go's last stderr line is the conclusion ("go: go.mod requires go >= 1.99 …").
  const detail = lines.slice(-2).join(' / ') || result.stdout.trim().split('\n')[0] || 'no output';
  return `${what} failed (exit ${result.exitCode ?? 'signal'}): ${detail}`;
}
