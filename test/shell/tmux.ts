// Drives a shell in a real terminal: tmux on a private socket runs it, keys are typed with
// send-keys, and the screen is read with capture-pane. Each step waits for a marker line its
// own command prints (never a fixed sleep).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShellName } from './interactive.js';
import { shellPath } from './interactive.js';
import { requireAptTool } from '../helpers/apt-tools.js';
import { runSync } from '../helpers/run-sync.js';

const ARGS: Record<ShellName, string[]> = {
  bash: ['--norc', '--noprofile', '-i'],
  zsh: ['-f', '-i'],
  fish: ['--no-config', '--private', '-i'],
};

/** Skips without tmux, except in CI, which installs it and must run every terminal test. */
export function requireTmux(ctx: Mocha.Context): void {
  requireAptTool(ctx, 'tmux');
}

export class TmuxShell {
  private step = 0;

  private constructor(
    private readonly socket: string,
    private readonly dir: string,
  ) {}

  static start(shell: ShellName, env: Record<string, string>, cwd: string): TmuxShell {
    const dir = mkdtempSync(join(tmpdir(), 'gvx-tmux-'));
    const socket = join(dir, 'socket');
    const command = [shellPath(shell)!, ...ARGS[shell]].map((a) => `'${a}'`).join(' ');
    // `env -i` so the shell sees exactly the test's environment, not the tmux server's.
    const vars = Object.entries({ TERM: 'xterm', ...env }).map(([k, v]) => `'${k}=${v.replace(/'/g, `'\\''`)}'`);
    const result = runSync('tmux', ['-S', socket, '-f', '/dev/null', 'new-session', '-d', '-x', '250', '-y', '50', '-c', cwd, `exec env -i ${vars.join(' ')} ${command}`], {
      });
    if (result.status !== 0) throw new Error(`tmux failed: ${result.stderr}`);
    return new TmuxShell(socket, dir);
  }

  /** Types a line and presses Enter. */
  type(line: string): void {
    const result = runSync('tmux', ['-S', this.socket, 'send-keys', '-l', line]);
    if (result.status !== 0) throw new Error(`send-keys: ${result.stderr}`);
    runSync('tmux', ['-S', this.socket, 'send-keys', 'Enter']);
  }

  screen(): string {
    return runSync('tmux', ['-S', this.socket, 'capture-pane', '-p', '-J', '-S', '-1000']).stdout;
  }

  /**
   * Types `lines`, then a command printing a marker and the values of `vars` (a POSIX or fish
   * printf); waits for the marker and returns the values. An empty line in `lines` is an
   * empty prompt: the hook runs before the next line is read.
   */
  async read(lines: string[], vars: string[], fish: boolean, timeoutMs = 30_000): Promise<Record<string, string>> {
    const n = ++this.step;
    for (const line of lines) this.type(line);
    // The marker is built by printf, so the typed command line never matches it.
    const values = vars.map((v) => (fish ? `"$${v}"` : `"\${${v}-}"`)).join(' ');
    this.type(`printf '@@%s@@ ${vars.map(() => '%s|').join('')}\\n' ${n} ${values}`);
    const pattern = new RegExp(`^@@${n}@@ (.*)$`, 'm');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.screen());
      if (match) {
        const parts = match[1]!.split('|');
        return Object.fromEntries(vars.map((v, i) => [v, parts[i] ?? '']));
      }
      if (Date.now() > deadline) throw new Error(`no marker ${n} on the screen:\n${this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  close(): void {
    runSync('tmux', ['-S', this.socket, 'kill-server']);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
