// fish: `gvx env --shell fish | source` in ~/.config/fish/config.fish. fish cannot run the sh
// resolver, so __gvx_resolve below is the same rule (shims/resolve.sh, lib/select) written
// with fish built-ins (read, string, test): no external command. The hook is an event
// handler on PWD (and GVX_GO_VERSION), so an unchanged prompt runs no gvx code at all.
//
// NUL bytes: fish's `read` ends a line at a NUL, where dash and bash drop NULs (and
// lib/select/version-file.ts drops them to match). So a file is read NUL-chunk by NUL-chunk
// with `read -z` and the chunks are joined: the NULs are dropped, the same text is seen.

import { SHIMMED_TOOLS } from '../store/shims.js';
import { type CompletionData, type RenderOptions, SUPPORTED_SHELLS, type ShellIntegration } from './integration.js';

/** fish single quotes: only \\ and \' are special inside them. */
export function fishQuote(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

// [[:space:]] of the sh resolver in the C locale: space, \t \n \v \f \r.
const RESOLVE = String.raw`set -g __gvx_ws ' '\t\n\r\v\f

# The spec grammar of lib/version/spec.ts: latest, stable, 1, 1.22, 1.22.5, 1.23rc1…, at most 32 characters.
function __gvx_valid --argument-names spec
    test (string length -- "$spec") -le 32
    and string match -qr -- '\A(latest|stable|(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)((\.|alpha|beta|rc)(0|[1-9][0-9]*))?)?)\z' "$spec"
end

# The lines of a file (NULs dropped, see above).
function __gvx_lines --argument-names file
    set -l content ''
    while read -z -l chunk
        set content "$content$chunk"
    end <$file
    string split -- \n "$content"
end

# A line cut at its comment and trimmed, after refusing one longer than 4096 characters
# (MAX_LINE_LENGTH in lib/select/version-file.ts, _gvx_long in shims/resolve.sh).
function __gvx_clean --argument-names file line
    if test (string length -- "$line") -gt 4096
        set -g __gvx_error "$file: not a valid Go version (a line is longer than 4096 characters)"
        return 1
    end
    string trim -c $__gvx_ws -- (string replace -r -- '#.*' '' "$line")
    return 0 # string trim's status says whether it trimmed, not whether it failed
end

function __gvx_read_go_version --argument-names file
    set -g __gvx_spec ''
    for raw in (__gvx_lines $file)
        set -l line (__gvx_clean $file "$raw"); or return 1
        test -n "$line"; or continue
        if test -n "$__gvx_spec"
            set -g __gvx_error "$file: more than one line names a version"
            return 1
        end
        set -g __gvx_spec $line
    end
    if test -z "$__gvx_spec"
        set -g __gvx_error "$file: no version in the file"
        return 1
    end
end

# The first version of a golang/go line; status 2 = no such line.
function __gvx_read_tool_versions --argument-names file
    set -g __gvx_spec ''
    for raw in (__gvx_lines $file)
        set -l line (__gvx_clean $file "$raw"); or return 1
        set -l name (string replace -r -- '[ \t\n\r\x0b\f].*' '' "$line")
        contains -- "$name" golang go; or continue
        set -g __gvx_spec (string replace -r -- '^[^ \t\n\r\x0b\f]*[ \t\n\r\x0b\f]*([^ \t\n\r\x0b\f]*).*' '$1' "$line")
        if test -z "$__gvx_spec"
            set -g __gvx_error "$file: the $name line has no version"
            return 1
        end
        return 0
    end
    return 2
end

# The nearest version file from DIR up to /: 0 found, 1 invalid, 2 none.
function __gvx_find_file --argument-names dir
    while true
        if test -f "$dir/.go-version"
            set -g __gvx_origin "$dir/.go-version"
            __gvx_read_go_version $__gvx_origin
            return
        end
        if test -f "$dir/.tool-versions"
            __gvx_read_tool_versions "$dir/.tool-versions"
            set -l found $status
            if test $found -ne 2
                set -g __gvx_origin "$dir/.tool-versions"
                return $found
            end
        end
        if test -z "$dir" -o "$dir" = /
            return 2
        end
        set dir (string replace -r -- '/[^/]*$' '' "$dir")
    end
end

# __gvx_resolve HOME DIR: sets __gvx_spec, __gvx_origin, __gvx_version, __gvx_error as
# _gvx_resolve does in shims/resolve.sh.
function __gvx_resolve --argument-names home dir
    set -g __gvx_spec ''
    set -g __gvx_origin ''
    set -g __gvx_version ''
    set -g __gvx_error ''
    set -l env (string trim -c $__gvx_ws -- "$GVX_GO_VERSION")
    if test -n "$env"
        set -g __gvx_origin GVX_GO_VERSION
        set -g __gvx_spec $env
    else
        __gvx_find_file $dir
        switch $status
            case 1
                return 1
            case 2
                test -f "$home/default"; or return 1
                set -g __gvx_origin default
                read -l line <"$home/default"; or test -n "$line"; or return 1
                set -g __gvx_spec (string trim -c $__gvx_ws -- "$line")
        end
    end
    set -g __gvx_spec (string replace -r -- '^go' '' "$__gvx_spec")
    if not __gvx_valid "$__gvx_spec"
        set -g __gvx_error "$__gvx_origin: not a valid Go version"
        return 1
    end
    # Partial specs go through the alias table; exact ones are directory names.
    if test -f "$home/aliases/$__gvx_spec"
        read -l alias <"$home/aliases/$__gvx_spec"
        set -g __gvx_version "$alias"
        if __gvx_valid "$__gvx_version"; and test -f "$home/versions/$__gvx_version/bin/go"
            return 0
        end
    else if test -f "$home/versions/$__gvx_spec/bin/go"
        set -g __gvx_version $__gvx_spec
        return 0
    end
    set -g __gvx_version ''
    return 1
end`;

// The same steps as _gvx_apply in posix-hook.ts (see the state variables described there).
function apply(options: RenderOptions, cli: string): string {
  return String.raw`# __gvx_apply: resolve for $PWD; when the outcome changed, update this shell and say so.
function __gvx_apply
    set -l home $GVX_HOME
    test -n "$home"; or set home ${fishQuote(options.home)}
    __gvx_resolve $home $PWD
    set -l key "$__gvx_version|$__gvx_spec|$__gvx_origin|$__gvx_error"
    if set -q __gvx_last_key; and test "$key" = "$__gvx_last_key"
        return 0
    end
    set -l seen ''
    set -q __gvx_last_key; and set seen yes
    set -g __gvx_last_key $key
    if test -z "$__gvx_version$__gvx_error" -a -n "$__gvx_spec" -a "$GVX_AUTO_INSTALL" = 1
        printf 'gvx: installing go %s (selected by %s; GVX_AUTO_INSTALL=1)\n' $__gvx_spec $__gvx_origin >&2
        ${cli} install --quiet $__gvx_spec >&2; and __gvx_resolve $home $PWD
        set -g __gvx_last_key "$__gvx_version|$__gvx_spec|$__gvx_origin|$__gvx_error"
    end
    if test -n "$__gvx_version"
        # A GOROOT that is not the one gvx exported is the user's: keep it to put back later.
        test "$GOROOT" = "$__gvx_goroot"; or set -g __gvx_user_goroot "$GOROOT"
        set -g __gvx_goroot "$home/versions/$__gvx_version"
        set -gx GOROOT $__gvx_goroot
        set -gx GVX_ACTIVE_VERSION $__gvx_version
        test "$GVX_QUIET" = 1; and return 0
        if test "$__gvx_origin" != default
            printf 'gvx: go %s (%s)\n' $__gvx_version $__gvx_origin >&2
        else if test -n "$seen" # the default is announced on a change, not at start-up
            printf 'gvx: go %s (global default)\n' $__gvx_version >&2
        end
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
    if test -n "$__gvx_error"
        printf 'gvx: error: %s (nothing in it was run; put a version such as 1.22 in it)\n' "$__gvx_error" >&2
    else if test -n "$__gvx_spec"
        printf 'gvx: go %s is selected by %s but not installed; run: gvx install %s\n' $__gvx_spec $__gvx_origin $__gvx_spec >&2
    end
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
  setupLine: 'gvx env --shell fish | source   # in ~/.config/fish/config.fish',
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
        RESOLVE,
        apply(options, cli),
        `# The hook: fish calls it when PWD (or GVX_GO_VERSION) is set, never on a bare prompt.
# Redefining it on a re-evaluation replaces the handler, so it is registered once.
function __gvx_on_change --on-variable PWD --on-variable GVX_GO_VERSION
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
