// Runs a helper process for the verifier, the doctor, `gvx tools` and build-info.ts: no shell,
// a hard time limit (the child leads its own process group, so a timeout also kills what it
// started, e.g. a toolchain download), bounded output, and a result instead of an exception —
// a go that cannot run or fails is something to report, not a crash.

import { spawn } from 'node:child_process';

export interface ChildOptions {
  env: Readonly<Record<string, string | undefined>>;
  /** Default: gvx's own working directory. */
  cwd?: string;
  timeoutMs: number;
  /** Output beyond this is dropped (default 4 MiB). */
  maxBytes?: number;
  /** Kill the child as soon as its output passes maxBytes: more is a runaway, not an answer. */
  killPastMaxBytes?: boolean;
}

export interface ChildResult {
  stdout: string;
  stderr: string;
  /** null when killed by a signal or never started. */
  exitCode: number | null;
  /** The signal that killed it, if one did. */
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Its output went past maxBytes (what came after was dropped). */
  pastMaxBytes: boolean;
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
      resolve({ stdout: '', stderr: '', exitCode: null, signal: null, timedOut: false, pastMaxBytes: false, spawnError: error as NodeJS.ErrnoException });
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let timedOut = false;
    let spawnError: NodeJS.ErrnoException | undefined;
    const kill = () => {
      try {
        if (POSIX && child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const keep = (into: Buffer[]) => (chunk: Buffer) => {
      if (size < maxBytes) into.push(chunk);
      size += chunk.length;
      if (size > maxBytes && options.killPastMaxBytes) kill();
    };
    child.stdout.on('data', keep(out));
    child.stderr.on('data', keep(err));
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);
    child.on('error', (error) => {
      spawnError = error;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        exitCode: code,
        signal,
        timedOut,
        pastMaxBytes: size > maxBytes,
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
