// zsh: `eval "$(gvx env --shell zsh)"` in ~/.zshrc. The hook is a chpwd function: zsh calls it
// on a directory change only, so an unchanged prompt runs no gvx code at all. Every gvx
// function starts with `emulate -L sh`, so the user's options (extendedglob, ksharrays,
// nounset…) cannot change how the shared sh code (shims/resolve.sh) parses a version file.

import { SHIMMED_TOOLS, readResolveFunctions, shellQuote } from '../store/shims.js';
import { type CompletionData, type RenderOptions, SUPPORTED_SHELLS, type ShellIntegration } from './integration.js';
import { posixGvxFunction, posixHookFunctions } from './posix-hook.js';

const PROLOGUE = 'emulate -L sh\n  ';

// zsh's `read` keeps NUL bytes where dash and bash drop them (and lib/select/version-file.ts
// drops them to match): strip them wherever resolve.sh trims a line it read. (Split on NUL
// and join: zsh's ${x//$'\\0'/} takes minutes on a long line.)
const NUL_STRIP = `functions[_gvx_trim_sh]=$functions[_gvx_trim]
_gvx_trim() {
  _gvx_line=\${(j::)\${(ps:\\0:)_gvx_line}}
  _gvx_trim_sh
}`;

const HOOK = `_gvx_refresh() {
  emulate -L sh
  _gvx_apply
}
# chpwd_functions is global even when this is evaluated inside a function (plugin managers).
typeset -ga chpwd_functions
(( \${chpwd_functions[(Ie)_gvx_refresh]} )) || chpwd_functions+=(_gvx_refresh)
_gvx_refresh`;

export const zsh: ShellIntegration = {
  name: 'zsh',
  setupLine: 'eval "$(gvx env --shell zsh)"   # in ~/.zshrc',
  async render(options: RenderOptions) {
    const parts = [
      '# gvx shell integration for zsh (gvx env --shell zsh)',
      (await readResolveFunctions()).trimEnd(),
      NUL_STRIP,
      posixHookFunctions(options, PROLOGUE),
      posixGvxFunction(options, PROLOGUE),
      '_gvx_put_shims_first',
      options.useOnCd ? HOOK : '_gvx_refresh() { :; }',
    ];
    return `${parts.join('\n\n')}\n`;
  },
  completions(data: CompletionData) {
    const described = data.commands.map((c) => shellQuote(`${c.name}:${c.summary.replace(/:/g, '\\:')}`)).join(' \\\n    ');
    const flagCases = data.commands
      .map((c) => `    ${c.name}) reply=(${c.flags.join(' ')}) ;;`)
      .join('\n');
    return `# gvx completions for zsh: eval "$(gvx completions zsh)" in ~/.zshrc, after compinit
# Installed versions come from a glob of GVX_HOME/versions (no gvx process per <Tab>).

# _gvx_candidates CMD WORD: the candidates for WORD after "gvx CMD", in $reply.
_gvx_candidates() {
  emulate -L zsh
  setopt null_glob
  reply=()
  case $2 in
    -*)
      case $1 in
${flagCases}
      esac
      ;;
    *)
      case $1 in
        use | shell | uninstall | exec | install) reply=("\${GVX_HOME:-${shellQuote(data.home)}}"/versions/*(/:t)) ;;
        env | completions) reply=(${SUPPORTED_SHELLS.join(' ')}) ;;
        which) reply=(${SHIMMED_TOOLS.join(' ')}) ;;
      esac
      ;;
  esac
}

_gvx() {
  local -a commands reply
  if (( CURRENT == 2 )); then
    commands=(
    ${described}
    )
    _describe -t commands 'gvx command' commands
    return
  fi
  _gvx_candidates "\${words[2]}" "\${words[CURRENT]}"
  (( \${#reply} )) && compadd -a reply
}

(( $+functions[compdef] )) && compdef _gvx gvx
`;
  },
};
