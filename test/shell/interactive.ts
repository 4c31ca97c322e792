// Drives a real interactive bash, zsh or fish over pipes: each step's commands are written to
// the shell's stdin followed by a marker printed to stdout and stderr, and the step's output
// is what came before the markers. The shells run with -i, so prompt hooks (PROMPT_COMMAND,
// precmd) and fish's prompt events fire as they do in a terminal; bash runs with
// --noediting so readline does not echo the input back. fish needs a terminal (see start).

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findOnPath, refuseInUnitRun } from '../helpers/apt-tools.js';

export type ShellName = 'bash' | 'zsh' | 'fish';
export const SHELLS: readonly ShellName[] = ['bash', 'zsh', 'fish'];

const ARGS: Record<ShellName, string[]> = {
  bash: ['--norc', '--noprofile', '--noediting', '-i'],
  zsh: ['-f', '-i'],
  fish: ['--no-config', '--private', '-i'],
};
// No prompt text in the output (zsh's PROMPT_SP would otherwise mark each partial line).
const QUIET_PROMPT: Record<ShellName, string> = {
  bash: "PS1=''; PS2=''",
  zsh: "PS1=''; PS2=''; PROMPT_EOL_MARK=''; unsetopt prompt_sp prompt_cr",
  fish: 'function fish_prompt; end; function fish_greeting; end',
};

function readIfThere(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Where the shell is on PATH; zsh and fish are apt packages (see apt-tools.ts), bash is not. */
export function shellPath(shell: ShellName): string | undefined {
  if (shell !== 'bash') refuseInUnitRun(shell);
  return findOnPath(shell);
}

export interface StepOutput {
  stdout: string;
  stderr: string;
  /** stderr lines gvx printed (gvx: … / hint: …), without shell start-up noise. */
  gvx: string[];
}

export class InteractiveShell {
  private stdout = '';
  private stderr = '';
  private outTaken = 0;
  private errTaken = 0;
  private step = 0;
  private exited = false;
  private waiter: (() => void) | undefined;
  private poller: NodeJS.Timeout | undefined;

  private constructor(
    readonly name: ShellName,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly files?: { out: string; err: string },
  ) {
    if (files) {
      child.stdout.resume(); // the pty's screen: not read
      child.stderr.resume();
      this.poller = setInterval(() => {
        this.stdout = readIfThere(files.out);
        this.stderr = readIfThere(files.err);
        this.waiter?.();
      }, 20);
    } else {
      child.stdout.setEncoding('utf8').on('data', (d: string) => this.feed('out', d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => this.feed('err', d));
    }
    child.on('close', () => {
      this.exited = true;
      this.waiter?.();
    });
  }

  static async start(name: ShellName, env: Record<string, string>, cwd: string): Promise<InteractiveShell> {
    const path = shellPath(name);
    if (!path) throw new Error(`${name} is not on PATH`);
    let child: ChildProcessWithoutNullStreams;
    let files: { out: string; err: string } | undefined;
    if (name === 'fish') {
      // fish reads a non-terminal stdin to the end before running any of it, so it gets a
      // pty (script(1)). Its line editor draws on stdout, so each step's stdout is redirected
      // to a file (see run); its stderr, where the hook writes, goes to a file of its own.
      const dir = mkdtempSync(join(tmpdir(), 'gvx-fish-io-'));
      files = { out: join(dir, 'out'), err: join(dir, 'err') };
      writeFileSync(files.out, '');
      const command = `exec ${[path, ...ARGS[name]].map((a) => `'${a}'`).join(' ')} 2>'${files.err}' >/dev/null`;
      child = spawn('script', ['-qfec', command, '/dev/null'], { env: { TERM: 'dumb', ...env }, cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    } else {
      child = spawn(path, ARGS[name], { env: { TERM: 'dumb', ...env }, cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    }
    const shell = new InteractiveShell(name, child, files);
    await shell.run(QUIET_PROMPT[name]); // start-up noise (job control warnings) ends up here
    return shell;
  }

  private feed(stream: 'out' | 'err', data: string): void {
    if (stream === 'out') this.stdout += data;
    else this.stderr += data;
    this.waiter?.();
  }

  /** Runs lines (each one prompt, as if typed) and returns what they printed. */
  async run(lines: string | string[], timeoutMs = 60_000): Promise<StepOutput> {
    const tag = `@@gvx-step-${++this.step}@@`;
    const text = (Array.isArray(lines) ? lines : [lines]).join('\n');
    const markers = `printf '%s\\n' '${tag}'; printf '%s\\n' '${tag}' >&2`;
    // fish: each line is a command of its own, so fish draws a prompt (and fires fish_prompt)
    // after each one, as bash and zsh do; its stdout goes to the file (see start).
    const out = this.files?.out;
    const fishLines = (Array.isArray(lines) ? lines : [lines]).concat(markers);
    this.child.stdin.write(out ? fishLines.map((line) => `begin\n${line}\nend >>'${out}'\n`).join('') : `${text}\n${markers}\n`);
    const deadline = Date.now() + timeoutMs;
    const done = () => this.stdout.includes(`${tag}\n`, this.outTaken) && this.stderr.includes(`${tag}\n`, this.errTaken);
    while (!done()) {
      if (this.exited) throw new Error(`${this.name} exited during: ${text}\nstdout: ${this.stdout.slice(this.outTaken)}\nstderr: ${this.stderr.slice(this.errTaken)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name} did not finish within ${timeoutMs} ms: ${text}\nstdout: ${this.stdout.slice(this.outTaken)}\nstderr: ${this.stderr.slice(this.errTaken)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    const outEnd = this.stdout.indexOf(`${tag}\n`, this.outTaken);
    const errEnd = this.stderr.indexOf(`${tag}\n`, this.errTaken);
    const stdout = this.stdout.slice(this.outTaken, outEnd);
    const stderr = this.stderr.slice(this.errTaken, errEnd);
    this.outTaken = outEnd + tag.length + 1;
    this.errTaken = errEnd + tag.length + 1;
    return { stdout, stderr, gvx: stderr.split('\n').filter((l) => /^(gvx|hint):/.test(l)) };
  }

  /** The values of variables (undefined when unset), read in the shell itself. */
  async vars(...names: string[]): Promise<Record<string, string | undefined>> {
    const lines = names.map((n) =>
      this.name === 'fish'
        ? `if set -q ${n}; printf '%s=%s\\n' ${n} "$${n}"; else; printf '%s\\n' ${n}; end`
        : `if [ -n "\${${n}+set}" ]; then printf '%s=%s\\n' ${n} "$${n}"; else printf '%s\\n' ${n}; fi`,
    );
    const { stdout } = await this.run(lines.join('; '));
    const values: Record<string, string | undefined> = {};
    for (const line of stdout.split('\n').filter(Boolean)) {
      const eq = line.indexOf('=');
      if (eq === -1) values[line] = undefined;
      else values[line.slice(0, eq)] = line.slice(eq + 1);
    }
    return values;
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    if (this.files) rmSync(dirname(this.files.out), { recursive: true, force: true });
    if (this.exited) return;
    this.child.stdin.end('exit\n');
    const timer = setTimeout(() => this.kill(), 10_000);
    await new Promise<void>((resolve) => (this.exited ? resolve() : this.child.on('close', () => resolve())));
    clearTimeout(timer);
  }

  kill(): void {
    clearInterval(this.poller);
    try {
      if (this.child.pid !== undefined) process.kill(-this.child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** A shell-quoted word for bash, zsh and fish alike (single quotes; fish also escapes \\). */
export function quoteFor(shell: ShellName, text: string): string {
  if (shell === 'fish') return `'${text.replace(/[\\']/g, '\\$&')}'`;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The set-up line a user puts in their rc file, as the README gives it: it sources GVX_HOME/env.<shell>. */
export function setupLine(shell: ShellName): string {
  return shell === 'fish' ? 'source "$GVX_HOME/env.fish"' : `. "$GVX_HOME/env.${shell}"`;
}

/** The same set-up evaluated from `gvx env` (it starts gvx). */
export function evalLine(shell: ShellName): string {
  return shell === 'fish' ? 'gvx env --shell fish | source' : `eval "$(gvx env --shell ${shell})"`;
}
