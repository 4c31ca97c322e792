// zsh: the code `gvx env --shell zsh` prints and GVX_HOME/env.zsh holds. The hook is a
// precmd function: it runs the resolver before every prompt, with built-ins only. Every gvx
// function starts with `emulate -L sh`, so the user's options (extendedglob, ksharrays,
// nounset…) cannot change how the shared sh code (shims/resolve.sh) parses a version file.

import { type CompletionData, type RenderOptions, SUPPORTED_SHELLS, type ShellIntegration } from './integration.js';
import { posixGvxFunction, posixHookFunctions, posixPinCheck } from './posix-hook.js';
import { shellQuote } from './quoting.js';
import { SHIMMED_TOOLS, readResolveFunctions } from './shims.js';

const PROLOGUE = 'emulate -L sh\n  ';

// zsh's `read` keeps NUL bytes where dash and bash drop them (and lib/select/version-file.ts
// drops them to match), and it cannot be bounded. So zsh reads with sysread: a version file's
// first 4097 bytes, in one call; when they hold a NUL, or the file goes on within the budget,
// head and tr read it as in sh (_gvx_version_fork: dropping the NULs of 1 MiB in zsh costs
// seconds, and a NUL pattern matches nothing in zsh); the go env file 512 bytes at a time into
// _gvx_buf, cut into lines charged to the budget.
// These definitions come after resolve.sh's and replace its _gvx_version_text, _gvx_getline
// and _gvx_slurp.
const ZSH_GETLINE = `zmodload -F zsh/system b:sysread
_gvx_version_text() {
  _gvx_over= _gvx_chunk=
  {
    sysread -s $((_GVX_MAX_FILE_BYTES + 1)) -i 0 _gvx_chunk
    _gvx_text=\${(j::)\${(ps:\\0:)_gvx_chunk}}
    # A NUL (the text is shorter), or more to read within the budget: head and tr read it.
    if [ \${#_gvx_text} -ne \${#_gvx_chunk} ] ||
      { [ \${#_gvx_chunk} -le $_GVX_MAX_FILE_BYTES ] && sysread -s 1 -i 0 _gvx_chunk; }; then
      _gvx_version_fork "$1"
    fi
  } <"$1"
  _gvx_budget $_GVX_MAX_FILE_BYTES
}
_gvx_getline() {
  while :; do
    case $_gvx_buf in *$'\\n'*) break ;; esac
    [ -n "$_gvx_eof" ] && break
    [ \${#_gvx_buf} -gt $_gvx_left ] && break
    if sysread -s 512 -i 0 _gvx_chunk; then
      _gvx_buf=$_gvx_buf\${(j::)\${(ps:\\0:)_gvx_chunk}}
    else
      _gvx_eof=1
    fi
  done
  case $_gvx_buf in
    '') return 1 ;;
    *$'\\n'*)
      _gvx_line=\${_gvx_buf%%$'\\n'*}
      _gvx_buf=\${_gvx_buf#*$'\\n'}
      _gvx_left=$((_gvx_left - \${#_gvx_line} - 1))
      ;;
    *)
      _gvx_line=$_gvx_buf _gvx_buf=
      _gvx_left=$((_gvx_left - \${#_gvx_line}))
      ;;
  esac
  [ $_gvx_left -ge 0 ] && return 0
  _gvx_error="$1: not a valid Go version file (larger than $_GVX_MAX_FILE_BYTES bytes)"
  return 2
}
# A go.mod/go.work without a fork: sysread up to one byte past the budget (one system call for a
# regular file), NULs turned into \\001 as resolve.sh's _gvx_slurp turns them.
_gvx_slurp() {
  _gvx_text=
  {
    while [ \${#_gvx_text} -le $_GVX_MAX_MODULE_BYTES ] &&
      sysread -s $((_GVX_MAX_MODULE_BYTES + 1 - \${#_gvx_text})) -i 0 _gvx_chunk; do
      _gvx_text=$_gvx_text$_gvx_chunk
    done
  } <"$1"
  _gvx_text="\${(pj:\\1:)"\${(@ps:\\0:)_gvx_text}"}" # (a NUL pattern is empty in zsh: split and join)
  _gvx_budget $_GVX_MAX_MODULE_BYTES
}`;

const HOOK = `_gvx_refresh() {
  emulate -L sh
  _gvx_apply
}
# precmd: the resolver runs before every prompt (built-ins only, no fork), so a changed
# version file or an install in another terminal shows at the next prompt. precmd_functions
# is global even when this is evaluated inside a function (plugin managers).
typeset -ga precmd_functions
(( \${precmd_functions[(Ie)_gvx_refresh]} )) || precmd_functions+=(_gvx_refresh)
_gvx_refresh`;

export const zsh: ShellIntegration = {
  name: 'zsh',
  async render(options: RenderOptions) {
    const parts = [
      '# gvx shell integration for zsh (gvx env --shell zsh)',
      (await readResolveFunctions()).trimEnd(),
      ZSH_GETLINE,
      posixHookFunctions(options, PROLOGUE),
      posixPinCheck(PROLOGUE),
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
    return `# gvx completions for zsh: eval "$(gvx completions zsh)" in ~/.zshrc, after
# autoload -Uz compinit && compinit (this is not an autoload file for fpath)
# Installed versions come from a glob of GVX_HOME/versions (no gvx process per <Tab>).

# _gvx_candidates CMD WORD: the candidates for WORD after "gvx CMD", in $reply.
_gvx_candidates() {
  emulate -L zsh
  setopt null_glob
  local home
  reply=()
  case $2 in
    -*)
      case $1 in
${flagCases}
      esac
      ;;
    *)
      case $1 in
        use | shell | uninstall | exec | install)
          # Assigned first: inside "\${GVX_HOME:-'…'}" zsh keeps the quotes as part of the path.
          home=\${GVX_HOME:-${shellQuote(data.home)}}
          reply=("$home"/versions/*(/:t))
          ;;
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
