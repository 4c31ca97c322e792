// `gvx completions bash|zsh|fish`: commands, their flags (read from each command's usage
// text, so a new flag needs no second edit) and installed versions (globbed by the shell).

import { ExitCode } from '../../error-codes.js';
import { UnsupportedError } from '../../errors.js';
import { type CompletionData, chooseShell } from '../../shell/integration.js';
import { loadShell } from '../../shell/load-shell.js';
import { parentCommandName } from '../../shell/parent-shell.js';
import { parse } from '../args.js';
import type { Command, CommandTable } from '../context.js';

export const command: Command = {
  summary: 'print shell completions for commands, flags and installed versions',
  usage: [
    'gvx completions bash|zsh|fish',
    '',
    '  bash  gvx completions bash > ~/.local/share/bash-completion/completions/gvx',
    '  zsh   eval "$(gvx completions zsh)"   (in ~/.zshrc, after autoload -Uz compinit && compinit)',
    '  fish  gvx completions fish > ~/.config/fish/completions/gvx.fish',
    '',
    'Written to a file once, they cost a new shell nothing (an eval in the rc file starts gvx every',
    'time). Without a shell named: the shell gvx runs in (its parent process), else the one $SHELL names.',
  ].join('\n'),
  async run(ctx, argv) {
    const { positionals } = parse('completions', argv, {}, 1);
    const name = chooseShell('completions', positionals[0], ctx.config.env.SHELL, ['bash', 'zsh', 'fish'], { parent: parentCommandName(), spell: (shell) => `gvx completions ${shell}` });
    const shell = await loadShell(name);
    if (!shell.completions) throw new UnsupportedError(`no completions for ${name}`);
    ctx.out.code(shell.completions(await completionData(ctx.config.home, ctx.commands)).replace(/\n$/, ''));
    return ExitCode.ok;
  },
};

async function completionData(home: string, table: CommandTable): Promise<CompletionData> {
  const commands = [];
  for (const name of table.helpOrder) {
    const { command } = await table.loaders[name]!();
    const flags = [...new Set([...command.usage.matchAll(/--[a-z][a-z0-9-]*/g)].map((m) => m[0]))];
    commands.push({ name, summary: command.summary.split('\n')[0], flags: [...flags, '--help'] });
  }
  return { home, commands };
}
