import { UsageError } from '../../errors.js';
import { gvxArgv, loadShell, SUPPORTED_SHELLS, type SupportedShell, shellFromEnv } from '../../shell/integration.js';
import { HomeLayout } from '../../store/layout.js';
import { ensureShims } from '../../store/shims.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'print the shell set-up to evaluate: the shims first on PATH, the gvx function (for gvx shell) and the cd hook',
  usage: [
    'gvx env [--shell bash|zsh|fish|powershell] [--no-use-on-cd]',
    '',
    '  bash        eval "$(gvx env --shell bash)"        in ~/.bashrc',
    '  zsh         eval "$(gvx env --shell zsh)"         in ~/.zshrc',
    '  fish        gvx env --shell fish | source         in ~/.config/fish/config.fish',
    '  powershell  gvx env --shell powershell | Out-String | Invoke-Expression   in $PROFILE',
    '',
    'Without --shell the shell is the basename of $SHELL. --no-use-on-cd leaves out the hook that',
    'exports GOROOT for the selected version when the directory changes.',
  ].join('\n'),
  async run(ctx, argv) {
    const { values } = parse<{ shell?: string; 'no-use-on-cd'?: boolean }>('env', argv, { shell: { type: 'string' }, 'no-use-on-cd': { type: 'boolean' } }, 0);
    const name = chooseShell('env', values.shell, ctx.config.env.SHELL);
    const layout = new HomeLayout(ctx.config.home);
    const shimsDir = await ensureShims(layout);
    const shell = await loadShell(name);
    const code = await shell.render({ home: layout.home, shimsDir, gvxArgv: gvxArgv(), useOnCd: !values['no-use-on-cd'] });
    ctx.out.line(code.replace(/\n$/, ''));
    return 0;
  },
};

/** --shell if given, else $SHELL's basename; anything else is a usage error naming the choices. */
export function chooseShell(command: string, given: string | undefined, shellVar: string | undefined, choices: readonly SupportedShell[] = SUPPORTED_SHELLS): SupportedShell {
  const name = given !== undefined ? (choices as readonly string[]).includes(given) ? (given as SupportedShell) : undefined : shellFromEnv(shellVar);
  if (name && choices.includes(name)) return name;
  const what = given !== undefined ? `unknown shell "${given}"` : shellVar ? `cannot tell the shell from SHELL=${shellVar}` : 'no --shell given and SHELL is not set';
  throw new UsageError(`${command}: ${what}; supported: ${choices.join(', ')}`, { hint: `gvx ${command} --shell ${choices[0]}` });
}
