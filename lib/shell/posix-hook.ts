// The hook logic bash and zsh share, in POSIX sh: put the shims first on PATH, and apply a
// resolution (shims/resolve.sh, the exact rule the shims use) to this shell: GOROOT,
// GVX_ACTIVE_VERSION and one line on stderr when the outcome changed. bash.ts and zsh.ts
// add what differs: when the hook runs (PROMPT_COMMAND, precmd) and zsh's option/NUL quirks.
//
// Shell state (plain, unexported variables, kept across a re-evaluation of `gvx env`):
//   _gvx_last_key    version|spec|origin|error of the last outcome: nothing is done when equal
//   _gvx_last_pick   version|origin of the last outcome: the "gvx: go …" line is printed only
//                    when it changed (not when only the directory, or the spec, did)
//   _gvx_goroot      the GOROOT value gvx exported (so it can take back only its own)
//   _gvx_user_goroot a GOROOT that was there before gvx exported its own (put back later)
//   _gvx_warned      the hand-exported GOROOT already named as a risk (named once)
//   _gvx_pin_pwd     the directory whose pin was last checked against its module (once per cd)

import type { RenderOptions } from './integration.js';
import { shellQuote, shellQuoteArgv } from './quoting.js';

/** Defines _gvx_put_shims_first and _gvx_apply; `prologue` starts each function (zsh: emulate). */
export function posixHookFunctions(options: RenderOptions, prologue: string): string {
  const cli = shellQuoteArgv(options.gvxArgv);
  return `_gvx_shims=${shellQuote(options.shimsDir)}

# PATH: the shims first, exactly once (built-ins only; an earlier copy anywhere is removed).
_gvx_put_shims_first() {
  ${prologue}_gvx_p=":\${PATH-}:"
  while :; do
    case $_gvx_p in
      *":$_gvx_shims:"*) _gvx_p=\${_gvx_p%%":$_gvx_shims:"*}:\${_gvx_p#*":$_gvx_shims:"} ;;
      *) break ;;
    esac
  done
  _gvx_p=\${_gvx_p#:}
  _gvx_p=\${_gvx_p%:}
  PATH=$_gvx_shims\${_gvx_p:+:$_gvx_p}
  export PATH
}

# _gvx_apply: resolve for $PWD; when the outcome changed, update this shell and say so.
# Only an interactive shell runs prompts that keep GOROOT fresh: a script that evaluates the
# set-up gets no GOROOT (the shims set it per call), and loses one gvx exported in a parent.
_gvx_apply() {
  ${prologue}_gvx_home=\${GVX_HOME:-${shellQuote(options.home)}}
  case $- in
    *i*) ;;
    *)
      if [ -n "\${GVX_ACTIVE_VERSION-}" ] && [ "\${GOROOT-}" = "$_gvx_home/versions/$GVX_ACTIVE_VERSION" ]; then
        unset GOROOT
      fi
      unset GVX_ACTIVE_VERSION
      return 0
      ;;
  esac
  _gvx_resolve "$_gvx_home" "$PWD"
  if [ "$_gvx_version|$_gvx_spec|$_gvx_origin|$_gvx_error" = "\${_gvx_last_key-}" ]; then
    [ "$PWD" = "\${_gvx_pin_pwd-}" ] || _gvx_check_pin
    return 0
  fi
  _gvx_seen=\${_gvx_last_key+yes}
  _gvx_last_key="$_gvx_version|$_gvx_spec|$_gvx_origin|$_gvx_error"
  if [ -z "$_gvx_version$_gvx_error" ] && [ -n "$_gvx_spec" ] && [ "\${GVX_AUTO_INSTALL-}" = 1 ]; then
    if [ -n "$_gvx_req" ]; then
      printf 'gvx: installing go %s (%s requires go >= %s; GVX_AUTO_INSTALL=1)\\n' "$_gvx_spec" "$_gvx_origin" "$_gvx_req" >&2
    else
      printf 'gvx: installing go %s (selected by %s; GVX_AUTO_INSTALL=1)\\n' "$_gvx_spec" "$_gvx_origin" >&2
    fi
    ${cli} install --quiet "$_gvx_spec" >&2 && _gvx_resolve "$_gvx_home" "$PWD"
    _gvx_last_key="$_gvx_version|$_gvx_spec|$_gvx_origin|$_gvx_error"
  fi
  _gvx_said=\${_gvx_last_pick-}
  _gvx_last_pick="$_gvx_version|$_gvx_origin"
  if [ -n "$_gvx_version" ]; then
    # A GOROOT that is not the one gvx exported is the user's: keep it to put back later.
    [ "\${GOROOT-}" = "\${_gvx_goroot-}" ] || _gvx_user_goroot=\${GOROOT-}
    _gvx_goroot=$_gvx_home/versions/$_gvx_version
    GOROOT=$_gvx_goroot
    GVX_ACTIVE_VERSION=$_gvx_version
    export GOROOT GVX_ACTIVE_VERSION
    # Said only when the version or what selects it changed: not on a cd within a project.
    if [ "\${GVX_QUIET-}" != 1 ] && [ "$_gvx_last_pick" != "$_gvx_said" ]; then
      if [ -n "$_gvx_req" ]; then
        printf 'gvx: go %s (%s requires go >= %s)\\n' "$_gvx_version" "$_gvx_origin" "$_gvx_req" >&2
      elif [ "$_gvx_origin" != default ]; then
        printf 'gvx: go %s (%s)\\n' "$_gvx_version" "$_gvx_origin" >&2
      elif [ -n "$_gvx_seen" ]; then # the default is announced on a change, not at start-up
        printf 'gvx: go %s (global default)\\n' "$_gvx_version" >&2
      fi
    fi
    _gvx_check_pin
    return 0
  fi
  unset GVX_ACTIVE_VERSION
  # No usable version: take back the GOROOT gvx exported; a hand-exported one stays.
  if [ -n "\${_gvx_goroot-}" ] && [ "\${GOROOT-}" = "$_gvx_goroot" ]; then
    if [ -n "\${_gvx_user_goroot-}" ]; then GOROOT=$_gvx_user_goroot; export GOROOT; else unset GOROOT; fi
  fi
  _gvx_goroot= _gvx_user_goroot=
  if [ -n "\${GOROOT-}" ] && [ "$GOROOT" != "\${_gvx_warned-}" ]; then
    _gvx_warned=$GOROOT
    printf 'gvx: warning: GOROOT=%s was exported by hand, not by gvx; go tools may mix versions with it (unset GOROOT)\\n' "$GOROOT" >&2
  fi
  _gvx_pin_pwd=$PWD
  if [ -n "$_gvx_error" ]; then
    printf 'gvx: error: %s (nothing in it was run; put a version such as 1.22 in it)\\n' "$_gvx_error" >&2
  elif [ -n "$_gvx_req" ]; then
    printf 'gvx: %s requires go >= %s and no installed Go satisfies it; run: gvx install %s\\n' "$_gvx_origin" "$_gvx_req" "$_gvx_spec" >&2
  elif [ -n "$_gvx_spec" ]; then
    printf 'gvx: go %s is selected by %s but not installed; run: gvx install %s\\n' "$_gvx_spec" "$_gvx_origin" "$_gvx_spec" >&2
  fi
  return 0
}`;
}

/**
 * _gvx_check_pin: once per directory change, a version pinned (GVX_GO_VERSION or a version
 * file) older than the module here requires gets a warning with rule 3's fix. Last in
 * _gvx_apply: the check reuses the resolver's variables.
 */
export function posixPinCheck(prologue: string): string {
  return `# _gvx_pin_conflict HOME DIR VERSION: whether VERSION, pinned by GVX_GO_VERSION or a version
# file, is older than the module DIR is in requires (shims/resolve.sh reads it). When it is: 0,
# with _gvx_mod, _gvx_req and _gvx_mspec as _gvx_read_module sets them and _gvx_choice what
# rule 3 would choose ("" when nothing installed satisfies R). Clobbers the resolution's
# variables: call it last. (Hook-only: the shims do not carry it.)
_gvx_pin_conflict() {
  ${prologue}_gvx_find_module "$1" "$2" || { _gvx_error= _gvx_req=; return 1; }
  _gvx_key "$3" || return 1
  _gvx_ge "$_gvx_k1" "$_gvx_k2" "$_gvx_k3" "$_gvx_k4" "$_gvx_r1" "$_gvx_r2" "$_gvx_r3" "$_gvx_r4" && return 1
  _gvx_dv=
  _gvx_read_default "$1" && _gvx_lookup "$1" "$_gvx_spec" && _gvx_dv=$_gvx_version
  _gvx_error=
  _gvx_choose "$1"
  return 0
}

_gvx_check_pin() {
  ${prologue}_gvx_pin_pwd=$PWD
  [ -n "$_gvx_version" ] && [ -z "$_gvx_req" ] && [ "$_gvx_origin" != default ] || return 0
  _gvx_pin_by=$_gvx_origin _gvx_pinned=$_gvx_version
  _gvx_pin_conflict "$_gvx_home" "$PWD" "$_gvx_version" || return 0
  if [ "$_gvx_pin_by" = GVX_GO_VERSION ]; then _gvx_fix='gvx shell'; else _gvx_fix='gvx use'; fi
  if [ -n "$_gvx_choice" ]; then
    _gvx_fix="$_gvx_fix $_gvx_choice"
  else
    _gvx_fix="gvx install $_gvx_mspec, then $_gvx_fix $_gvx_mspec"
  fi
  printf 'gvx: warning: go %s (pinned by %s) is older than %s requires (go >= %s); fix: %s\\n' "$_gvx_pinned" "$_gvx_pin_by" "$_gvx_mod" "$_gvx_req" "$_gvx_fix" >&2
}`;
}

/** The gvx shell function: `gvx shell` changes this shell; use/install/uninstall refresh it. */
export function posixGvxFunction(options: RenderOptions, prologue: string): string {
  const cli = shellQuoteArgv(options.gvxArgv);
  return `gvx() {
  ${prologue}case \${1-} in
    shell)
      _gvx_out=$(_GVX_SHELL_FUNCTION=1 ${cli} "$@") || return
      case $_gvx_out in
        'set '*) GVX_GO_VERSION=\${_gvx_out#'set '}; export GVX_GO_VERSION ;;
        unset) unset GVX_GO_VERSION ;;
        *) printf '%s\\n' "$_gvx_out"; return 0 ;;
      esac
      _gvx_refresh
      ;;
    use | install | uninstall)
      ${cli} "$@" || return
      _gvx_refresh
      ;;
    *) ${cli} "$@" ;;
  esac
}`;
}
