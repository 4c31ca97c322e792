# gvx selection rule in POSIX sh, shared by the go/gofmt shims and the bash/zsh hook.
# Built-ins only on the common paths: no subshell, no command substitution, no external
# command, so it costs a few stat() and read() calls. The exceptions read what built-ins
# cannot bound: a go.mod the parse cache does not hold (_gvx_slurp, once per change of the
# file), a version file with a NUL or past the budget, and in POSIX sh one not yet measured
# (_gvx_version_text). lib/select/selection.ts implements the same rule in
# TypeScript, lib/shell/fish.ts and lib/shell/powershell.ts in fish and PowerShell; the table
# in test/select/resolution-cases.ts is run through all of them.
#
# _gvx_resolve HOME DIR sets:
#   _gvx_spec     the spec as written (normalised: no "go" prefix)        ("" if none);
#                 for a module, what `gvx install` gets: R's family, or R exactly
#   _gvx_origin   GVX_GO_VERSION | <path of the version file, go.mod or go.work> | default
#   _gvx_req      a module's requirement R (rule 3)                        ("" otherwise)
#   _gvx_version  the installed version it resolves to                     ("" if not installed)
#   _gvx_error    a one-line reason when the selection is unusable          ("" otherwise)
# and returns 0 when a version was resolved, 1 otherwise. File contents are data: they are
# only compared with patterns, never evaluated, and never used as a path unless validated; an
# invalid value is quoted in _gvx_error only as _gvx_invalid allows (never from a symlink).
#
# The rules every resolver shares (test/select/resolution-cases.ts is the contract):
# - bytes, not characters: whatever the user's locale, [[:space:]] is the six ASCII blanks and
#   a length is a byte count (LC_ALL=C where a pattern or a length could see other bytes; the
#   fast paths use explicit ASCII lists, which mean the same in every locale);
# - DIR is the logical cwd: it must be absolute and name the process's cwd ([ DIR -ef . ]),
#   else the cwd was deleted or is unknown, which is an error (a walk up from "." never ends);
# - only regular files are read ([ -f ] follows symlinks; FIFOs, devices, loops are skipped),
#   an unsearchable directory on the way up is walked past, an unreadable file is an error;
# - a version file is read up to 4096 bytes (NULs are dropped, as `read` drops them) from its
#   first 1 MiB: one whose answer needs more is refused before any pattern runs on the rest,
#   and no read goes further (_gvx_version_text);
# - GVX_GO_VERSION is refused unread when longer than 256 bytes;
# - with no version file up to /, the module decides (rule 3; lib/select/module-requirement.ts
#   and requirement-choice.ts): the nearest go.work (GOWORK=off: none; an absolute GOWORK names
#   it; GOWORK unset or auto, and the go env file's GOWORK when the environment has none, as
#   the go command reads it), else the nearest go.mod; R = the higher of its go and toolchain
#   lines, found anywhere in its first 64 KiB as the go command finds them (_gvx_scan_module);
#   the default when it is installed and >= R, else the newest patch of the lowest installed
#   family with a release >= R (from GVX_HOME/installed, which gvx keeps in Go's order with
#   integer sort keys).

_GVX_MAX_FILE_BYTES=4096 # MAX_VERSION_FILE_BYTES in lib/select/version-file.ts
_GVX_MAX_ENV_BYTES=256   # MAX_ENV_SPEC_BYTES in lib/select/version-file.ts
_GVX_MAX_MODULE_BYTES=65536 # MAX_MODULE_FILE_BYTES in lib/select/module-requirement.ts
_GVX_MAX_RAW_BYTES=1048576 # MAX_RAW_BYTES in lib/select/version-file.ts
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

# _gvx_invalid ORIGIN VALUE: _gvx_error for a VALUE (a version file's or GVX_GO_VERSION's)
# that is not a valid spec, worded as lib/select/offending-value.ts words it: quoted only when
# ORIGIN is not a symlink (it may point at /proc/self/environ or a secret), only when every
# byte is in the safe list (no terminal escape, no shell syntax), cut at 32 bytes.
_gvx_invalid() {
  local LC_ALL=C
  _gvx_error="$1: not a valid Go version"
  case $1 in /*) [ -L "$1" ] && return 0 ;; esac
  case $2 in
    *[!ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+:/@\ -]*)
      _gvx_error="$_gvx_error (it holds characters that are not shown)"
      return 0
      ;;
  esac
  _gvx_value=$2
  [ ${#2} -gt 32 ] && _gvx_value="${2%"${2#????????????????????????????????}"}…"
  _gvx_error="$1: \"$_gvx_value\" is not a valid Go version"
}

# _gvx_num N: a number without leading zeros, of at most 9 digits (an integer in every shell).
_gvx_num() {
  case $1 in '' | *[!0123456789]* | 0?* | ??????????*) return 1 ;; esac
}

# _gvx_key VERSION: Go's order of VERSION as four integers in _gvx_k1.._gvx_k4: major, minor,
# rank (0 a language version such as 1.22, 1-3 alpha/beta/rc, 4 a release) and its number
# (the patch of a release, the number of a pre-release). 1 when VERSION is not M.m, M.m.p or
# M.m(alpha|beta|rc)N. Before 1.21 "1.N" is the release 1.N.0 (go/version semantics).
_gvx_key() {
  case $1 in [123456789]*.*) ;; *) return 1 ;; esac
  _gvx_k1=${1%%.*}
  _gvx_kr=${1#*.}
  _gvx_k2=${_gvx_kr%%[!0123456789]*}
  _gvx_num "$_gvx_k1" && _gvx_num "$_gvx_k2" || return 1
  _gvx_kr=${_gvx_kr#"$_gvx_k2"}
  case $_gvx_kr in
    '')
      _gvx_k4=0
      if [ "$_gvx_k2" -lt 21 ]; then _gvx_k3=4; else _gvx_k3=0; fi
      return 0
      ;;
    .*) _gvx_k3=4 _gvx_k4=${_gvx_kr#.} ;;
    alpha*) _gvx_k3=1 _gvx_k4=${_gvx_kr#alpha} ;;
    beta*) _gvx_k3=2 _gvx_k4=${_gvx_kr#beta} ;;
    rc*) _gvx_k3=3 _gvx_k4=${_gvx_kr#rc} ;;
    *) return 1 ;;
  esac
  _gvx_num "$_gvx_k4"
}

# _gvx_ge A1 A2 A3 A4 B1 B2 B3 B4: whether key A >= key B.
_gvx_ge() {
  [ "$1" -ne "$5" ] && { [ "$1" -gt "$5" ]; return; }
  [ "$2" -ne "$6" ] && { [ "$2" -gt "$6" ]; return; }
  [ "$3" -ne "$7" ] && { [ "$3" -gt "$7" ]; return; }
  [ "$4" -ge "$8" ]
}

# _gvx_getline FILE: the next line of the go env file on stdin (_gvx_goenv: the user's own
# file, not a clone's) into _gvx_line, counting its bytes (and its newline) against _gvx_left.
# Returns 1 at the end of the file, 2 when the file holds more than the budget. bash bounds
# each read itself (read -n); POSIX sh has no bounded read, so dash reads a single huge line
# whole. zsh has its own (lib/shell/zsh.ts): its `read` keeps NULs and cannot be bounded;
# _gvx_buf/_gvx_eof are its.
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

# Version files come from clones, so every read of one is bounded, in every shell: at most
# 4097 bytes besides NULs (one past the budget) from the first 1 MiB of raw bytes, as
# lib/select/version-file.ts reads it (MAX_RAW_BYTES: a file whose NULs run past 1 MiB is
# refused). _gvx_version_text FILE puts those bytes (NULs dropped) into _gvx_text, cut to the
# lines the budget pays for (_gvx_budget), and sets _gvx_over when the file goes on past them;
# the parsers below only cut that text. How each shell bounds the read:
# - bash: one `read -d '' -n 4097` (it stops at a NUL or past the budget); a file with a NUL
#   is read by head and tr (_gvx_version_fork);
# - POSIX sh (dash runs the shims) has no bounded read: its `read` takes a whole line, a byte
#   per system call (59 s for a 16 MB line). So it reads a file with built-ins only when the
#   file is known to hold at most 4096 bytes: from the parse cache (_gvx_small: a "small"
#   entry newer than the file), else from `wc -c` (then cached). A larger file is read by head
#   and tr, every time (a few ms);
# - zsh: sysread (lib/shell/zsh.ts replaces _gvx_version_text).

# _gvx_version_fork FILE [SIZE]: _gvx_text by head and tr, _gvx_over when the file has more
# than 1 MiB of raw bytes (SIZE, or wc -c: its size, or its bytes for a /proc file).
_gvx_version_fork() {
  # The x keeps the trailing newlines a command substitution would strip (the budget counts them).
  _gvx_text=$(command -p head -c $_GVX_MAX_RAW_BYTES -- "$1" 2>/dev/null | command -p tr -d '\000' |
    command -p head -c $((_GVX_MAX_FILE_BYTES + 1)); echo x)
  _gvx_text=${_gvx_text%x}
  [ ${#_gvx_text} -gt $_GVX_MAX_FILE_BYTES ] && return 0 # past the budget: the size cannot matter
  _gvx_n=${2-}
  [ -n "$_gvx_n" ] || _gvx_n=$(command -p wc -c <"$1" 2>/dev/null)
  _gvx_n=${_gvx_n##*[!0123456789]} # BSD wc pads the number with blanks
  [ "${_gvx_n:-0}" -gt $_GVX_MAX_RAW_BYTES ] && _gvx_over=1
  return 0
}

if [ -n "${BASH_VERSION-}" ]; then
  _gvx_version_text() {
    _gvx_over=
    # Status 0: it stopped at a NUL, or at one byte past the budget.
    if IFS= read -r -d '' -n $((_GVX_MAX_FILE_BYTES + 1)) _gvx_text <"$1"; then
      [ ${#_gvx_text} -gt $_GVX_MAX_FILE_BYTES ] || _gvx_version_fork "$1"
    fi
    _gvx_budget $_GVX_MAX_FILE_BYTES
  }
else
  # _gvx_small FILE: whether FILE holds at most 4096 bytes, so that built-in reads of it are
  # bounded by its size. The answer is kept in the parse cache (below) as an entry N.v of
  # "TOKEN small", valid under the module entries' rules (a stamp newer than the file and its
  # directory); _gvx_n is the size when wc -c measured it. A stale entry costs time, never
  # a wrong answer: the text is charged to the budget all the same.
  _gvx_small() {
    _gvx_n=
    if _gvx_cache_entry "$_gvx_h" "$1"; then
      _gvx_ck=$_gvx_ck.v
      _gvx_cache_small "$1" && return 0
      _gvx_cache_stamp
    fi
    _gvx_n=$(command -p wc -c <"$1" 2>/dev/null)
    _gvx_n=${_gvx_n##*[!0123456789]}
    [ -n "$_gvx_n" ] && [ "$_gvx_n" -le $_GVX_MAX_FILE_BYTES ] || return 1
    if [ -n "$_gvx_ck" ]; then
      { printf '%s small\n' "$_gvx_ctok" >|"$_gvx_ck"; } 2>/dev/null
    fi
    return 0
  }
  _gvx_version_text() {
    _gvx_over= _gvx_text=
    if _gvx_small "$1"; then
      {
        while IFS= read -r _gvx_line; do _gvx_text=$_gvx_text$_gvx_line$_gvx_nl; done
        _gvx_text=$_gvx_text$_gvx_line
      } <"$1"
    else
      _gvx_version_fork "$1" "$_gvx_n"
    fi
    _gvx_budget $_GVX_MAX_FILE_BYTES
  }
fi

# _gvx_simple FILE: the common case in one read, as the hook runs at every prompt: the whole
# file (no NUL, within the budget: bash's read -d '' stops early otherwise) is one spec of
# safe characters and at most a newline. Anything else returns 1 and is read as text. bash
# only: POSIX sh cannot read a file before it knows its size, and zsh's read keeps NULs.
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

# _gvx_split_text: the lines of _gvx_text, each cut at its comment and trimmed, blank ones left
# out, into _gvx_lines (each ends in a newline). Split by the shell (IFS=newline, globbing
# off), not cut one by one: that is linear in any shell.
_gvx_split_text() {
  local IFS="$_gvx_nl"
  _gvx_lines= _gvx_noglob=
  case $- in *f*) _gvx_noglob=1 ;; *) set -f ;; esac
  for _gvx_line in $_gvx_text; do
    _gvx_line=${_gvx_line%%#*}
    _gvx_trim
    [ -n "$_gvx_line" ] && _gvx_lines=$_gvx_lines$_gvx_line$_gvx_nl
  done
  [ -n "$_gvx_noglob" ] || set +f
  _gvx_text=
}

# _gvx_read_go_version FILE: one spec; blank lines and # comments ignored. Also the format
# of GVX_HOME/default.
_gvx_read_go_version() {
  _gvx_spec=
  [ -r "$1" ] || { _gvx_error="$1: cannot read it (permission denied)"; return 1; }
  _gvx_simple "$1" && return 0
  local LC_ALL=C
  _gvx_version_text "$1"
  _gvx_split_text
  _gvx_spec=${_gvx_lines%%"$_gvx_nl"*}
  if [ -n "${_gvx_lines#*"$_gvx_nl"}" ]; then
    _gvx_error="$1: more than one line names a version"
  elif [ -n "$_gvx_over" ]; then
    _gvx_error="$1: not a valid Go version file (larger than $_GVX_MAX_FILE_BYTES bytes)"
  elif [ -z "$_gvx_spec" ]; then
    _gvx_error="$1: no version in the file"
  else
    return 0
  fi
  _gvx_spec=
  return 1
}

# _gvx_read_tool_versions FILE: the first version of a golang/go line; 2 = no such line.
_gvx_read_tool_versions() {
  local LC_ALL=C
  _gvx_spec=
  [ -r "$1" ] || { _gvx_error="$1: cannot read it (permission denied)"; return 1; }
  _gvx_version_text "$1"
  _gvx_split_text
  while [ -n "$_gvx_lines" ]; do
    _gvx_line=${_gvx_lines%%"$_gvx_nl"*}
    _gvx_lines=${_gvx_lines#*"$_gvx_nl"}
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
  done
  if [ -n "$_gvx_over" ]; then
    _gvx_error="$1: not a valid Go version file (larger than $_GVX_MAX_FILE_BYTES bytes)"
    return 1
  fi
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

# _gvx_slurp FILE: the first _GVX_MAX_MODULE_BYTES of a go.mod/go.work into _gvx_text, one
# character per byte (LC_ALL=C), a NUL turned into \001 (a shell string cannot hold NUL; both
# are bytes that are neither a blank nor part of a version, so the answers are the same). When
# the file goes on past the budget, the line the budget cuts is not read (_gvx_budget).
# bash reads it in one bounded `read` when it has no NUL; POSIX sh has no bounded read (dash
# reads one byte per system call, so a 21 KB go.mod costs 30 ms): it forks head and tr. Only
# a cache miss pays for this (_gvx_read_module). zsh has its own (lib/shell/zsh.ts).
_gvx_slurp_fork() {
  # The x keeps the trailing newlines a command substitution would strip (the budget counts them).
  _gvx_text=$(command -p head -c $((_GVX_MAX_MODULE_BYTES + 1)) -- "$1" 2>/dev/null | command -p tr '\000' '\001'; echo x)
  _gvx_text=${_gvx_text%x}
}
if [ -n "${BASH_VERSION-}" ]; then
  _gvx_slurp() {
    IFS= read -r -d '' -n $((_GVX_MAX_MODULE_BYTES + 1)) _gvx_text <"$1" &&
      [ ${#_gvx_text} -le $_GVX_MAX_MODULE_BYTES ] && _gvx_slurp_fork "$1" # read stopped at a NUL
    _gvx_budget $_GVX_MAX_MODULE_BYTES
  }
else
  _gvx_slurp() {
    _gvx_slurp_fork "$1"
    _gvx_budget $_GVX_MAX_MODULE_BYTES
  }
fi

# _gvx_budget BYTES: _gvx_text, read up to one byte past the budget BYTES, cut to what the
# budget pays for: all of it when the file ends within the budget, else (with _gvx_over=1) the
# lines that end (with their newline) within it. (lib/select/module-requirement.ts
# budgetedText; version-file.ts budgetedLines yields the same lines)
_gvx_budget() {
  [ ${#_gvx_text} -le $1 ] && return 0
  _gvx_over=1
  _gvx_text=${_gvx_text%?}
  case $_gvx_text in
    *"$_gvx_nl"*) _gvx_text=${_gvx_text%"$_gvx_nl"*} ;;
    *) _gvx_text= ;;
  esac
}

# _gvx_scan_module: the go and toolchain versions of _gvx_text into _gvx_mgo and _gvx_mtc (""
# when absent or not a version), found as the go command finds them when it picks a toolchain
# (cmd/go/internal/gover.GoModLookup): the first line whose trimmed text starts with the key
# and a space or tab, anywhere in the file; its value cut at "//" and trimmed. A later line
# never counts, even when the first one's value is not a version. The lines are split by the
# shell (IFS=newline, globbing off), not cut one by one: that is linear in any shell.
_gvx_scan_module() {
  local IFS="$_gvx_nl"
  _gvx_mgo= _gvx_mtc= _gvx_sgo= _gvx_stc= _gvx_noglob=
  case $- in *f*) _gvx_noglob=1 ;; *) set -f ;; esac
  for _gvx_line in $_gvx_text; do
    # Most lines (module paths in require blocks) start with a tab: only those can need a trim.
    case $_gvx_line in
      go[[:blank:]]* | toolchain[[:blank:]]* | [[:space:]]*) ;;
      *) continue ;;
    esac
    _gvx_trim
    case $_gvx_line in
      go[[:blank:]]*)
        [ -n "$_gvx_sgo" ] && continue
        _gvx_sgo=1
        _gvx_line=${_gvx_line#go}
        _gvx_line=${_gvx_line%%//*}
        _gvx_trim
        _gvx_key "$_gvx_line" && _gvx_mgo=$_gvx_line
        ;;
      toolchain[[:blank:]]*)
        [ -n "$_gvx_stc" ] && continue
        _gvx_stc=1
        _gvx_line=${_gvx_line#toolchain}
        _gvx_line=${_gvx_line%%//*}
        _gvx_trim
        case $_gvx_line in go*) ;; *) continue ;; esac # "default", or not a toolchain name
        _gvx_line=${_gvx_line#go}
        _gvx_line=${_gvx_line%%[-+]*}
        _gvx_key "$_gvx_line" && _gvx_mtc=$_gvx_line
        ;;
      *) continue ;;
    esac
    [ -n "$_gvx_sgo" ] && [ -n "$_gvx_stc" ] && break
  done
  [ -n "$_gvx_noglob" ] || set +f
  _gvx_text=
}

# The parse cache: parsing a 600-line go.mod costs milliseconds in sh (the fork alone costs
# one), more than a whole shim call may. So what _gvx_scan_module found is kept in
# GVX_HOME/cache/modules-2 (gvx makes it; without it nothing is cached), one entry per module
# file path: a stamp N.s ("TOKEN") written before the file is read, and N ("TOKEN GO TC", "-"
# for none) written after. An entry counts only when the stamp is newer than the file and
# than its directory (a file renamed into place) and both hold the same token, the writer's
# pid: so a go.mod changed during or after the read, or a writer that died half-way, misses.
# Its values are checked again (_gvx_key): the cache is data. Entries are written only into
# regular files or new names (never through a symlink), with >| (noclobber), errors ignored.
# A path with other bytes than [A-Za-z0-9._+@,=/-], or over 200 bytes, is not cached.

# _gvx_cache_entry HOME FILE: the entry's path (without .s) into _gvx_ck; 1 when not cacheable.
_gvx_cache_entry() {
  _gvx_ck=
  [ ${#2} -le 200 ] || return 1
  case $2 in *[!ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._+@,=/-]*) return 1 ;; esac
  [ -d "$1/cache/modules-2" ] && [ ! -h "$1/cache/modules-2" ] && [ ! -h "$1/cache" ] || return 1
  # Each / becomes % (a byte no cached path holds, so two paths never share a name).
  _gvx_p=$2
  while :; do
    case $_gvx_p in
      */*) _gvx_ck=$_gvx_ck${_gvx_p%%/*}% _gvx_p=${_gvx_p#*/} ;;
      *) break ;;
    esac
  done
  _gvx_ck=$1/cache/modules-2/$_gvx_ck$_gvx_p
}

# _gvx_cache_fresh FILE: whether entry _gvx_ck was stamped after FILE and its directory last
# changed; the stamp's token into _gvx_c1.
_gvx_cache_fresh() {
  [ -f "$_gvx_ck.s" ] && [ -f "$_gvx_ck" ] && [ "$_gvx_ck.s" -nt "$1" ] || return 1
  _gvx_p=${1%/*}
  [ "$_gvx_ck.s" -nt "${_gvx_p:-/}" ] || return 1
  IFS= read -r _gvx_c1 <"$_gvx_ck.s" && [ -n "$_gvx_c1" ]
}

# _gvx_cache_small FILE: whether entry _gvx_ck (N.v) says FILE holds at most 4096 bytes
# (_gvx_small, with the version files).
_gvx_cache_small() {
  _gvx_cache_fresh "$1" || return 1
  IFS= read -r _gvx_c2 <"$_gvx_ck" && [ "$_gvx_c2" = "$_gvx_c1 small" ]
}

# _gvx_cache_get FILE: the cached _gvx_mgo and _gvx_mtc of FILE (entry _gvx_ck), 1 on a miss.
_gvx_cache_get() {
  _gvx_cache_fresh "$1" || return 1
  IFS=' ' read -r _gvx_c2 _gvx_cg _gvx_ct _gvx_cx <"$_gvx_ck" || return 1
  [ "$_gvx_c1" = "$_gvx_c2" ] && [ -z "$_gvx_cx" ] && [ -n "$_gvx_ct" ] || return 1
  case $_gvx_cg in -) _gvx_cg= ;; *) _gvx_key "$_gvx_cg" || return 1 ;; esac
  case $_gvx_ct in -) _gvx_ct= ;; *) _gvx_key "$_gvx_ct" || return 1 ;; esac
  _gvx_mgo=$_gvx_cg _gvx_mtc=$_gvx_ct
}

# _gvx_cache_stamp: before the file is read, empties the entry and writes its stamp; 1 (and no
# entry) when either name is a symlink or anything but a regular file.
_gvx_cache_stamp() {
  if [ -h "$_gvx_ck" ] || [ -h "$_gvx_ck.s" ] || { [ -e "$_gvx_ck" ] && [ ! -f "$_gvx_ck" ]; } ||
    { [ -e "$_gvx_ck.s" ] && [ ! -f "$_gvx_ck.s" ]; }; then
    _gvx_ck=
    return 1
  fi
  _gvx_ctok=${BASHPID:-$$}
  { printf '' >|"$_gvx_ck" && printf '%s\n' "$_gvx_ctok" >|"$_gvx_ck.s"; } 2>/dev/null || _gvx_ck=
}

# _gvx_read_module HOME FILE: R of a go.mod/go.work into _gvx_req, its key into _gvx_r1.._gvx_r4,
# and what to install for it into _gvx_mspec (the family; R itself when the toolchain line set
# it or it is a pre-release): 0 found, 1 unreadable, 2 no requirement.
_gvx_read_module() {
  local LC_ALL=C
  _gvx_mgo= _gvx_mtc= _gvx_req=
  [ -r "$2" ] || { _gvx_error="$2: cannot read it (permission denied)"; return 1; }
  if ! { _gvx_cache_entry "$1" "$2" && _gvx_cache_get "$2"; }; then
    [ -n "$_gvx_ck" ] && _gvx_cache_stamp
    _gvx_slurp "$2"
    _gvx_scan_module
    if [ -n "$_gvx_ck" ]; then
      { printf '%s %s %s\n' "$_gvx_ctok" "${_gvx_mgo:--}" "${_gvx_mtc:--}" >|"$_gvx_ck"; } 2>/dev/null
    fi
  fi
  _gvx_mspec=
  if [ -n "$_gvx_mgo" ]; then
    _gvx_key "$_gvx_mgo"
    _gvx_req=$_gvx_mgo _gvx_r1=$_gvx_k1 _gvx_r2=$_gvx_k2 _gvx_r3=$_gvx_k3 _gvx_r4=$_gvx_k4
  fi
  if [ -n "$_gvx_mtc" ]; then
    _gvx_key "$_gvx_mtc"
    if [ -z "$_gvx_req" ] || ! _gvx_ge "$_gvx_r1" "$_gvx_r2" "$_gvx_r3" "$_gvx_r4" "$_gvx_k1" "$_gvx_k2" "$_gvx_k3" "$_gvx_k4"; then
      _gvx_req=$_gvx_mtc _gvx_r1=$_gvx_k1 _gvx_r2=$_gvx_k2 _gvx_r3=$_gvx_k3 _gvx_r4=$_gvx_k4 _gvx_mspec=$_gvx_mtc
    fi
  fi
  [ -n "$_gvx_req" ] || return 2
  case $_gvx_r3 in [123]) _gvx_mspec=$_gvx_req ;; esac
  [ -n "$_gvx_mspec" ] || _gvx_mspec=$_gvx_r1.$_gvx_r2
  return 0
}

# _gvx_goenv: the go env file's GOTOOLCHAIN and GOWORK into _gvx_goenv_tc and _gvx_goenv_work,
# read once per resolution (_gvx_resolve forgets it). The file is where `go env -w` writes
# (cmd/go's cfg.EnvFile: $GOENV, off for none, else os.UserConfigDir()/go/env), read as cmd/go's
# readEnvFile reads it: the last line starting KEY= wins, and an empty value does not count.
# Only a regular file, and only its lines within the first 64 KiB (bash bounds each read; dash
# reads a huge line whole). lib/goenv/go-env-file.ts is the same rule in TypeScript.
_gvx_goenv() {
  [ -n "$_gvx_goenv_read" ] && return 0
  _gvx_goenv_read=1 _gvx_goenv_tc= _gvx_goenv_work=
  _gvx_goenv=${GOENV-}
  if [ -z "$_gvx_goenv" ]; then
    case @GVX_GOOS@ in
      darwin | ios) _gvx_goenv=${HOME:+$HOME/Library/Application Support/go/env} ;;
      *)
        case ${XDG_CONFIG_HOME-} in
          /*) _gvx_goenv=$XDG_CONFIG_HOME/go/env ;;
          '') _gvx_goenv=${HOME:+$HOME/.config/go/env} ;;
        esac
        ;;
    esac
  fi
  # The common case costs one test: no file. Unreadable means go cannot read it either.
  [ "$_gvx_goenv" != off ] && [ -f "$_gvx_goenv" ] && [ -r "$_gvx_goenv" ] || return 0
  local LC_ALL=C # read -n and ${#} count bytes
  _gvx_left=65536 _gvx_buf= _gvx_eof= _gvx_e=$_gvx_error # MAX_GO_ENV_FILE_BYTES in lib/goenv/go-env-file.ts
  # _gvx_getline charges each line to the budget; past it, the scan ends.
  while _gvx_getline "$_gvx_goenv"; do
    case $_gvx_line in
      GOTOOLCHAIN=*) _gvx_goenv_tc=${_gvx_line#GOTOOLCHAIN=} ;;
      GOWORK=*) _gvx_goenv_work=${_gvx_line#GOWORK=} ;;
    esac
  done <"$_gvx_goenv"
  _gvx_error=$_gvx_e
}

# _gvx_find_module HOME DIR: the module file of rule 3 into _gvx_mod, read (as _gvx_read_module
# returns). GOWORK is the environment's, else the go env file's (_gvx_goenv). The nearest
# go.work walking up (GOWORK unset or auto; off: none; an absolute GOWORK names it; a
# relative one names none), else the nearest go.mod. bash walks with [[ ]] (see
# _gvx_find_file); both walks visit the same directories.
_gvx_find_module() {
  _gvx_mod= _gvx_work=1 _gvx_gowork=${GOWORK-}
  if [ -z "$_gvx_gowork" ]; then
    _gvx_goenv
    _gvx_gowork=$_gvx_goenv_work
  fi
  case $_gvx_gowork in
    '' | auto) ;;
    /*) _gvx_work= && [ -f "$_gvx_gowork" ] && _gvx_mod=$_gvx_gowork ;;
    *) _gvx_work= ;; # off, or relative (which the go command refuses)
  esac
  if [ -n "$_gvx_work" ]; then
    _gvx_walk_work "$2"
  elif [ -z "$_gvx_mod" ]; then
    _gvx_walk_up "$2" go.mod
  fi
  [ -n "$_gvx_mod" ] || return 2
  _gvx_read_module "$1" "$_gvx_mod"
}

# _gvx_walk_up DIR NAME: the nearest regular file NAME from DIR up to / into _gvx_mod.
# _gvx_walk_work DIR: the nearest go.work into _gvx_mod, else the nearest go.mod.
if [ -n "${BASH_VERSION-}" ]; then
  _gvx_walk_up() {
    _gvx_dir=$1
    while [[ ! -f $_gvx_dir/$2 && -n $_gvx_dir ]]; do _gvx_dir=${_gvx_dir%/*}; done
    [[ -f $_gvx_dir/$2 ]] && _gvx_mod=$_gvx_dir/$2
  }
  _gvx_walk_work() {
    _gvx_walk_up "$1" go.work
    [ -z "$_gvx_mod" ] && _gvx_walk_up "$1" go.mod
  }
else
  # One walk for both names (sh pays per loop turn, not only per test).
  _gvx_walk_work() {
    _gvx_dir=$1 _gvx_gomod=
    while :; do
      [ -f "$_gvx_dir/go.work" ] && { _gvx_mod=$_gvx_dir/go.work; return; }
      [ -z "$_gvx_gomod" ] && [ -f "$_gvx_dir/go.mod" ] && _gvx_gomod=$_gvx_dir/go.mod
      case $_gvx_dir in '' | /) break ;; esac
      _gvx_dir=${_gvx_dir%/*}
    done
    _gvx_mod=$_gvx_gomod
  }
  _gvx_walk_up() {
    _gvx_dir=$1
    while :; do
      [ -f "$_gvx_dir/$2" ] && { _gvx_mod=$_gvx_dir/$2; return; }
      case $_gvx_dir in '' | /) return ;; esac
      _gvx_dir=${_gvx_dir%/*}
    done
  }
fi

# _gvx_choose HOME: rule 3's choice for R (_gvx_r1.._gvx_r4) into _gvx_choice ("" when nothing
# installed satisfies it): the default's version _gvx_dv when it is >= R, else the newest of
# the lowest family in GVX_HOME/installed with a version >= R (pre-releases when R is one).
_gvx_choose() {
  _gvx_choice= _gvx_fam=
  if [ -n "$_gvx_dv" ] && _gvx_key "$_gvx_dv" &&
    _gvx_ge "$_gvx_k1" "$_gvx_k2" "$_gvx_k3" "$_gvx_k4" "$_gvx_r1" "$_gvx_r2" "$_gvx_r3" "$_gvx_r4"; then
    _gvx_choice=$_gvx_dv
    return 0
  fi
  [ -f "$1/installed" ] || return 1
  while IFS=' ' read -r _gvx_a _gvx_b _gvx_c _gvx_d _gvx_v; do
    case $_gvx_a$_gvx_b$_gvx_c$_gvx_d in '' | *[!0123456789]*) continue ;; esac
    [ -n "$_gvx_fam" ] && [ "$_gvx_fam" != "$_gvx_a.$_gvx_b" ] && break
    case $_gvx_c$_gvx_r3 in [123]0 | [123]4) continue ;; esac # a pre-release for a stable R
    _gvx_ge "$_gvx_a" "$_gvx_b" "$_gvx_c" "$_gvx_d" "$_gvx_r1" "$_gvx_r2" "$_gvx_r3" "$_gvx_r4" || continue
    _gvx_fam=$_gvx_a.$_gvx_b _gvx_choice=$_gvx_v
  done <"$1/installed"
  if [ -n "$_gvx_choice" ] && _gvx_valid "$_gvx_choice" && [ -f "$1/versions/$_gvx_choice/bin/go" ]; then
    return 0
  fi
  _gvx_choice=
  return 1
}

# _gvx_read_default HOME: the global default's spec into _gvx_spec: 0 valid, 1 invalid
# (_gvx_error names the file), 2 none.
_gvx_read_default() {
  [ -f "$1/default" ] || return 2
  _gvx_read_go_version "$1/default" || return 1
  _gvx_value=$_gvx_spec
  _gvx_spec=${_gvx_spec#go}
  _gvx_valid "$_gvx_spec" && return 0
  _gvx_invalid "$1/default" "$_gvx_value"
  return 1
}

# _gvx_lookup HOME SPEC: the installed version SPEC resolves to into _gvx_version ("" and 1 if
# none). Partial specs (1.22, 1, latest) go through the alias table gvx keeps; exact ones are
# directory names. Aliases come first: "1.20" is a prefix even when go1.20 is installed. An
# alias's target is file content, so it is validated before it is used as a path; SPEC was
# validated by the caller and its directory is tested once.
_gvx_lookup() {
  if [ -f "$1/aliases/$2" ]; then
    IFS= read -r _gvx_version <"$1/aliases/$2" || [ -n "$_gvx_version" ] || _gvx_version=
    _gvx_valid "$_gvx_version" && [ -f "$1/versions/$_gvx_version/bin/go" ] && return 0
  elif [ -f "$1/versions/$2/bin/go" ]; then
    _gvx_version=$2
    return 0
  fi
  _gvx_version=
  return 1
}

# _gvx_module HOME: rule 3 for the module read into _gvx_mod/_gvx_req: the default (when it is
# installed and satisfies R) or the choice among installed versions; _gvx_spec is what to install.
_gvx_module() {
  _gvx_dv=
  _gvx_read_default "$1"
  case $? in
    0) _gvx_lookup "$1" "$_gvx_spec" && _gvx_dv=$_gvx_version ;;
    1) _gvx_origin=$1/default _gvx_req=; return 1 ;;
  esac
  _gvx_origin=$_gvx_mod _gvx_spec=$_gvx_mspec
  _gvx_choose "$1"
  _gvx_version=$_gvx_choice
  [ -n "$_gvx_version" ]
}

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
  _gvx_spec= _gvx_origin= _gvx_version= _gvx_error= _gvx_req= _gvx_goenv_read= _gvx_h=$1
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
        # No version file up to /: the module's requirement (rule 3), else the default.
        _gvx_find_module "$1" "$2"
        case $? in
          0) _gvx_module "$1"; return ;;
          1) _gvx_origin=$_gvx_mod; return 1 ;;
        esac
        _gvx_origin=default
        _gvx_read_default "$1" || { _gvx_spec=; return 1; }
        _gvx_lookup "$1" "$_gvx_spec"
        return
        ;;
    esac
  fi
  _gvx_value=$_gvx_spec
  _gvx_spec=${_gvx_spec#go}
  if ! _gvx_valid "$_gvx_spec"; then
    _gvx_invalid "$_gvx_origin" "$_gvx_value"
    return 1
  fi
  _gvx_lookup "$1" "$_gvx_spec"
}
