# gvx selection rule in POSIX sh (design §3), shared by the go/gofmt shims and the bash/zsh
# hook. Built-ins only: no subshell, no command substitution, no external command, so it
# costs a few stat() and read() calls. lib/select/selection.ts implements the same rule in
# TypeScript; test/select/resolution.test.ts runs one table of cases through both.
#
# _gvx_resolve HOME DIR sets:
#   _gvx_spec     the spec as written (normalised: no "go" prefix)        ("" if none)
#   _gvx_origin   GVX_GO_VERSION | <path of the version file> | default     ("" if none)
#   _gvx_version  the installed version it resolves to                     ("" if not installed)
#   _gvx_error    a one-line reason when the spec is invalid                ("" otherwise)
# and returns 0 when a version was resolved, 1 otherwise. File contents are data: they are
# only compared with patterns, never evaluated, and never used as a path unless validated.

# _gvx_trim: strips surrounding whitespace (including CR) from _gvx_line.
_gvx_trim() {
  _gvx_line=${_gvx_line#"${_gvx_line%%[![:space:]]*}"}
  _gvx_line=${_gvx_line%"${_gvx_line##*[![:space:]]}"}
}

# _gvx_valid SPEC: the spec grammar of lib/version/spec.ts (latest, stable, 1, 1.22, 1.22.5,
# 1.23rc1, 1.18beta2, 1.18alpha1; no leading zeros; at most 32 characters). Anything else, including every path or
# shell character, is invalid.
_gvx_valid() {
  [ ${#1} -le 32 ] || return 1 # MAX_SPEC_LENGTH in lib/version/spec.ts
  case $1 in
    latest | stable) return 0 ;;
    '' | *[!0-9a-z.]*) return 1 ;;
  esac
  _gvx_v_n=${1%%[!0-9]*}
  case $_gvx_v_n in '' | 0?*) return 1 ;; esac
  _gvx_v_rest=${1#"$_gvx_v_n"}
  [ -z "$_gvx_v_rest" ] && return 0
  case $_gvx_v_rest in .*) ;; *) return 1 ;; esac
  _gvx_v_rest=${_gvx_v_rest#.}
  _gvx_v_n=${_gvx_v_rest%%[!0-9]*}
  case $_gvx_v_n in '' | 0?*) return 1 ;; esac
  _gvx_v_rest=${_gvx_v_rest#"$_gvx_v_n"}
  case $_gvx_v_rest in
    '') return 0 ;;
    .*) _gvx_v_n=${_gvx_v_rest#.} ;;
    alpha*) _gvx_v_n=${_gvx_v_rest#alpha} ;;
    beta*) _gvx_v_n=${_gvx_v_rest#beta} ;;
    rc*) _gvx_v_n=${_gvx_v_rest#rc} ;;
    *) return 1 ;;
  esac
  case $_gvx_v_n in '' | *[!0-9]* | 0?*) return 1 ;; esac
  return 0
}

# _gvx_long FILE: refuses a line longer than 4096 characters (MAX_LINE_LENGTH in
# lib/select/version-file.ts) before any pattern runs on it: bash's ${x%%#*} and zsh's
# trimming are quadratic, and a hostile 1 MB line would hang a shell prompt for seconds.
_gvx_long() {
  [ ${#_gvx_line} -le 4096 ] && return 0
  _gvx_error="$1: not a valid Go version (a line is longer than 4096 characters)"
  return 1
}

# _gvx_read_go_version FILE: one spec; blank lines and # comments ignored.
_gvx_read_go_version() {
  _gvx_spec=
  while IFS= read -r _gvx_line || [ -n "$_gvx_line" ]; do
    _gvx_long "$1" || return 1
    _gvx_line=${_gvx_line%%#*}
    _gvx_trim
    [ -z "$_gvx_line" ] && continue
    if [ -n "$_gvx_spec" ]; then
      _gvx_error="$1: more than one line names a version"
      return 1
    fi
    _gvx_spec=$_gvx_line
  done <"$1"
  if [ -z "$_gvx_spec" ]; then
    _gvx_error="$1: no version in the file"
    return 1
  fi
  return 0
}

# _gvx_read_tool_versions FILE: the first version of a golang/go line; 2 = no such line.
_gvx_read_tool_versions() {
  _gvx_spec=
  while IFS= read -r _gvx_line || [ -n "$_gvx_line" ]; do
    _gvx_long "$1" || return 1
    _gvx_line=${_gvx_line%%#*}
    _gvx_trim
    _gvx_tv_name=${_gvx_line%%[[:space:]]*}
    case $_gvx_tv_name in golang | go) ;; *) continue ;; esac
    _gvx_line=${_gvx_line#"$_gvx_tv_name"}
    _gvx_trim
    _gvx_spec=${_gvx_line%%[[:space:]]*}
    if [ -z "$_gvx_spec" ]; then
      _gvx_error="$1: the $_gvx_tv_name line has no version"
      return 1
    fi
    return 0
  done <"$1"
  return 2
}

# _gvx_find_file DIR: the nearest version file from DIR up to /.
_gvx_find_file() {
  _gvx_dir=$1
  while :; do
    if [ -f "$_gvx_dir/.go-version" ]; then
      _gvx_origin="$_gvx_dir/.go-version"
      _gvx_read_go_version "$_gvx_origin"
      return
    fi
    if [ -f "$_gvx_dir/.tool-versions" ]; then
      _gvx_read_tool_versions "$_gvx_dir/.tool-versions"
      case $? in
        0) _gvx_origin="$_gvx_dir/.tool-versions"; return 0 ;;
        1) _gvx_origin="$_gvx_dir/.tool-versions"; return 1 ;;
      esac
    fi
    case $_gvx_dir in '' | /) return 2 ;; esac
    _gvx_dir=${_gvx_dir%/*}
  done
}

_gvx_resolve() {
  _gvx_spec= _gvx_origin= _gvx_version= _gvx_error=
  _gvx_line=${GVX_GO_VERSION:-}
  _gvx_trim
  if [ -n "$_gvx_line" ]; then
    _gvx_origin=GVX_GO_VERSION
    _gvx_spec=$_gvx_line
  else
    _gvx_find_file "$2"
    case $? in
      1) return 1 ;;
      2)
        [ -f "$1/default" ] || return 1
        _gvx_origin=default
        IFS= read -r _gvx_line <"$1/default" || [ -n "$_gvx_line" ] || return 1
        _gvx_trim
        _gvx_spec=$_gvx_line
        ;;
    esac
  fi
  _gvx_spec=${_gvx_spec#go}
  if ! _gvx_valid "$_gvx_spec"; then
    _gvx_error="$_gvx_origin: not a valid Go version"
    return 1
  fi
  # Partial specs (1.22, 1, latest) go through the alias table gvx keeps; exact ones are
  # directory names. Aliases come first: "1.20" is a prefix even when go1.20 is installed.
  # An alias's target is file content, so it is validated before it is used as a path; an
  # exact spec was validated above and its directory is tested once.
  if [ -f "$1/aliases/$_gvx_spec" ]; then
    IFS= read -r _gvx_version <"$1/aliases/$_gvx_spec" || [ -n "$_gvx_version" ] || _gvx_version=
    _gvx_valid "$_gvx_version" && [ -f "$1/versions/$_gvx_version/bin/go" ] && return 0
  elif [ -f "$1/versions/$_gvx_spec/bin/go" ]; then
    _gvx_version=$_gvx_spec
    return 0
  fi
  _gvx_version=
  return 1
}
