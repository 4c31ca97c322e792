// fish: the code `gvx env --shell fish` prints and GVX_HOME/env.fish holds. fish cannot run
// the sh resolver, so __gvx_resolve below is the same rule (shims/resolve.sh, lib/select)
// written with fish built-ins (read, string, test). External commands read only what the
// built-ins cannot bound: head, a go.mod/go.work whose parse is not cached (below); head, tr
// and wc, a version file with a NUL in it. A prompt with a version file, or whose module
// file's parse is cached, starts no process. The hook runs it before every prompt (a
// fish_prompt event handler), so a version file edited, checked out or removed, or an install
// in another terminal, shows at the next prompt. With no version file up to /, the module
// decides (rule 3: __gvx_find_module, __gvx_choose over GVX_HOME/installed), and the hook
// warns once per directory change about a pin older than the module requires.
//
// Bytes, not characters. fish decodes what it reads into characters in its locale, and it
// uses a UTF-8 one even when started in C. A local `set -l LC_ALL C` changes nothing: fish
// applies only exported locale variables, and it replaces a C locale with a UTF-8 one unless
// fish_allow_singlebyte_locale is set. So a version file is read in a block that sets both
// locally (set -lx LC_ALL C): `read` then turns each byte into one character (U+0000-U+00FF,
// invalid UTF-8 included), `string length` counts bytes, and fish puts the user's locale back
// when the block ends (it re-applies the locale variables when a local one goes out of scope).
// The block opens the file before its locals are set: a path is encoded in the user's locale
// (a command started inside the block would get its path argument encoded in C, wrongly).
// Whitespace is the six ASCII blanks ([\t-\r ] in a regex), never a locale class.
// GVX_GO_VERSION was decoded in the user's locale: its bytes are counted as fish exports it
// (string escape --style=url).
//
// Bounded reads. Version files: `read --nchars` reads byte by byte, so a huge line costs 4097
// bytes; the lines within the budget are then cut with whole-string regexes, never a loop over
// lines, so a million blank lines cost no more than 4097 bytes of them. NUL bytes are dropped
// and not counted (lib/select/version-file.ts), within the first 1 MiB of raw bytes: fish's
// `read -z` ends at a NUL, so a file with one is read by head and tr (__gvx_slurp).
//
// Module files (rule version 2, as cmd/go's gover.GoModLookup reads them): the first go and
// toolchain lines anywhere in the first 65536 bytes, NUL an ordinary byte. A byte-by-byte read
// of 64 KiB costs 120 ms, so `head -c 65537` reads it (one process), string maps NUL and the
// bytes above 0x7f to \x01 (one character per byte, an answer unchanged), and one regex per
// key scans the whole text. The result is cached in GVX_HOME/cache/modules-2, in the sh
// resolver's format, and used only while file times prove it fresh (__gvx_parse): a prompt in
// a module forks only after the module file changed. GOWORK is the go command's: the
// environment's, else the go env file's (__gvx_gowork; read without a process unless it is
// over 1 KiB or holds a NUL, which go env -w never writes).

import { goosOf } from '../config.js';
import { type CompletionData, type RenderOptions, SUPPORTED_SHELLS, type ShellIntegration } from './integration.js';
import { fishQuote } from './quoting.js';
import { SHIMMED_TOOLS } from './shims.js';

// [[:space:]] of the sh resolver in the C locale: space, \t \n \v \f \r. The limits are
// MAX_VERSION_FILE_BYTES and MAX_ENV_SPEC_BYTES of lib/select/version-file.ts.
const RESOLVE = String.raw`set -g __gvx_ws ' '\t\n\r\v\f
# A version in a go.mod/go.work (lib/select/module-requirement.ts): M.m, M.m.p or
# M.m(alpha|beta|rc)N, numbers without leading zeros and of at most 9 digits.
set -g __gvx_version_re '[1-9][0-9]{0,8}\.(?:0|[1-9][0-9]{0,8})(?:(?:\.|alpha|beta|rc)(?:0|[1-9][0-9]{0,8}))?'

# The spec grammar of lib/version/spec.ts: latest, stable, 1, 1.22, 1.22.5, 1.23rc1…, at most
# 32 characters.
function __gvx_valid --argument-names spec
    string match -qr -- '\A(?=.{0,32}\z)(latest|stable|(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)((\.|alpha|beta|rc)(0|[1-9][0-9]*))?)?)\z' "$spec"
end

# __gvx_invalid ORIGIN VALUE: __gvx_error for a VALUE (a version file's or GVX_GO_VERSION's)
# that is not a valid spec, worded as lib/select/offending-value.ts words it (_gvx_invalid in
# shims/resolve.sh): quoted only when ORIGIN is not a symlink, only when every character is
# in the safe list (a byte of a file read in the C block is one character), cut at 32 bytes.
function __gvx_invalid --argument-names origin value
    set -g __gvx_error "$origin: not a valid Go version"
    string match -q -- '/*' "$origin"; and test -L "$origin"; and return 0
    if string match -qr -- '[^A-Za-z0-9._+:/@ -]' "$value"
        set -g __gvx_error "$__gvx_error (it holds characters that are not shown)"
        return 0
    end
    string match -qr -- '\A.{33}' "$value"; and set value (string sub -l 32 -- "$value")\u2026
    set -g __gvx_error "$origin: \"$value\" is not a valid Go version"
end

# __gvx_slurp FILE: the start of FILE, NULs dropped, one character per byte (see the top of
# this file), into __gvx_text: at most 4097 bytes besides NULs, from the first 1 MiB of raw
# bytes (MAX_RAW_BYTES of lib/select/version-file.ts); __gvx_over is 1 when FILE has more raw
# bytes than that. A file with no NUL before its 4097th byte is read with read (bounded by
# --nchars, a syscall per byte); one with a NUL, by head and tr (one process each: fish's
# read -z would cost a call per NUL, 10 s for 1 MB of them). string maps each byte above 0x7f
# to \x01 there (as __gvx_module_text does): none is a blank, a "#" or valid, and every one
# keeps a value from being shown, so the answer is the same.
function __gvx_slurp --argument-names file
    set -g __gvx_text ''
    set -g __gvx_over 0
    set -l chunk
    set -l more
    set -l nul ''
    begin
        set -l fish_allow_singlebyte_locale 1
        set -lx LC_ALL C
        # A NUL ends the read (read -z): fewer than 4097 bytes and more to read means one.
        read -z --nchars 4097 chunk
        string match -qr -- '\A(?s:.{4097})' "$chunk"; or not read -z --nchars 1 more; or set nul 1
    end <$file
    if test -z "$nul"
        set -g __gvx_text "$chunk"
        return 0
    end
    set -l IFS ''
    set -g __gvx_text (command head -c 1048576 -- $file 2>/dev/null | command tr -d '\000' | command head -c 4097 |
        fish_allow_singlebyte_locale=1 LC_ALL=C string replace -ra -- '[^\x01-\x7f]' \x01 | string collect -N)
    # Within the budget: whether the NULs run past 1 MiB (wc -c: the size of a regular file).
    string match -qr -- '\A(?s:.{4097})' "$__gvx_text"; and return 0
    set -l size (command wc -c <$file 2>/dev/null | string trim)
    test "$size" -gt 1048576 2>/dev/null; and set -g __gvx_over 1
    return 0
end

# __gvx_lines FILE: the lines of FILE the 4096-byte budget pays for (a line costs its bytes
# and its newline, an unterminated last line its bytes), each cut at its comment and trimmed,
# blank ones left out, into __gvx_lines; __gvx_over is 1 when FILE goes on past the budget
# (or past the 1 MiB __gvx_slurp reads), so that reading on would refuse it. Whole-string
# regexes, not a loop over lines: a file of blank lines costs a few string calls. (IFS '': a
# substitution is one string, not lines.)
function __gvx_lines --argument-names file
    set -l IFS ''
    __gvx_slurp $file
    set -g __gvx_lines
    set -l text $__gvx_text
    if string match -qr -- '\A(?s:.{4097})' "$text"
        set -g __gvx_over 1
        # The lines that end, with their newline, within the first 4096 bytes.
        set text (string replace -r -- '(?s)\A((?:.{0,4095}\n)?).*\z' '$1' "$text")
    end
    set text (string replace -ra -- '#[^\n]*' '' "$text")
    set IFS \n
    set -g __gvx_lines (string match -ra -- '[^\n]*[^\t-\r ][^\n]*' "$text")
    set -q __gvx_lines[1]; or return 0
    set -g __gvx_lines (string trim -c $__gvx_ws -- $__gvx_lines)
end

# __gvx_readable FILE: an unreadable version file is an error, not a file to walk past.
function __gvx_readable --argument-names file
    test -r "$file"; and return 0
    set -g __gvx_error "$file: cannot read it (permission denied)"
    return 1
end

# __gvx_read_go_version FILE: one spec; blank lines and # comments ignored. Also the format
# of GVX_HOME/default.
function __gvx_read_go_version --argument-names file
    set -g __gvx_spec ''
    __gvx_readable $file; or return 1
    __gvx_lines $file
    set -q __gvx_lines[1]; and set -g __gvx_spec $__gvx_lines[1]
    if set -q __gvx_lines[2]
        set -g __gvx_error "$file: more than one line names a version"
        return 1
    end
    if test $__gvx_over = 1
        set -g __gvx_error "$file: not a valid Go version file (larger than 4096 bytes)"
        return 1
    end
    if not set -q __gvx_lines[1]
        set -g __gvx_error "$file: no version in the file"
        return 1
    end
end

# __gvx_read_tool_versions FILE: the first version of the first golang/go line; status 2 =
# no such line.
function __gvx_read_tool_versions --argument-names file
    set -l IFS \n
    set -g __gvx_spec ''
    __gvx_readable $file; or return 1
    __gvx_lines $file
    set -l line
    set -q __gvx_lines[1]; and set line (string match -r -- '(?s)\A(?:golang|go)(?:[\t-\r ].*)?\z' $__gvx_lines)[1]
    if set -q line[1]
        set -l name (string replace -r -- '(?s)[\t-\r ].*' '' "$line")
        set -g __gvx_spec (string replace -r -- '(?s)\A[^\t-\r ]*[\t-\r ]*([^\t-\r ]*).*\z' '$1' "$line")
        if test -z "$__gvx_spec"
            set -g __gvx_error "$file: the $name line has no version"
            return 1
        end
        return 0
    end
    if test $__gvx_over = 1
        set -g __gvx_error "$file: not a valid Go version file (larger than 4096 bytes)"
        return 1
    end
    return 2
end

# __gvx_up DIR: the directories resolve.sh walks from DIR (it cuts the last "/name" each
# time), nearest first, into __gvx_dirs: DIR, then each prefix before a "/", down to "" (the
# root) or "/". (string split keeps a name with a newline in it one element.) The list depends
# on DIR alone: the version-file walk and the module walk of one prompt share it.
function __gvx_up --argument-names dir
    set -q __gvx_dirs_of; and test "$__gvx_dirs_of" = "$dir"; and return
    set -g __gvx_dirs_of $dir
    set -l parts (string split -- / "$dir")
    set -l d $parts[1]
    set -g __gvx_dirs $d
    for part in $parts[2..-1]
        set d "$d/$part"
        set -p __gvx_dirs $d
    end
end

# __gvx_find_file DIR: the nearest version file from DIR up to /: 0 found, 1 invalid, 2 none.
function __gvx_find_file --argument-names dir
    __gvx_up $dir
    for d in $__gvx_dirs
        if test -f "$d/.go-version"
            set -g __gvx_origin "$d/.go-version"
            __gvx_read_go_version $__gvx_origin
            return
        end
        if test -f "$d/.tool-versions"
            __gvx_read_tool_versions "$d/.tool-versions"
            set -l found $status
            if test $found -ne 2
                set -g __gvx_origin "$d/.tool-versions"
                return $found
            end
        end
        test "$d" = /; and return 2
    end
    return 2
end

# __gvx_key VERSION: Go's order of VERSION as four integers in __gvx_k: major, minor, rank (0
# a language version such as 1.22, 1-3 alpha/beta/rc, 4 a release) and its number. 1 when
# VERSION is not M.m, M.m.p or M.m(alpha|beta|rc)N (numbers without leading zeros, at most 9
# digits, so that test compares them). Before 1.21 "1.N" is the release 1.N.0.
function __gvx_key --argument-names v
    set -l IFS \n
    set -l k (string replace -rf -- '\A([1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})(?:(\.|alpha|beta|rc)(0|[1-9][0-9]{0,8}))?\z' '$1 $2 $3 $4' "$v")
    or return 1
    set k (string split -- ' ' $k)
    switch $k[3]
        case .
            set k[3] 4
        case alpha
            set k[3] 1
        case beta
            set k[3] 2
        case rc
            set k[3] 3
        case ''
            set k[4] 0
            if test $k[2] -lt 21
                set k[3] 4
            else
                set k[3] 0
            end
    end
    set -g __gvx_k $k
end

# __gvx_ge A1 A2 A3 A4 B1 B2 B3 B4: whether key A >= key B.
function __gvx_ge
    set -l b $argv[5..8]
    for i in 1 2 3
        if test $argv[$i] -ne $b[$i]
            test $argv[$i] -gt $b[$i]
            return
        end
    end
    test $argv[4] -ge $b[4]
end

# __gvx_module_text FILE: the text of a go.mod/go.work that the 65536-byte module budget pays
# for, into __gvx_text: the whole file when it fits, else the lines that end within the budget
# (the line it cuts is not read). One character per byte, so lengths are byte counts: head
# bounds the read (a bounded read costs a syscall per byte, 120 ms for 64 KiB), and string,
# decoding in a single-byte C locale (see the top of this file), maps NUL (which a fish string
# cannot hold) and every byte above 0x7f to \x01: none of them is a blank or part of a key or a
# valid value, so the answer is unchanged. head's path is encoded in the user's locale, as it
# starts before string's locale is set. One process; called on a cache miss only.
function __gvx_module_text --argument-names file
    set -l IFS ''
    set -l text (command head -c 65537 -- $file 2>/dev/null |
        fish_allow_singlebyte_locale=1 LC_ALL=C string replace -ra -- '[^\x01-\x7f]' \x01 |
        string collect -N)
    # A named group sets the variable: 64 KiB through a command substitution would cost 5 ms.
    test (string length -- "$text") -gt 65536; and string match -qr -- '(?s)\A(?<text>(?:.{0,65535}\n)?)' "$text"
    set -g __gvx_text "$text"
end

# __gvx_module_lines: the go and toolchain versions in __gvx_text into __gvx_mgo and __gvx_mtc
# ('' when absent or invalid), found as the go command finds them (cmd/go gover.GoModLookup):
# the first line, anywhere (no block, string or comment state), whose trimmed text is the key,
# a space or tab, and more; its value is the rest cut at // and trimmed. Later lines never
# count, even when the first one's value is not a version. One regex per key on the whole text:
# (?<![^\n]) is the start of a line (not (?m)^: a PCRE built with another newline convention
# would also start one after \r), then blanks, the key, and a blank with more after it. (\x0b,
# not \v: in PCRE \v is any vertical space, \n included.)
function __gvx_module_lines
    set -l go
    set -l tc
    string match -qr -- '(?<![^\n])[\t\x0b\f\r ]*go(?=[ \t][^\n]*[^\t-\r ])(?<go>[^\n]*)' "$__gvx_text"
    string match -qr -- '(?<![^\n])[\t\x0b\f\r ]*toolchain(?=[ \t][^\n]*[^\t-\r ])(?<tc>[^\n]*)' "$__gvx_text"
    set go (string replace -r -- '(?s)//.*' '' "$go" | string trim -c $__gvx_ws)
    set tc (string replace -r -- '(?s)//.*' '' "$tc" | string trim -c $__gvx_ws)
    # toolchain goV, goV-suffix or goV+suffix: V is the value cut at its first - or +.
    set -g __gvx_mgo (string match -r -- '\A'$__gvx_version_re'\z' "$go")
    set -g __gvx_mtc (string replace -rf -- '(?s)\Ago('$__gvx_version_re')(?:[-+].*)?\z' '$1' "$tc")
end

# __gvx_writable FILE DIR: whether FILE, a cache file in DIR, can be written without following
# a symlink or writing into anything but a regular file. Writable, too: a redirection that
# fails makes fish print a warning that no 2>/dev/null silences, so none is attempted.
function __gvx_writable --argument-names file dir
    if test -L "$file"
        return 1
    else if test -e "$file"
        test -f "$file"; and test -w "$file"
    else
        test -w "$dir"
    end
end

# __gvx_parse HOME FILE: the go and toolchain versions of a module file into __gvx_mgo and
# __gvx_mtc, from the parse cache the sh resolver shares (same files, same format) when it is
# fresh, else parsed and cached, so that a prompt in a module starts no process. The cache is
# HOME/cache/modules-2 (unless it is missing or a symlink), for a FILE of [A-Za-z0-9._+@,=/-]
# (at most 200 bytes), named N = FILE with / as % (which cannot occur in FILE): the stamp S =
# N.s holds the writer's token ($fish_pid), the result R = N "TOKEN GO TC" (a version or -
# each). It is data, so it is validated: a hit needs S newer than FILE and than FILE's
# directory (a rename into it changes the directory), the same token in both, and versions.
function __gvx_parse --argument-names home file
    set -l IFS \n
    set -g __gvx_mgo ''
    set -g __gvx_mtc ''
    set -l cache "$home/cache/modules-2"
    set -l r ''
    if string match -qr -- '\A[A-Za-z0-9._+@,=/-]{1,200}\z' "$file"; and test -d "$cache"; and not test -L "$cache"
        set r "$cache/"(string replace -a -- / % "$file")
    end
    if test -z "$r"
        __gvx_module_text $file
        __gvx_module_lines
        return 0
    end
    set -l s "$r.s"
    set -l dir (string replace -r -- '/[^/]*\z' '' "$file")
    test -n "$dir"; or set dir /
    # test -f: reading a FIFO would block. The reads are bounded; a token has at most 10
    # digits, so one cut at 32 characters matches none.
    if test "$s" -nt "$file"; and test "$s" -nt "$dir"; and test -f "$s"; and test -f "$r"
        set -l token
        set -l line
        read --nchars 32 token <$s
        read --nchars 128 line <$r
        set -l m (string match -r -- '\A([0-9]{1,10}) (-|'$__gvx_version_re') (-|'$__gvx_version_re')\z' "$line")
        if set -q m[4]; and test "$m[2]" = "$token"
            test "$m[3]" = -; or set -g __gvx_mgo $m[3]
            test "$m[4]" = -; or set -g __gvx_mtc $m[4]
            return 0
        end
    end
    # A miss. The order makes a stale entry impossible: R is emptied (a writer that dies
    # leaves R without S's token), S is written before FILE is read (so a change to FILE
    # during or after the read makes it newer than S), R last.
    set -l write ''
    __gvx_writable $s $cache; and __gvx_writable $r $cache; and set write 1
    if test -n "$write"
        true >$r
        echo $fish_pid >$s
    end
    __gvx_module_text $file
    __gvx_module_lines
    if test -n "$write"
        set -l go $__gvx_mgo
        set -l tc $__gvx_mtc
        test -n "$go"; or set go -
        test -n "$tc"; or set tc -
        echo "$fish_pid $go $tc" >$r
    end
    return 0
end

# __gvx_read_module HOME FILE: R of a go.mod/go.work into __gvx_req, its key into __gvx_r, and
# what to install for it into __gvx_mspec (the family; R itself when the toolchain line set
# it or it is a pre-release): 0 found, 1 unreadable, 2 no requirement. R is the higher of the
# go and toolchain versions (__gvx_parse: the rule of cmd/go gover.GoModLookup, version 2 of
# gvx's module rule, on the file's first 65536 bytes).
function __gvx_read_module --argument-names home file
    set -g __gvx_req ''
    set -g __gvx_mspec ''
    __gvx_readable $file; or return 1
    __gvx_parse $home $file
    set -l go $__gvx_mgo
    set -l tc $__gvx_mtc
    if test -n "$go"
        __gvx_key $go
        set -g __gvx_req $go
        set -g __gvx_r $__gvx_k
    end
    if test -n "$tc"
        __gvx_key $tc
        if test -z "$__gvx_req"; or not __gvx_ge $__gvx_r $__gvx_k
            set -g __gvx_req $tc
            set -g __gvx_r $__gvx_k
            set -g __gvx_mspec $tc
        end
    end
    test -n "$__gvx_req"; or return 2
    contains -- $__gvx_r[3] 1 2 3; and set -g __gvx_mspec $__gvx_req
    test -n "$__gvx_mspec"; or set -g __gvx_mspec "$__gvx_r[1].$__gvx_r[2]"
    return 0
end

# __gvx_env_text FILE: the go env file FILE's lines within its first 65536 bytes into
# __gvx_text, NULs as \x01, decoded in the user's locale (a GOWORK value is a path, and must
# encode back to the same bytes). A file of at most 1024 bytes without a NUL (any file go env
# -w writes) is read with read: no process at each prompt. It is measured first with a read
# that is bounded (--nchars: a syscall per byte, 2 ms at most) in bytes (the C block, see the
# top of this file), then read whole by a read without --nchars, which keeps every byte
# (--nchars drops invalid UTF-8). A longer one, or one with a NUL, is read by head (one
# process); its bytes are counted (string escape writes a byte above 0x7f as %XX) to drop the
# line the budget cuts.
function __gvx_env_text --argument-names file
    set -l IFS ''
    set -g __gvx_text ''
    set -l small ''
    begin
        set -l fish_allow_singlebyte_locale 1
        set -lx LC_ALL C
        set -l chunk
        read -z --nchars 1025 chunk
        # Small: less than 1025 bytes, then the end of the file (not a NUL and more).
        string match -qr -- '\A(?s:.{1025})' "$chunk"; or read -z --nchars 1 chunk; or set small 1
    end <$file
    if test -n "$small"
        read -g -z __gvx_text <$file
        return 0
    end
    set -l text (command head -c 65537 -- $file 2>/dev/null | string replace -ra -- '\x00' \x01 | string collect -N)
    set -l bytes (string length -- "$text")
    if test $bytes -lt 65537; and string match -qr -- '[^\x00-\x7f]' "$text"
        set bytes (string length -- (string replace -ra -- '%..' % (string escape --style=url -- "$text")))
    end
    # Past the budget: drop the 65537th byte (the last character, or the end of one that is
    # cut off anyway), then the line the budget cuts.
    test $bytes -gt 65536; and string match -qr -- '(?s)\A(?<text>(?:.*\n)?)[^\n]*.\z' "$text"
    set -g __gvx_text "$text"
end

# __gvx_gowork: the effective GOWORK into __gvx_gowork, as the go command reads it (cmd/go
# cfg.Getenv): $GOWORK when it is not empty, else the value of the go env file's last GOWORK=
# line (go env -w GOWORK=off; empty counts as unset), else ''.
function __gvx_gowork
    set -g __gvx_gowork "$GOWORK"
    test -n "$__gvx_gowork"; and return 0
    # The go env file (cmd/go cfg.EnvFile, as shims/shim.sh finds it): $GOENV (off: none),
    # else os.UserConfigDir()/go/env for the GOOS gvx was rendered on.
    set -l file "$GOENV"
    if test -z "$file"
        switch @GVX_GOOS@
            case darwin ios
                test -n "$HOME"; and set file "$HOME/Library/Application Support/go/env"
            case windows
                test -n "$AppData"; and set file "$AppData/go/env"
            case '*'
                # A relative XDG_CONFIG_HOME is an error to the go command: no file.
                if test -n "$XDG_CONFIG_HOME"
                    string match -q -- '/*' "$XDG_CONFIG_HOME"; and set file "$XDG_CONFIG_HOME/go/env"
                else if test -n "$HOME"
                    set file "$HOME/.config/go/env"
                end
        end
    end
    # The common case costs one test: no file. go ignores one it cannot read.
    contains -- "$file" '' off; and return 0
    test -f "$file"; and test -r "$file"; or return 0
    __gvx_env_text $file
    # A line counts when it starts with A-Z and holds =; the last GOWORK= one wins.
    set -l value
    string match -qr -- '(?s)\A(?:.*\n)?GOWORK=(?<value>[^\n]*)' "$__gvx_text"
    set -g __gvx_gowork "$value"
end

# __gvx_find_module HOME DIR: the module file of rule 3 into __gvx_mod, read (as
# __gvx_read_module returns). With the effective GOWORK (__gvx_gowork) unset or auto, the
# nearest go.work walking up, else the nearest go.mod; off: no go.work; an absolute GOWORK
# names it (when it is a regular file, else no go.work); a relative one names none.
function __gvx_find_module --argument-names home dir
    set -g __gvx_mod ''
    set -l gomod ''
    set -l work 1
    __gvx_gowork
    if not contains -- "$__gvx_gowork" '' auto
        set work ''
        string match -q -- '/*' "$__gvx_gowork"; and test -f "$__gvx_gowork"; and set -g __gvx_mod "$__gvx_gowork"
    end
    if test -z "$__gvx_mod"
        __gvx_up $dir
        for d in $__gvx_dirs
            if test -n "$work"; and test -f "$d/go.work"
                set -g __gvx_mod "$d/go.work"
                break
            else if test -z "$gomod"; and test -f "$d/go.mod"
                set gomod "$d/go.mod"
                test -z "$work"; and break
            end
            test "$d" = /; and break
        end
        test -n "$__gvx_mod"; or set -g __gvx_mod $gomod
    end
    test -n "$__gvx_mod"; or return 2
    __gvx_read_module $home $__gvx_mod
end

# __gvx_choose HOME: rule 3's choice for R (__gvx_r) into __gvx_choice ("" when nothing
# installed satisfies it): the default's version __gvx_dv when it is >= R, else the newest of
# the lowest family in HOME/installed ("major minor rank n version" lines, oldest first) with
# a version >= R (pre-releases when R is one).
function __gvx_choose --argument-names home
    set -l IFS \n
    set -g __gvx_choice ''
    if test -n "$__gvx_dv"; and __gvx_key $__gvx_dv; and __gvx_ge $__gvx_k $__gvx_r
        set -g __gvx_choice $__gvx_dv
        return 0
    end
    test -f "$home/installed"; or return 1
    set -l fam ''
    while read -l line
        set -l f (string split -n -- ' ' $line)
        test (count (string match -r -- '\A[0-9]+\z' $f[1..4])) -eq 4; or continue
        test -n "$fam" -a "$fam" != "$f[1].$f[2]"; and break
        # a pre-release for a stable R
        contains -- $f[3] 1 2 3; and contains -- $__gvx_r[3] 0 4; and continue
        __gvx_ge $f[1..4] $__gvx_r; or continue
        set fam "$f[1].$f[2]"
        set -g __gvx_choice "$f[5..-1]"
    end <"$home/installed"
    if test -n "$__gvx_choice"; and __gvx_valid "$__gvx_choice"; and test -f "$home/versions/$__gvx_choice/bin/go"
        return 0
    end
    set -g __gvx_choice ''
    return 1
end

# __gvx_read_default HOME: the global default's spec into __gvx_spec: 0 valid, 1 invalid
# (__gvx_error names the file), 2 none.
function __gvx_read_default --argument-names home
    test -f "$home/default"; or return 2
    __gvx_read_go_version "$home/default"; or return 1
    set -l value "$__gvx_spec"
    set -g __gvx_spec (string replace -r -- '\Ago' '' "$__gvx_spec")
    __gvx_valid "$__gvx_spec"; and return 0
    __gvx_invalid "$home/default" "$value"
    return 1
end

# __gvx_lookup HOME SPEC: the installed version SPEC resolves to into __gvx_version ("" and 1
# if none). Partial specs (1.22, 1, latest) go through the alias table gvx keeps; exact ones
# are directory names. An alias's target is file content: validated before it is a path.
function __gvx_lookup --argument-names home spec
    set -l IFS ''
    set -g __gvx_version ''
    if test -f "$home/aliases/$spec"
        if test -r "$home/aliases/$spec"
            __gvx_slurp "$home/aliases/$spec"
            set -g __gvx_version (string replace -r -- '(?s)\n.*' '' "$__gvx_text")
        end
        __gvx_valid "$__gvx_version"; and test -f "$home/versions/$__gvx_version/bin/go"; and return 0
    else if test -f "$home/versions/$spec/bin/go"
        set -g __gvx_version $spec
        return 0
    end
    set -g __gvx_version ''
    return 1
end

# __gvx_module HOME: rule 3 for the module read into __gvx_mod/__gvx_req: the default (when it
# is installed and satisfies R) or the choice among installed versions; __gvx_spec is what to
# install.
function __gvx_module --argument-names home
    set -g __gvx_dv ''
    __gvx_read_default $home
    switch $status
        case 0
            __gvx_lookup $home $__gvx_spec; and set -g __gvx_dv $__gvx_version
        case 1
            set -g __gvx_origin "$home/default"
            set -g __gvx_req ''
            return 1
    end
    set -g __gvx_origin $__gvx_mod
    set -g __gvx_spec $__gvx_mspec
    __gvx_choose $home
    set -g __gvx_version $__gvx_choice
    test -n "$__gvx_version"
end

# __gvx_pin_conflict HOME DIR PINNED: whether PINNED, pinned by GVX_GO_VERSION or a version
# file, is older than the module DIR is in requires (for the hook's warning). When it is: 0,
# with __gvx_mod, __gvx_req and __gvx_mspec as __gvx_read_module sets them and __gvx_choice
# what rule 3 would choose ("" when nothing installed satisfies R). Clobbers the resolution's
# variables: call it last.
function __gvx_pin_conflict --argument-names home dir pinned
    if not __gvx_find_module $home $dir
        set -g __gvx_error ''
        set -g __gvx_req ''
        return 1
    end
    __gvx_key $pinned; or return 1
    __gvx_ge $__gvx_k $__gvx_r; and return 1
    set -g __gvx_dv ''
    __gvx_read_default $home; and __gvx_lookup $home $__gvx_spec; and set -g __gvx_dv $__gvx_version
    set -g __gvx_error ''
    __gvx_choose $home
    return 0
end

# __gvx_resolve HOME DIR: sets __gvx_spec, __gvx_origin, __gvx_req, __gvx_version and
# __gvx_error as _gvx_resolve does in shims/resolve.sh, and returns 0 when a version was
# resolved.
function __gvx_resolve --argument-names home dir
    set -l IFS ''
    set -g __gvx_spec ''
    set -g __gvx_origin ''
    set -g __gvx_version ''
    set -g __gvx_error ''
    set -g __gvx_req ''
    if not string match -qr -- '\A/[^:]*\z' "$home"
        set -g __gvx_error "GVX_HOME must be an absolute path without ':'"
        return 1
    end
    # Refused unread when longer than 256 bytes: its bytes as fish exports it. A character
    # is at least one byte; string escape --style=url writes each non-ASCII byte as %XX.
    set -l env "$GVX_GO_VERSION"
    if string match -qr -- '\A(?s:.{257})' "$env"
        or begin
            string match -qr -- '[^\x00-\x7f]' "$env"
            and string match -qr -- '\A(?s:.{257})' (string replace -ra -- '%..' % (string escape --style=url -- "$env"))
        end
        set -g __gvx_origin GVX_GO_VERSION
        set -g __gvx_error "GVX_GO_VERSION: not a valid Go version (longer than 256 bytes)"
        return 1
    end
    set env (string trim -c $__gvx_ws -- "$env")
    if test -n "$env"
        set -g __gvx_origin GVX_GO_VERSION
        set -g __gvx_spec $env
    else
        # DIR is the logical cwd: absolute, and naming the cwd (else it was deleted or is
        # unknown: fish's PWD is empty in a deleted directory).
        if not string match -q -- '/*' "$dir"; or not test "$dir" -ef .
            set -g __gvx_error "the current directory no longer exists (or PWD does not name it)"
            return 1
        end
        __gvx_find_file $dir
        switch $status
            case 1
                return 1
            case 2
                # No version file up to /: the module's requirement (rule 3), else the default.
                __gvx_find_module $home $dir
                switch $status
                    case 0
                        __gvx_module $home
                        return
                    case 1
                        set -g __gvx_origin $__gvx_mod
                        return 1
                end
                set -g __gvx_origin default
                if not __gvx_read_default $home
                    set -g __gvx_spec ''
                    return 1
                end
                __gvx_lookup $home $__gvx_spec
                return
        end
    end
    set -l value "$__gvx_spec"
    set -g __gvx_spec (string replace -r -- '\Ago' '' "$__gvx_spec")
    if not __gvx_valid "$__gvx_spec"
        __gvx_invalid "$__gvx_origin" "$value"
        return 1
    end
    __gvx_lookup $home $__gvx_spec
end`;

// The same steps as _gvx_apply in posix-hook.ts (see the state variables described there).
function apply(options: RenderOptions, cli: string): string {
  return String.raw`# __gvx_apply: resolve for $PWD; when the outcome changed, update this shell and say so.
# Only an interactive fish runs prompts that keep GOROOT fresh: a script that sources the
# set-up gets no GOROOT (the shims set it per call), and loses one gvx exported in a parent.
function __gvx_apply
    set -l home $GVX_HOME
    test -n "$home"; or set home ${fishQuote(options.home)}
    if not status is-interactive
        if test -n "$GVX_ACTIVE_VERSION" -a "$GOROOT" = "$home/versions/$GVX_ACTIVE_VERSION"
            set -e GOROOT
        end
        set -e GVX_ACTIVE_VERSION
        return 0
    end
    __gvx_resolve $home $PWD
    set -l key "$__gvx_version|$__gvx_spec|$__gvx_origin|$__gvx_error"
    if set -q __gvx_last_key; and test "$key" = "$__gvx_last_key"
        test "$PWD" = "$__gvx_pin_pwd"; or __gvx_check_pin $home
        return 0
    end
    set -l seen ''
    set -q __gvx_last_key; and set seen yes
    set -g __gvx_last_key $key
    if test -z "$__gvx_version$__gvx_error" -a -n "$__gvx_spec" -a "$GVX_AUTO_INSTALL" = 1
        if test -n "$__gvx_req"
            printf 'gvx: installing go %s (%s requires go >= %s; GVX_AUTO_INSTALL=1)\n' "$__gvx_spec" "$__gvx_origin" "$__gvx_req" >&2
        else
            printf 'gvx: installing go %s (selected by %s; GVX_AUTO_INSTALL=1)\n' "$__gvx_spec" "$__gvx_origin" >&2
        end
        ${cli} install --quiet $__gvx_spec >&2; and __gvx_resolve $home $PWD
        set -g __gvx_last_key "$__gvx_version|$__gvx_spec|$__gvx_origin|$__gvx_error"
    end
    set -l said "$__gvx_last_pick"
    set -g __gvx_last_pick "$__gvx_version|$__gvx_origin"
    if test -n "$__gvx_version"
        # A GOROOT that is not the one gvx exported is the user's: keep it to put back later.
        test "$GOROOT" = "$__gvx_goroot"; or set -g __gvx_user_goroot "$GOROOT"
        set -g __gvx_goroot "$home/versions/$__gvx_version"
        set -gx GOROOT $__gvx_goroot
        set -gx GVX_ACTIVE_VERSION $__gvx_version
        # Said only when the version or what selects it changed: not on a cd within a project.
        if test "$GVX_QUIET" != 1 -a "$__gvx_last_pick" != "$said"
            if test -n "$__gvx_req"
                printf 'gvx: go %s (%s requires go >= %s)\n' "$__gvx_version" "$__gvx_origin" "$__gvx_req" >&2
            else if test "$__gvx_origin" != default
                printf 'gvx: go %s (%s)\n' "$__gvx_version" "$__gvx_origin" >&2
            else if test -n "$seen" # the default is announced on a change, not at start-up
                printf 'gvx: go %s (global default)\n' "$__gvx_version" >&2
            end
        end
        __gvx_check_pin $home
        return 0
    end
    set -e GVX_ACTIVE_VERSION
    # No usable version: take back the GOROOT gvx exported; a hand-exported one stays.
    if test -n "$__gvx_goroot" -a "$GOROOT" = "$__gvx_goroot"
        if test -n "$__gvx_user_goroot"
            set -gx GOROOT $__gvx_user_goroot
        else
            set -e GOROOT
        end
    end
    set -g __gvx_goroot ''
    set -g __gvx_user_goroot ''
    if test -n "$GOROOT" -a "$GOROOT" != "$__gvx_warned"
        set -g __gvx_warned $GOROOT
        printf 'gvx: warning: GOROOT=%s was exported by hand, not by gvx; go tools may mix versions with it (set -e GOROOT)\n' $GOROOT >&2
    end
    set -g __gvx_pin_pwd $PWD
    if test -n "$__gvx_error"
        printf 'gvx: error: %s (nothing in it was run; put a version such as 1.22 in it)\n' "$__gvx_error" >&2
    else if test -n "$__gvx_req"
        printf 'gvx: %s requires go >= %s and no installed Go satisfies it; run: gvx install %s\n' "$__gvx_origin" "$__gvx_req" "$__gvx_spec" >&2
    else if test -n "$__gvx_spec"
        printf 'gvx: go %s is selected by %s but not installed; run: gvx install %s\n' "$__gvx_spec" "$__gvx_origin" "$__gvx_spec" >&2
    end
end

# __gvx_check_pin HOME: once per directory change, a version pinned (GVX_GO_VERSION or a
# version file) older than the module here requires gets a warning with rule 3's fix. Last
# in __gvx_apply: the check reuses the resolver's variables.
function __gvx_check_pin --argument-names home
    set -g __gvx_pin_pwd $PWD
    test -n "$__gvx_version"; and test -z "$__gvx_req"; and test "$__gvx_origin" != default; or return 0
    set -l by $__gvx_origin
    set -l pinned $__gvx_version
    __gvx_pin_conflict $home $PWD $pinned; or return 0
    set -l fix 'gvx use'
    test "$by" = GVX_GO_VERSION; and set fix 'gvx shell'
    if test -n "$__gvx_choice"
        set fix "$fix $__gvx_choice"
    else
        set fix "gvx install $__gvx_mspec, then $fix $__gvx_mspec"
    end
    printf 'gvx: warning: go %s (pinned by %s) is older than %s requires (go >= %s); fix: %s\n' "$pinned" "$by" "$__gvx_mod" "$__gvx_req" "$fix" >&2
end`;
}

function gvxFunction(cli: string, useOnCd: boolean): string {
  const refresh = useOnCd ? '__gvx_apply' : 'true';
  return String.raw`# gvx: \`gvx shell\` changes this shell; use/install/uninstall refresh it.
function gvx --description 'gvx (shell integration: gvx shell, GOROOT refresh)'
    switch "$argv[1]"
        case shell
            set -l out (_GVX_SHELL_FUNCTION=1 ${cli} $argv)
            set -l st $status
            test $st -eq 0; or return $st
            switch "$out"
                case 'set *'
                    set -gx GVX_GO_VERSION (string replace -- 'set ' '' "$out")
                case unset
                    set -e GVX_GO_VERSION
                case '*'
                    printf '%s\n' $out
                    return 0
            end
            ${refresh}
        case use install uninstall
            ${cli} $argv; or return
            ${refresh}
        case '*'
            ${cli} $argv
    end
end`;
}

export const fish: ShellIntegration = {
  name: 'fish',
  async render(options: RenderOptions) {
    const cli = options.gvxArgv.map(fishQuote).join(' ');
    const parts = [
      '# gvx shell integration for fish (gvx env --shell fish)',
      `# PATH: the shims first, exactly once.
set -l __gvx_shims ${fishQuote(options.shimsDir)}
while set -l i (contains -i -- $__gvx_shims $PATH)
    set -e PATH[$i]
end
set -gx PATH $__gvx_shims $PATH`,
      gvxFunction(cli, options.useOnCd),
    ];
    if (options.useOnCd) {
      parts.push(
        // The go env file's place depends on the OS (as in the shims: shims.ts renderShim).
        RESOLVE.replace('@GVX_GOOS@', fishQuote(goosOf(process.platform))),
        apply(options, cli),
        `# The hook: fish calls it before each prompt, so an edited, checked-out or removed version
# file, or an install in another terminal, shows at the next prompt; nothing is printed or
# exported unless the outcome changed, and no process is started. Redefining it on a
# re-evaluation replaces the handler, so it is registered once (the PWD handler of older
# set-ups is removed).
functions -q __gvx_on_change; and functions -e __gvx_on_change
function __gvx_on_prompt --on-event fish_prompt
    __gvx_apply
end
__gvx_apply`,
      );
    }
    return `${parts.join('\n\n')}\n`;
  },
  completions(data: CompletionData) {
    const lines = [
      '# gvx completions for fish: gvx completions fish > ~/.config/fish/completions/gvx.fish',
      '# Installed versions come from a glob of GVX_HOME/versions (no gvx process per <Tab>).',
      `function __gvx_installed_versions
    set -l home $GVX_HOME
    test -n "$home"; or set home ${fishQuote(data.home)}
    for dir in $home/versions/*/
        string replace -r -- '.*/([^/]+)/$' '$1' $dir
    end
end`,
      'complete -c gvx -f',
    ];
    for (const c of data.commands) {
      lines.push(`complete -c gvx -n __fish_use_subcommand -a ${fishQuote(c.name)} -d ${fishQuote(c.summary)}`);
      for (const flag of c.flags) lines.push(`complete -c gvx -n ${fishQuote(`__fish_seen_subcommand_from ${c.name}`)} -l ${fishQuote(flag.replace(/^--/, ''))}`);
    }
    lines.push(
      `complete -c gvx -n '__fish_seen_subcommand_from use shell uninstall exec install' -a '(__gvx_installed_versions)'`,
      `complete -c gvx -n '__fish_seen_subcommand_from env completions' -a '${SUPPORTED_SHELLS.join(' ')}'`,
      `complete -c gvx -n '__fish_seen_subcommand_from which' -a '${SHIMMED_TOOLS.join(' ')}'`,
    );
    return `${lines.join('\n')}\n`;
  },
};
