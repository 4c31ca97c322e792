// bash: the code `gvx env --shell bash` prints and GVX_HOME/env.bash holds (env-file.ts).
// The hook is a PROMPT_COMMAND function that runs the shims' own resolver (shims/resolve.sh)
// at every prompt, with built-ins only.

import { type CompletionData, type RenderOptions, SUPPORTED_SHELLS, type ShellIntegration } from './integration.js';
import { posixGvxFunction, posixHookFunctions, posixPinCheck } from './posix-hook.js';
import { shellQuote } from './quoting.js';
import { SHIMMED_TOOLS, readResolveFunctions } from './shims.js';

const HOOK = `# The hook: the resolver runs at every prompt (built-ins only, no fork), so an edited,
# checked-out or removed version file, or an install in another terminal, shows at the next
# prompt; nothing is printed or exported unless the outcome changed. $? is kept for the
# prompt and other PROMPT_COMMAND entries, unless set -e is on: then a non-zero status (of a
# command set -e let pass, such as \`! true\`) would end the shell at the prompt. And every
# call of _gvx_apply is the left side of ||, where bash ignores set -e for all it runs: a
# resolver that returns 1 (nothing selected, a broken version file) must not end the shell.
_gvx_prompt_hook() {
  local _gvx_status=$?
  _gvx_apply || :
  case $- in *e*) return 0 ;; esac
  return $_gvx_status
}
_gvx_refresh() {
  _gvx_apply || :
}
case \${PROMPT_COMMAND-} in
  *_gvx_prompt_hook*) ;;
  *) PROMPT_COMMAND="_gvx_prompt_hook\${PROMPT_COMMAND:+;$PROMPT_COMMAND}" ;;
esac
_gvx_refresh`;

export const bash: ShellIntegration = {
  name: 'bash',
  async render(options: RenderOptions) {
    const parts = [
      '# gvx shell integration for bash (gvx env --shell bash)',
      (await readResolveFunctions()).trimEnd(),
      posixHookFunctions(options, ''),
      posixPinCheck(''),
      posixGvxFunction(options, ''),
      '_gvx_put_shims_first',
      options.useOnCd ? HOOK : '_gvx_refresh() { :; }',
    ];
    return `${parts.join('\n\n')}\n`;
  },
  completions(data: CompletionData) {
    const commands = data.commands.map((c) => c.name).join(' ');
    const flagCases = data.commands
      .map((c) => `    ${c.name}) _gvx_words=${shellQuote(c.flags.join(' '))} ;;`)
      .join('\n');
    return `# gvx completions for bash: eval "$(gvx completions bash)" in ~/.bashrc
# Installed versions come from a glob of GVX_HOME/versions (no gvx process per <Tab>).
_gvx_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} cmd=\${COMP_WORDS[1]-} _gvx_words= v home
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    _gvx_words=${shellQuote(`${commands} --help --version`)}
  else
    case $cur in
      -*)
        case $cmd in
${flagCases}
        esac
        ;;
      *)
        case $cmd in
          use | shell | uninstall | exec | install)
            # Assigned first: inside "\${GVX_HOME:-'…'}" the single quotes do not quote
            # (they stay in the path, and a $(…) in it would run).
            home=\${GVX_HOME:-${shellQuote(data.home)}}
            for v in "$home"/versions/*/; do
              [ -d "$v" ] || continue
              v=\${v%/}
              _gvx_words="$_gvx_words \${v##*/}"
            done
            ;;
          env | completions) _gvx_words='${SUPPORTED_SHELLS.join(' ')}' ;;
          which) _gvx_words='${SHIMMED_TOOLS.join(' ')}' ;;
        esac
        ;;
    esac
  fi
  local IFS=$' \\t\\n'
  for v in $_gvx_words; do
    case $v in "$cur"*) COMPREPLY+=("$v") ;; esac
  done
}
complete -F _gvx_complete gvx
`;
  },
};
