import { chooseShell, gvxArgv, loadShell } from '../../shell/integration.js';
import { HomeLayout } from '../../store/layout.js';
import { ensureShims } from '../../store/shims.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'print the shell set-up to evaluate: the shims first on PATH, the gvx function (for gvx shell) and the prompt hook',
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
