# gvx selection rule in POSIX sh, shared by the go/gofmt shims and the bash/zsh hook.
# Built-ins only: no subshell, no command substitution, no external command, so it costs a
# few stat() and read() calls. lib/select/selection.ts implements the same rule in
# TypeScript, lib/shell/fish.ts and lib/shell/powershell.ts in fish and PowerShell; the table
# in test/select/resolution-cases.ts is run through all of them.
#
# _gvx_resolve HOME DIR sets:
#   _gvx_spec     the spec as written (normalised: no "go" prefix)        ("" if none)
#   _gvx_origin   GVX_GO_VERSION | <path of the version file> | default     ("" if none)
#   _gvx_version  the installed version it resolves to                     ("" if not installed)
#   _gvx_error    a one-line reason when the selection is unusable          ("" otherwise)
# and returns 0 when a version was resolved, 1 otherwise. File contents are data: they are
# only compared with patterns, never evaluated, never echoed, and never used as a path
# unless validated.
#
# The rules every resolver shares (test/select/resolution-cases.ts is the contract):
# - bytes, not characters: whatever the user's locale, [[:space:]] is the six ASCII blanks and
#   a length is a byte count (LC_ALL=C where a pattern or a length could see other bytes; the
#   fast paths use explicit ASCII lists, which mean the same in every locale);
# - DIR is the logical cwd: it must be absolute and name the process's cwd ([ DIR -ef . ]),
#   else the cwd was deleted or is unknown, which is an error (a walk up from "." never ends);
# - only regular files are read ([ -f ] follows symlinks; FIFOs, devices, loops are skipped),
#   an unsearchable directory on the way up is walked past, an unreadable file is an error;
# - a version file is read up to 4096 bytes (NULs are dropped, as `read` drops them): one
#   whose answer needs more is refused before any pattern runs on the rest;
# - GVX_GO_VERSION is refused unread when longer than 256 bytes.

_GVX_MAX_FILE_BYTES=4096 # MAX_VERSION_FILE_BYTES in lib/select/version-file.ts
_GVX_MAX_ENV_BYTES=256   # MAX_ENV_SPEC_BYTES in lib/select/version-file.ts
_gvx_nl='
'

# _gvx_trim: strips surrounding whitespace (including CR) from _gvx_line.
_gvx_trim() {
  _gvx_line=${_gvx_line#"${_gvx_line%%[![:space:]]*}"}
  _gvx_line=${_gvx_line%"${_gvx_line##*[![:space:]]}"}
}

# _gvx_valid SPEC: the spec grammar of lib/version/spec.ts (latest, stable, 1, 1.22, 1.22.5,
# 1.23rc1, 1.18beta2, 1.18alpha1; no leading zeros; at most 32 characters). Anything else,
# including every path or shell character, is invalid.
_gvx_valid() {
  case $1 in
    # The common shapes first (1.22, 1.22.12, 1.9.3): one pattern, since this runs at every prompt.
    [123456789].[0123456789] | [123456789].[123456789][0123456789] | [123456789].[0123456789].[0123456789] | [123456789].[0123456789].[123456789][0123456789] | [123456789].[123456789][0123456789].[0123456789] | [123456789].[123456789][0123456789].[123456789][0123456789]) return 0 ;;
    latest | stable) return 0 ;;
  esac
  [ ${#1} -le 32 ] || return 1 # MAX_SPEC_LENGTH in lib/version/spec.ts
  case $1 in
    '' | *[!0123456789abcdefghijklmnopqrstuvwxyz.]*) return 1 ;;
  esac
  _gvx_v_n=${1%%[!0123456789]*}
  case $_gvx_v_n in '' | 0?*) return 1 ;; esac
  _gvx_v_rest=${1#"$_gvx_v_n"}
  [ -z "$_gvx_v_rest" ] && return 0
  case $_gvx_v_rest in .*) ;; *) return 1 ;; esac
  _gvx_v_rest=${_gvx_v_rest#.}
  _gvx_v_n=${_gvx_v_rest%%[!0123456789]*}
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
  case $_gvx_v_n in '' | *[!0123456789]* | 0?*) return 1 ;; esac
  return 0
}

# _gvx_getline FILE: the next line of the file on stdin into _gvx_line, counting its bytes
# (and its newline) against _gvx_left. Returns 1 at the end of the file, 2 (with _gvx_error
# set) when the file holds more than the budget. bash bounds each read itself (read -n), so a
# hostile one-line file costs at most the budget; POSIX sh has no bounded read, so dash reads
# a single huge line whole before refusing it (measured in the README). zsh has its own
# (lib/shell/zsh.ts): its `read` keeps NULs and cannot be bounded; _gvx_buf/_gvx_eof are its.
_gvx_getline() {
  if [ -n "${BASH_VERSION-}" ]; then
    IFS= read -r -n $((_gvx_left + 1)) _gvx_line
  else
    IFS= read -r _gvx_line
  fi
  if [ $? -eq 0 ]; then
    _gvx_left=$((_gvx_left - ${#_gvx_line} - 1))
  else
    [ -z "$_gvx_line" ] && return 1
    _gvx_left=$((_gvx_left - ${#_gvx_line}))
  fi
  [ $_gvx_left -ge 0 ] && return 0
  _gvx_error="$1: not a valid Go version file (larger than $_GVX_MAX_FILE_BYTES bytes)"
  return 2
}

# _gvx_simple FILE: the common case in one read, as the hook runs at every prompt: the whole
# file (no NUL, within the budget: bash's read -d '' stops early otherwise) is one spec of
# safe characters and at most a newline. Anything else returns 1 and is read line by line.
if [ -n "${BASH_VERSION-}" ]; then
  _gvx_simple() {
    IFS= read -r -d '' -n $((_GVX_MAX_FILE_BYTES + 1)) _gvx_line <"$1" && return 1
    _gvx_line=${_gvx_line%"$_gvx_nl"}
    case $_gvx_line in '' | *[!0123456789abcdefghijklmnopqrstuvwxyz.]*) return 1 ;; esac
    _gvx_spec=$_gvx_line
  }
else
  _gvx_simple() { return 1; }
fi

# _gvx_read_go_version FILE: one spec; blank lines and # comments ignored. Also the format
# of GVX_HOME/default.
_gvx_read_go_version() {
  _gvx_spec= _gvx_left=$_GVX_MAX_FILE_BYTES _gvx_buf= _gvx_eof=
  [ -r "$1" ] || { _gvx_error="$1: cannot read it (permission denied)"; return 1; }
  _gvx_simple "$1" && return 0
  local LC_ALL=C
  while _gvx_getline "$1"; do
    _gvx_line=${_gvx_line%%#*}
    _gvx_trim
    [ -z "$_gvx_line" ] && continue
    if [ -n "$_gvx_spec" ]; then
      _gvx_error="$1: more than one line names a version"
      return 1
    fi
    _gvx_spec=$_gvx_line
  done <"$1"
  [ -n "$_gvx_error" ] && return 1
  if [ -z "$_gvx_spec" ]; then
    _gvx_error="$1: no version in the file"
    return 1
  fi
  return 0
}

# _gvx_read_tool_versions FILE: the first version of a golang/go line; 2 = no such line.
_gvx_read_tool_versions() {
  local LC_ALL=C
  _gvx_spec= _gvx_left=$_GVX_MAX_FILE_BYTES _gvx_buf= _gvx_eof=
  [ -r "$1" ] || { _gvx_error="$1: cannot read it (permission denied)"; return 1; }
  while _gvx_getline "$1"; do
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
  [ -n "$_gvx_error" ] && return 1
  return 2
}

# _gvx_find_file DIR: the nearest version file from DIR up to /: 0 found, 1 invalid, 2 none.
# The walk runs at every prompt: bash walks with one [[ ]] per directory (half the cost of two
# [ -f ] commands, which POSIX sh needs); both visit the same directories in the same order.
if [ -n "${BASH_VERSION-}" ]; then
  _gvx_find_file() {
    _gvx_dir=$1
    while :; do
      # Up to the nearest directory with either file; "" stands for / (its files are /.go-version…).
      while [[ ! -f $_gvx_dir/.go-version && ! -f $_gvx_dir/.tool-versions && -n $_gvx_dir ]]; do
        _gvx_dir=${_gvx_dir%/*}
      done
      if [[ -f $_gvx_dir/.go-version ]]; then
        _gvx_origin=$_gvx_dir/.go-version
        _gvx_read_go_version "$_gvx_origin"
        return
      fi
      if [[ -f $_gvx_dir/.tool-versions ]]; then
        _gvx_read_tool_versions "$_gvx_dir/.tool-versions"
        case $? in
          0) _gvx_origin=$_gvx_dir/.tool-versions; return 0 ;;
          1) _gvx_origin=$_gvx_dir/.tool-versions; return 1 ;;
        esac
      fi
      [[ -z $_gvx_dir ]] && return 2
      _gvx_dir=${_gvx_dir%/*}
    done
  }
else
  _gvx_find_file() {
    _gvx_dir=$1
    while :; do
      if [ -f "$_gvx_dir/.go-version" ]; then
        _gvx_origin=$_gvx_dir/.go-version
        _gvx_read_go_version "$_gvx_origin"
        return
      fi
      if [ -f "$_gvx_dir/.tool-versions" ]; then
        _gvx_read_tool_versions "$_gvx_dir/.tool-versions"
        case $? in
          0) _gvx_origin=$_gvx_dir/.tool-versions; return 0 ;;
          1) _gvx_origin=$_gvx_dir/.tool-versions; return 1 ;;
        esac
      fi
      case $_gvx_dir in '' | /) return 2 ;; esac
      _gvx_dir=${_gvx_dir%/*}
    done
  }
fi

# _gvx_env_spec: GVX_GO_VERSION (in _gvx_line) bounded, then trimmed, in bytes.
_gvx_env_spec() {
  local LC_ALL=C
  if [ ${#_gvx_line} -gt $_GVX_MAX_ENV_BYTES ]; then
    _gvx_origin=GVX_GO_VERSION
    _gvx_error="GVX_GO_VERSION: not a valid Go version (longer than $_GVX_MAX_ENV_BYTES bytes)"
    return 1
  fi
  _gvx_trim
}

_gvx_resolve() {
  _gvx_spec= _gvx_origin= _gvx_version= _gvx_error=
  case $1 in
    /*:* | [!/]* | '')
      _gvx_error="GVX_HOME must be an absolute path without ':'"
      return 1
      ;;
  esac
  _gvx_line=${GVX_GO_VERSION-}
  if [ -n "$_gvx_line" ]; then
    _gvx_env_spec || return 1
  fi
  if [ -n "$_gvx_line" ]; then
    _gvx_origin=GVX_GO_VERSION
    _gvx_spec=$_gvx_line
  else
    case $2 in
      /*) [ "$2" -ef . ] ;;
      *) false ;;
    esac || {
      _gvx_error="the current directory no longer exists (or PWD does not name it)"
      return 1
    }
    _gvx_find_file "$2"
    case $? in
      1) return 1 ;;
      2)
        [ -f "$1/default" ] || return 1
        _gvx_origin=default
        _gvx_read_go_version "$1/default" || return 1
        ;;
    esac
  fi
  _gvx_spec=${_gvx_spec#go}
  if ! _gvx_valid "$_gvx_spec"; then
    [ "$_gvx_origin" = default ] && _gvx_origin=$1/default
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
