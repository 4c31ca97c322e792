// `gvx completions bash|zsh|fish`: commands, their flags (read from each command's usage
// text, so a new flag needs no second edit) and installed versions (globbed by the shell).

import { UnsupportedError } from '../../errors.js';
import { type CompletionData, loadShell } from '../../shell/integration.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';
import { chooseShell } from './env.js';

/** The commands in help order; test/shell/completions.test.ts checks this against `gvx --help`. */
const COMMAND_NAMES = ['install', 'uninstall', 'ls', 'ls-remote', 'use', 'shell', 'current', 'which', 'exec', 'env', 'verify', 'doctor', 'tools', 'completions'];

export const command: Command = {
  summary: 'print shell completions for commands, flags and installed versions',
  usage: [
    'gvx completions bash|zsh|fish',
    '',
    '  bash  eval "$(gvx completions bash)"    in ~/.bashrc',
    '  zsh   eval "$(gvx completions zsh)"     in ~/.zshrc, after compinit',
    '  fish  gvx completions fish > ~/.config/fish/completions/gvx.fish',
  ].join('\n'),
  async run(ctx, argv) {
    const { positionals } = parse('completions', argv, {}, 1);
    const name = chooseShell('completions', positionals[0], ctx.config.env.SHELL, ['bash', 'zsh', 'fish']);
    const shell = await loadShell(name);
    if (!shell.completions) throw new UnsupportedError(`no completions for ${name}`);
    ctx.out.line(shell.completions(await completionData(ctx.config.home)).replace(/\n$/, ''));
    return 0;
  },
};

async function completionData(home: string): Promise<CompletionData> {
  const commands = [];
  for (const name of COMMAND_NAMES) {
    const { command } = (await import(`./${name}.js`)) as { command: Command };
    const flags = [...new Set([...command.usage.matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]))];
    commands.push({ name, summary: command.summary.split('\n')[0], flags: [...flags, '--help'] });
  }
  return { home, commands };
}
