import { ExitCode } from '../../error-codes.js';
import { ensureShellFiles, rcLine, rcLineMessage } from '../../shell/env-file.js';
import { gvxArgv } from '../../package-info.js';
import { chooseShell } from '../../shell/integration.js';
import { loadShell } from '../../shell/load-shell.js';
import { parentCommandName } from '../../shell/parent-shell.js';
import { HomeLayout } from '../../store/layout.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'print the shell set-up to evaluate: the shims first on PATH, the gvx function (for gvx shell) and the prompt hook',
  usage: [
    'gvx env [--shell bash|zsh|fish|powershell] [--no-use-on-cd]',
    '',
    'The set-up is also kept in GVX_HOME/env.bash, env.zsh, env.fish and env.ps1, which a new shell',
    'sources without starting gvx (rewritten by every gvx env, install and use; each checks that',
    'it is current and otherwise runs gvx env itself). With the default GVX_HOME on Linux:',
    '',
    '  bash        . "$HOME/.local/share/gvx/env.bash"         in ~/.bashrc',
    '  zsh         . "$HOME/.local/share/gvx/env.zsh"          in ~/.zshrc',
    '  fish        source "$HOME/.local/share/gvx/env.fish"    in ~/.config/fish/config.fish',
    '  powershell  . "$HOME/.local/share/gvx/env.ps1"          in $PROFILE',
    '',
    'Run in a terminal, gvx env first names that line for your GVX_HOME, on stderr. Evaluating its',
    'output does the same, at the cost of starting gvx: eval "$(gvx env --shell bash)", gvx env',
    '--shell fish | source, gvx env --shell powershell | Out-String | Invoke-Expression.',
    '',
    'Without --shell the shell is the one gvx runs in (its parent process), else the basename of',
    '$SHELL. --no-use-on-cd leaves out the hook that exports GOROOT for the selected version when',
    'the directory changes (the env files always have it).',
  ].join('\n'),
  async run(ctx, argv) {
    const { values } = parse<{ shell?: string; 'no-use-on-cd'?: boolean }>('env', argv, { shell: { type: 'string' }, 'no-use-on-cd': { type: 'boolean' } }, 0);
    const name = chooseShell('env', values.shell, ctx.config.env.SHELL, undefined, { parent: values.shell === undefined ? parentCommandName() : undefined });
    const layout = new HomeLayout(ctx.config.home);
    const shimsDir = await ensureShellFiles(layout);
    const shell = await loadShell(name);
    const code = await shell.render({ home: layout.home, shimsDir, gvxArgv: gvxArgv(), useOnCd: !values['no-use-on-cd'] });
    // Read by a person, not a shell: first say how to make it permanent without the Node
    // start-up, where it is seen before the screenful of code.
    if (process.stdout.isTTY) ctx.out.info(rcLineMessage({ shell: name, ...rcLine(layout.home, name, ctx.config.env.HOME) }));
    ctx.out.code(code.replace(/\n$/, ''));
    return ExitCode.ok;
  },
};
