// PowerShell: the code `gvx env --shell powershell` prints and GVX_HOME/env.ps1 holds.
// NOT TESTED ON A REAL POWERSHELL (none is installable in gvx's CI): only the generated
// text is checked (test/shell/powershell.test.ts). The resolver is the same rule as
// shims/resolve.sh, written with .NET calls; the hook wraps the prompt function and runs the
// resolver at every prompt, so an edited, checked-out or removed version file, or an install
// in another terminal, shows at the next prompt. With no version file up to the root, the
// module decides (rule 3: __GvxFindModule, __GvxChoose over GVX_HOME/installed), and the hook
// warns once per directory change about a pin older than the module requires.
//
// Bytes, not characters: a version file is read as Latin-1 (one character per byte, NULs
// dropped), at most 1 MiB of raw bytes as every resolver reads it (MAX_RAW_BYTES in
// lib/select/version-file.ts: a file padded with more NULs than that is refused), and its
// lines are charged to the 4096-byte budget.
// A go.mod or go.work is read by the module-file rule, version 2 (issue 20 §1), the way the go
// command picks a toolchain: at most 65536 bytes (more: the line the budget cuts is dropped),
// Latin-1 with NUL kept, then the first go line and the first toolchain line anywhere in it
// (cmd/go gover.GoModLookup: no stop at require/use; the first line with the key decides
// even when its value is invalid). Which file: the effective GOWORK, $env:GOWORK or else the
// go env file's (`go env -w GOWORK=...`); "auto" is unset. No parse cache here (the rule gives
// one to the sh and fish resolvers only): the read is one bounded FileStream read and the scan
// two regex matches, all in .NET.
// Blanks are the six ASCII ones everywhere, written out (\s and a bare Trim() are Unicode in
// .NET), and string searches are ordinal (a culture-aware IndexOf skips NULs).
// GVX_GO_VERSION is a .NET string: its bytes are its UTF-8 bytes, as a child process sees it.

import type { RenderOptions, ShellIntegration } from './integration.js';
import { powershellQuote } from './quoting.js';

const RESOLVE = String.raw`# [[:space:]] of the sh resolver: space, tab, LF, VT, FF, CR.
$global:__GvxWs = [char[]]@(32, 9, 10, 11, 12, 13)
$global:__GvxSep = [IO.Path]::DirectorySeparatorChar
$global:__GvxUnix = [Environment]::OSVersion.Platform -eq [PlatformID]::Unix
# macOS (where os.UserConfigDir is ~/Library/Application Support): asked only on Unix, where
# PowerShell runs on .NET Core (Windows PowerShell's .NET Framework may lack the type).
$global:__GvxMac = $global:__GvxUnix -and [Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([Runtime.InteropServices.OSPlatform]::OSX)

function global:__GvxValid([string]$Spec) {
  return $Spec.Length -le 32 -and $Spec -cmatch '\A(latest|stable|(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)((\.|alpha|beta|rc)(0|[1-9][0-9]*))?)?)\z'
}

# [ -f PATH ]: a regular file, symlinks followed. On Unix, File.Exists is also true for a
# FIFO or a device, whose read would block or never end: there the type is the first
# character of the final target's UnixMode ("-": a regular file; PowerShell 7.3+).
function global:__GvxIsFile([string]$Path) {
  if (-not [IO.File]::Exists($Path)) { return $false }
  if (-not $global:__GvxUnix) { return $true }
  $item = Get-Item -LiteralPath $Path -Force -ErrorAction SilentlyContinue
  if ($item -and $item.LinkType -and $item.PSObject.Methods['ResolveLinkTarget']) {
    $target = $null
    try { $target = $item.ResolveLinkTarget($true) } catch { }
    if (-not $target) { return $false }
    $item = Get-Item -LiteralPath $target.FullName -Force -ErrorAction SilentlyContinue
  }
  if (-not $item) { return $false }
  $mode = $item.PSObject.Properties['UnixMode']
  return -not $mode -or "$($mode.Value)".StartsWith('-', [StringComparison]::Ordinal)
}

# Whether PATH itself is a symbolic link (its content is then never quoted): .NET 6+
# LinkTarget, else the reparse-point attribute (a missing file counts as a link).
function global:__GvxIsLink([string]$Path) {
  $info = New-Object IO.FileInfo $Path
  if ($info.PSObject.Properties['LinkTarget']) { return $null -ne $info.LinkTarget }
  return [bool]($info.Attributes -band [IO.FileAttributes]::ReparsePoint)
}

# __GvxInvalid ORIGIN VALUE: the error for a VALUE (a version file's or GVX_GO_VERSION's) that
# is not a valid spec, worded as lib/select/offending-value.ts words it (_gvx_invalid in
# shims/resolve.sh): quoted only when ORIGIN is not a symlink, only when every character is in
# the safe list (a byte of a file is one Latin-1 character), cut at 32 bytes.
function global:__GvxInvalid([string]$Origin, [string]$Value) {
  if ([IO.Path]::IsPathRooted($Origin) -and (__GvxIsLink $Origin)) { return "$($Origin): not a valid Go version" }
  if ($Value -cmatch '[^A-Za-z0-9._+:/@ -]') { return "$($Origin): not a valid Go version (it holds characters that are not shown)" }
  if ($Value.Length -gt 32) { $Value = $Value.Substring(0, 32) + [char]0x2026 }
  return "$($Origin): ""$Value"" is not a valid Go version"
}

# __GvxReadRaw FILE MAX: @{ Total } with the first MAX bytes of FILE at most, read into
# $global:__GvxBuffer (Total: how many), or @{ Error } when it cannot be read (the sh
# resolver's [ -r ]). The caller has checked that FILE is a regular file (__GvxIsFile).
# (Not "Count": a hashtable's own Count property would hide that key.)
$global:__GvxBuffer = New-Object byte[] (1048576 + 1)
function global:__GvxReadRaw([string]$File, [int]$Max) {
  $buffer = $global:__GvxBuffer
  $total = 0
  try {
    $stream = [IO.File]::Open($File, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::ReadWrite)
    try {
      while ($total -lt $Max) {
        $n = $stream.Read($buffer, $total, $Max - $total)
        if ($n -le 0) { break }
        $total += $n
      }
    } finally { $stream.Dispose() }
  } catch {
    return @{ Error = "$($File): cannot read it (permission denied)" }
  }
  return @{ Total = $total }
}

# __GvxReadText FILE: @{ Text; Complete } with the bytes of FILE as Latin-1 characters, NULs
# dropped, from at most 1 MiB of raw bytes (Complete: the end of the file was read), or
# @{ Error } when it cannot be read. Version files and GVX_HOME's own files.
function global:__GvxReadText([string]$File) {
  $buffer = $global:__GvxBuffer
  $read = __GvxReadRaw $File ($buffer.Length)
  if ($read.Error) { return $read }
  $total = $read.Total
  $complete = $total -lt $buffer.Length
  if (-not $complete) { $total = $buffer.Length - 1 }
  $text = [Text.Encoding]::GetEncoding(28591).GetString($buffer, 0, $total).Replace([string][char]0, '')
  return @{ Text = $text; Complete = $complete }
}

# __GvxReadBudgeted FILE: @{ Text } with what counts of a go.mod, a go.work or the go env file:
# at most $global:__GvxModuleBudget bytes (MAX_MODULE_FILE_BYTES, 65536). It reads one byte
# more; past the budget, the line the budget cuts is dropped (with no newline in the budget,
# nothing is read). One Latin-1 character per byte, NUL kept (the go command keeps it), so
# lengths are byte counts. Or @{ Error }.
$global:__GvxModuleBudget = 65536
function global:__GvxReadBudgeted([string]$File) {
  $budget = $global:__GvxModuleBudget
  $read = __GvxReadRaw $File ($budget + 1)
  if ($read.Error) { return $read }
  $total = [Math]::Min($read.Total, $budget)
  $text = [Text.Encoding]::GetEncoding(28591).GetString($global:__GvxBuffer, 0, $total)
  if ($read.Total -gt $budget) { $text = $text.Substring(0, $text.LastIndexOf([char]10) + 1) }
  return @{ Text = $text }
}

# __GvxLines FILE: @{ Lines; Over } with the lines of FILE the 4096-byte budget pays for (a
# line costs its bytes and its newline, an unterminated last line its bytes), each cut at its
# comment and trimmed, blank ones left out; Over: FILE goes on past the budget (or past what
# was read), so that reading on would refuse it. Or @{ Error }.
function global:__GvxLines([string]$File) {
  $read = __GvxReadText $File
  if ($read.Error) { return $read }
  $text = $read.Text
  $over = -not $read.Complete
  if ($text.Length -gt 4096) {
    # Only the lines that end, with their newline, within the first 4096 bytes.
    $over = $true
    $text = $text.Substring(0, $text.LastIndexOf([char]10, 4095) + 1)
  }
  $text = [regex]::Replace($text, '#[^\n]*', '')
  $lines = @(foreach ($m in [regex]::Matches($text, '[^\n]*[^\t-\r ][^\n]*')) { $m.Value.Trim($global:__GvxWs) })
  return @{ Lines = $lines; Over = $over }
}

# __GvxReadGoVersion FILE: @{ Spec; Error }: one spec; blank lines and # comments ignored.
# Also the format of GVX_HOME/default.
function global:__GvxReadGoVersion([string]$File) {
  $l = __GvxLines $File
  if ($l.Error) { return @{ Spec = ''; Error = $l.Error } }
  $spec = if ($l.Lines.Count -gt 0) { $l.Lines[0] } else { '' }
  if ($l.Lines.Count -gt 1) { return @{ Spec = $spec; Error = "$($File): more than one line names a version" } }
  if ($l.Over) { return @{ Spec = $spec; Error = "$($File): not a valid Go version file (larger than 4096 bytes)" } }
  if ($l.Lines.Count -eq 0) { return @{ Spec = ''; Error = "$($File): no version in the file" } }
  return @{ Spec = $spec; Error = '' }
}

# __GvxReadToolVersions FILE: @{ Spec; Error } from the first golang/go line; $null: no such line.
function global:__GvxReadToolVersions([string]$File) {
  $l = __GvxLines $File
  if ($l.Error) { return @{ Spec = ''; Error = $l.Error } }
  foreach ($line in $l.Lines) {
    $m = [regex]::Match($line, '\A(golang|go)(\z|[\t-\r ])')
    if (-not $m.Success) { continue }
    $name = $m.Groups[1].Value
    $spec = [regex]::Match($line, '\A[^\t-\r ]*[\t-\r ]*([^\t-\r ]*)').Groups[1].Value
    if (-not $spec) { return @{ Spec = ''; Error = "$($File): the $name line has no version" } }
    return @{ Spec = $spec; Error = '' }
  }
  if ($l.Over) { return @{ Spec = ''; Error = "$($File): not a valid Go version file (larger than 4096 bytes)" } }
  return $null
}

# __GvxFindFile DIR: @{ Origin; Spec; Error } for the nearest version file from DIR up to the
# root, or $null. It walks as resolve.sh does: DIR, then DIR cut at its last separator.
function global:__GvxFindFile([string]$Dir) {
  $sep = $global:__GvxSep
  while ($true) {
    $goVersion = "$Dir$sep.go-version"
    if (__GvxIsFile $goVersion) {
      $found = __GvxReadGoVersion $goVersion
      return @{ Origin = $goVersion; Spec = $found.Spec; Error = $found.Error }
    }
    $toolVersions = "$Dir$sep.tool-versions"
    if (__GvxIsFile $toolVersions) {
      $found = __GvxReadToolVersions $toolVersions
      if ($found) { return @{ Origin = $toolVersions; Spec = $found.Spec; Error = $found.Error } }
    }
    $cut = $Dir.LastIndexOf($sep)
    if ($Dir -eq '' -or $Dir -eq "$sep" -or $cut -lt 0) { return $null }
    $Dir = $Dir.Substring(0, $cut)
  }
}

# __GvxKey VERSION: Go's order of VERSION as four integers (major, minor, rank: 0 a language
# version such as 1.22, 1-3 alpha/beta/rc, 4 a release; and its number), or $null when it is
# not M.m, M.m.p or M.m(alpha|beta|rc)N with numbers of at most 9 digits, no leading zeros.
# Before 1.21 "1.N" is the release 1.N.0. (The comma keeps the array one value.)
function global:__GvxKey([string]$V) {
  $m = [regex]::Match($V, '\A([1-9][0-9]{0,8})\.(0|[1-9][0-9]{0,8})(?:(\.|alpha|beta|rc)(0|[1-9][0-9]{0,8}))?\z')
  if (-not $m.Success) { return $null }
  $minor = [int]$m.Groups[2].Value
  $kind = $m.Groups[3].Value
  $n = 0
  if ($m.Groups[4].Success) { $n = [int]$m.Groups[4].Value }
  $rank = 0
  if ($kind -ceq '.') { $rank = 4 }
  elseif ($kind -ceq 'alpha') { $rank = 1 }
  elseif ($kind -ceq 'beta') { $rank = 2 }
  elseif ($kind -ceq 'rc') { $rank = 3 }
  elseif ($minor -lt 21) { $rank = 4 }
  return , @([int]$m.Groups[1].Value, $minor, $rank, $n)
}

# __GvxGe A B: whether key A >= key B.
function global:__GvxGe($A, $B) {
  for ($i = 0; $i -lt 3; $i++) {
    if ($A[$i] -ne $B[$i]) { return $A[$i] -gt $B[$i] }
  }
  return $A[3] -ge $B[3]
}

# __GvxModuleLine TEXT KEY: the value of KEY's line in a go.mod/go.work TEXT, as cmd/go's
# gover.GoModLookup finds it: the FIRST line that, trimmed of ASCII blanks, is KEY followed by
# a space or a tab and more; its value is the rest cut at its first // and trimmed. That line
# decides even when its value is invalid; '' when no line has KEY. Line based: lines in blocks
# and after require/use count. One .NET regex over the text, not a loop per line: ^ in (?m)
# follows \n only, the blanks are the explicit ASCII six (never \s, which is Unicode in .NET,
# nor a bare Trim(), which also trims U+0085 and U+00A0), and the atomic group skips the blanks
# after KEY so that "go" followed by blanks only is not a go line.
function global:__GvxModuleLine([string]$Text, [string]$Key) {
  $m = [regex]::Match($Text, '(?m)^[\t\v\f\r ]*' + $Key + '[\t ](?>[\t\v\f\r ]*)([^\t\n\v\f\r ][^\n]*)')
  if (-not $m.Success) { return '' }
  $value = $m.Groups[1].Value
  $cut = $value.IndexOf('//', [StringComparison]::Ordinal)
  if ($cut -ge 0) { $value = $value.Substring(0, $cut) }
  return $value.Trim($global:__GvxWs)
}

# __GvxReadModule FILE: @{ Req; Key; Spec } for a go.mod/go.work (R, its key, and what to
# install for it: the family, or R itself when the toolchain line set it or it is a
# pre-release), @{ Error } when it cannot be read, $null when it names no requirement.
# The module-file rule, version 2: the text __GvxReadBudgeted reads (65536 bytes at most, NUL
# kept), then the go line and the toolchain line found by __GvxModuleLine, anywhere in it. A
# go value is valid when __GvxKey takes it (M.m, M.m.p, M.m(alpha|beta|rc)N); a toolchain
# value must be go then such a version, cut at its first - or + (go1.22.5-custom,
# go1.22.5+auto); anything else (toolchain default) counts as absent. Every variable is set
# before it is read: PowerShell would otherwise read the caller's.
function global:__GvxReadModule([string]$File) {
  $read = __GvxReadBudgeted $File
  if ($read.Error) { return @{ Error = $read.Error } }
  $go = __GvxModuleLine $read.Text 'go'
  if (-not (__GvxKey $go)) { $go = '' }
  $tc = __GvxModuleLine $read.Text 'toolchain'
  if ($tc.StartsWith('go', [StringComparison]::Ordinal)) {
    $tc = $tc.Substring(2)
    $cut = $tc.IndexOfAny([char[]]'-+')
    if ($cut -ge 0) { $tc = $tc.Substring(0, $cut) }
    if (-not (__GvxKey $tc)) { $tc = '' }
  } else {
    $tc = ''
  }
  $req = ''
  $key = $null
  $spec = ''
  if ($go) {
    $req = $go
    $key = __GvxKey $go
  }
  if ($tc) {
    $tcKey = __GvxKey $tc
    if (-not $req -or -not (__GvxGe $key $tcKey)) {
      $req = $tc
      $key = $tcKey
      $spec = $tc
    }
  }
  if (-not $req) { return $null }
  if ($key[2] -ge 1 -and $key[2] -le 3) { $spec = $req }
  if (-not $spec) { $spec = "$($key[0]).$($key[1])" }
  return @{ Req = $req; Key = $key; Spec = $spec; Error = '' }
}

# __GvxIsRooted PATH: [IO.Path]::IsPathRooted, false where Windows PowerShell's .NET
# Framework throws (a path holding '"', '<', '>', '|' or a control character).
function global:__GvxIsRooted([string]$Path) {
  try { return [IO.Path]::IsPathRooted($Path) } catch { return $false }
}

# __GvxGoEnvFile DIR: the go env file, as cmd/go's cfg.EnvFile names it ('' when there is
# none): $env:GOENV when it is not empty ("off": none; a relative one is relative to DIR,
# where go runs); else os.UserConfigDir()'s go/env: Windows %AppData%\go\env (no AppData:
# none), macOS $HOME/Library/Application Support/go/env, else $XDG_CONFIG_HOME/go/env when
# XDG_CONFIG_HOME is set (set but relative: none), else $HOME/.config/go/env (no HOME: none).
function global:__GvxGoEnvFile([string]$Dir) {
  $sep = $global:__GvxSep
  $file = "$env:GOENV"
  if ($file) {
    if ($file -ceq 'off') { return '' }
    if (-not (__GvxIsRooted $file)) { $file = "$Dir$sep$file" }
    return $file
  }
  $config = ''
  $xdg = "$env:XDG_CONFIG_HOME"
  if (-not $global:__GvxUnix) { $config = "$env:AppData" }
  elseif ($global:__GvxMac) { if ("$env:HOME") { $config = "$env:HOME/Library/Application Support" } }
  elseif ($xdg) { if ($xdg.StartsWith('/', [StringComparison]::Ordinal)) { $config = $xdg } }
  elseif ("$env:HOME") { $config = "$env:HOME/.config" }
  if (-not $config) { return '' }
  return "$config$($sep)go$($sep)env"
}

# __GvxGoWork DIR: the effective GOWORK, as the go command reads it: $env:GOWORK when it is not
# empty, else the go env file's (__GvxGoEnvFile; only a regular, readable file, only its lines
# that end within the first 65536 bytes: __GvxReadBudgeted). There a line counts when its first
# byte is A-Z and it holds '='; its key is what comes before the first '='; the LAST GOWORK=
# line wins, its value as written (no trimming: cmd/go trims nothing), and an empty value is
# unset. The value is a path the go command wrote in UTF-8: decoded so, as the CLI decodes it.
function global:__GvxGoWork([string]$Dir) {
  $gowork = "$env:GOWORK"
  if ($gowork) { return $gowork }
  $file = __GvxGoEnvFile $Dir
  if (-not $file -or -not (__GvxIsFile $file)) { return '' }
  $read = __GvxReadBudgeted $file
  if ($read.Error) { return '' }
  $lines = [regex]::Matches($read.Text, '(?m)^GOWORK=([^\n]*)')
  if ($lines.Count -eq 0) { return '' }
  $bytes = [Text.Encoding]::GetEncoding(28591).GetBytes($lines[$lines.Count - 1].Groups[1].Value)
  return [Text.Encoding]::UTF8.GetString($bytes)
}

# __GvxFindModule DIR: the module file of rule 3, read: @{ File; Req; Key; Spec; Error }, or
# $null when there is none or it names no requirement. By the effective GOWORK (__GvxGoWork):
# unset or "auto", the nearest go.work walking up, else the nearest go.mod; "off", none: the
# nearest go.mod; an absolute path, that file when it is a regular file, else the nearest
# go.mod; anything else (relative, which the go command refuses), the nearest go.mod. The walk
# is __GvxFindFile's.
function global:__GvxFindModule([string]$Dir) {
  $sep = $global:__GvxSep
  $gowork = __GvxGoWork $Dir
  $work = $gowork -ceq '' -or $gowork -ceq 'auto'
  $file = ''
  $gomod = ''
  if (-not $work -and (__GvxIsRooted $gowork) -and (__GvxIsFile $gowork)) { $file = $gowork }
  while (-not $file) {
    if ($work -and (__GvxIsFile "$Dir$($sep)go.work")) {
      $file = "$Dir$($sep)go.work"
      break
    }
    if (-not $gomod -and (__GvxIsFile "$Dir$($sep)go.mod")) {
      $gomod = "$Dir$($sep)go.mod"
      if (-not $work) { break }
    }
    $cut = $Dir.LastIndexOf($sep)
    if ($Dir -eq '' -or $Dir -eq "$sep" -or $cut -lt 0) { break }
    $Dir = $Dir.Substring(0, $cut)
  }
  if (-not $file) { $file = $gomod }
  if (-not $file) { return $null }
  $found = __GvxReadModule $file
  if (-not $found) { return $null }
  $found.File = $file
  return $found
}

# __GvxChoose HOME KEY DEFAULT: rule 3's choice for the requirement whose key is KEY ('' when
# nothing installed satisfies it): DEFAULT (the default's installed version) when it is >= R,
# else the newest of the lowest family in HOME/installed ("major minor rank n version" lines,
# oldest first) with a version >= R (pre-releases when R is one).
function global:__GvxChoose([string]$GvxHome, $Key, [string]$Default) {
  if ($Default) {
    $defaultKey = __GvxKey $Default
    if ($defaultKey -and (__GvxGe $defaultKey $Key)) { return $Default }
  }
  $list = "$GvxHome$($global:__GvxSep)installed"
  if (-not (__GvxIsFile $list)) { return '' }
  $read = __GvxReadText $list
  if ($read.Error) { return '' }
  $family = ''
  $choice = ''
  foreach ($line in $read.Text.Split([char]10)) {
    $m = [regex]::Match($line, '\A *([0-9]{1,9}) +([0-9]{1,9}) +([0-9]{1,9}) +([0-9]{1,9}) +(.*?) *\z')
    if (-not $m.Success) { continue }
    $k = @([int]$m.Groups[1].Value, [int]$m.Groups[2].Value, [int]$m.Groups[3].Value, [int]$m.Groups[4].Value)
    $lineFamily = "$($k[0]).$($k[1])"
    if ($family -and $family -cne $lineFamily) { break }
    # a pre-release for a stable R
    if ($k[2] -ge 1 -and $k[2] -le 3 -and ($Key[2] -eq 0 -or $Key[2] -eq 4)) { continue }
    if (-not (__GvxGe $k $Key)) { continue }
    $family = $lineFamily
    $choice = $m.Groups[5].Value
  }
  if ($choice -and (__GvxValid $choice) -and (__GvxHasGo $GvxHome $choice)) { return $choice }
  return ''
}

# __GvxReadDefault HOME: @{ Spec; Error } for the global default (the .go-version format), or
# $null when there is none.
function global:__GvxReadDefault([string]$GvxHome) {
  $default = "$GvxHome$($global:__GvxSep)default"
  if (-not (__GvxIsFile $default)) { return $null }
  $found = __GvxReadGoVersion $default
  if ($found.Error) { return @{ Spec = ''; Error = $found.Error } }
  $spec = $found.Spec
  if ($spec.StartsWith('go', [StringComparison]::Ordinal)) { $spec = $spec.Substring(2) }
  if (-not (__GvxValid $spec)) { return @{ Spec = ''; Error = (__GvxInvalid $default $found.Spec) } }
  return @{ Spec = $spec; Error = '' }
}

# __GvxLookup HOME SPEC: the installed version SPEC (valid) resolves to, or ''. Partial specs
# (1.22, 1, latest) go through the alias table gvx keeps; exact ones are directory names. An
# alias's target is file content: validated before it is a path.
function global:__GvxLookup([string]$GvxHome, [string]$Spec) {
  $sep = $global:__GvxSep
  $alias = "$GvxHome$($sep)aliases$sep$Spec"
  $candidate = ''
  if (__GvxIsFile $alias) {
    $read = __GvxReadText $alias
    if (-not $read.Error) { $candidate = $read.Text.Split([char]10)[0] }
  } elseif (__GvxHasGo $GvxHome $Spec) {
    $candidate = $Spec
  }
  if ((__GvxValid $candidate) -and (__GvxHasGo $GvxHome $candidate)) { return $candidate }
  return ''
}

# __GvxPinConflict HOME DIR PINNED: when PINNED (pinned by GVX_GO_VERSION or a version file)
# is older than the module DIR is in requires, @{ File; Req; Spec; Choice } with what rule 3
# would choose ('' when nothing installed satisfies R); else $null.
function global:__GvxPinConflict([string]$GvxHome, [string]$Dir, [string]$Pinned) {
  $module = __GvxFindModule $Dir
  if (-not $module -or $module.Error) { return $null }
  $key = __GvxKey $Pinned
  if (-not $key -or (__GvxGe $key $module.Key)) { return $null }
  $dv = ''
  $default = __GvxReadDefault $GvxHome
  if ($default -and -not $default.Error) { $dv = __GvxLookup $GvxHome $default.Spec }
  return @{ File = $module.File; Req = $module.Req; Spec = $module.Spec; Choice = (__GvxChoose $GvxHome $module.Key $dv) }
}

# __GvxResolve HOME DIR: @{ Spec; Origin; Req; Version; Error } as _gvx_resolve in
# shims/resolve.sh (Req: a module's requirement R, rule 3; Spec is then what to install).
function global:__GvxResolve([string]$GvxHome, [string]$Dir) {
  $r = @{ Spec = ''; Origin = ''; Req = ''; Version = ''; Error = '' }
  # Like ':' in sh, the PATH separator (';' on Windows) would split the shims' PATH entry.
  $pathSep = [IO.Path]::PathSeparator
  if (-not $GvxHome -or -not [IO.Path]::IsPathRooted($GvxHome) -or $GvxHome.Contains([string]$pathSep)) {
    $r.Error = "GVX_HOME must be an absolute path without '$pathSep'"
    return $r
  }
  # Refused unread when longer than 256 bytes.
  $envSpec = "$env:GVX_GO_VERSION"
  if ([Text.Encoding]::UTF8.GetByteCount($envSpec) -gt 256) {
    $r.Origin = 'GVX_GO_VERSION'
    $r.Error = 'GVX_GO_VERSION: not a valid Go version (longer than 256 bytes)'
    return $r
  }
  $envSpec = $envSpec.Trim($global:__GvxWs)
  if ($envSpec) {
    $r.Origin = 'GVX_GO_VERSION'
    $r.Spec = $envSpec
  } else {
    # DIR is the current location: absolute, and an existing directory (else it was deleted,
    # or it is not a file system location).
    if (-not $Dir -or -not [IO.Path]::IsPathRooted($Dir) -or -not [IO.Directory]::Exists($Dir)) {
      $r.Error = 'the current directory no longer exists (or PWD does not name it)'
      return $r
    }
    $found = __GvxFindFile $Dir
    if ($found) {
      $r.Origin = $found.Origin
      $r.Spec = $found.Spec
      if ($found.Error) { $r.Error = $found.Error; return $r }
    } else {
      # No version file up to the root: the module's requirement (rule 3), else the default.
      $module = __GvxFindModule $Dir
      if ($module -and $module.Error) {
        $r.Origin = $module.File
        $r.Error = $module.Error
        return $r
      }
      $default = __GvxReadDefault $GvxHome
      if ($default -and $default.Error) {
        $r.Origin = "$GvxHome$($global:__GvxSep)default"
        $r.Error = $default.Error
        return $r
      }
      if ($module) {
        # The default when it is installed and satisfies R, else the choice among installed versions.
        $dv = ''
        if ($default) { $dv = __GvxLookup $GvxHome $default.Spec }
        $r.Origin = $module.File
        $r.Req = $module.Req
        $r.Spec = $module.Spec
        $r.Version = __GvxChoose $GvxHome $module.Key $dv
        return $r
      }
      if (-not $default) { return $r }
      $r.Origin = 'default'
      $r.Spec = $default.Spec
      $r.Version = __GvxLookup $GvxHome $r.Spec
      return $r
    }
  }
  $value = $r.Spec
  if ($r.Spec.StartsWith('go', [StringComparison]::Ordinal)) { $r.Spec = $r.Spec.Substring(2) }
  if (-not (__GvxValid $r.Spec)) {
    $r.Error = __GvxInvalid $r.Origin $value
    return $r
  }
  $r.Version = __GvxLookup $GvxHome $r.Spec
  return $r
}

function global:__GvxHasGo([string]$GvxHome, [string]$Version) {
  $bin = "$GvxHome$($global:__GvxSep)versions$($global:__GvxSep)$Version$($global:__GvxSep)bin$($global:__GvxSep)"
  return (__GvxIsFile "$($bin)go") -or (__GvxIsFile "$($bin)go.exe")
}`;

// The same steps as _gvx_apply in posix-hook.ts (see the state variables described there;
// here $global:__GvxLastKey, __GvxLastPick, __GvxGoroot, __GvxUserGoroot, __GvxWarned and
// __GvxPinPwd).
// Paths compare case-sensitively (-ceq), as in sh.
const APPLY = String.raw`function global:__GvxApply {
  $gvxHome = if ($env:GVX_HOME) { $env:GVX_HOME } else { $global:__GvxHomeDefault }
  # Only a file system location can be a cwd (a registry drive is not one).
  $dir = if ($PWD.Provider.Name -eq 'FileSystem') { $PWD.ProviderPath } else { '' }
  $r = __GvxResolve $gvxHome $dir
  $key = "$($r.Version)|$($r.Spec)|$($r.Origin)|$($r.Error)"
  if ($null -ne $global:__GvxLastKey -and $key -ceq $global:__GvxLastKey) {
    if ($dir -cne "$global:__GvxPinPwd") { __GvxCheckPin $gvxHome $dir $r }
    return
  }
  $seen = $null -ne $global:__GvxLastKey
  $global:__GvxLastKey = $key
  if (-not $r.Version -and -not $r.Error -and $r.Spec -and $env:GVX_AUTO_INSTALL -eq '1') {
    if ($r.Req) {
      [Console]::Error.WriteLine("gvx: installing go $($r.Spec) ($($r.Origin) requires go >= $($r.Req); GVX_AUTO_INSTALL=1)")
    } else {
      [Console]::Error.WriteLine("gvx: installing go $($r.Spec) (selected by $($r.Origin); GVX_AUTO_INSTALL=1)")
    }
    & $global:__GvxCli[0] $global:__GvxCli[1] install --quiet $r.Spec 2>&1 | ForEach-Object { [Console]::Error.WriteLine("$_") }
    if ($LASTEXITCODE -eq 0) { $r = __GvxResolve $gvxHome $dir }
    $global:__GvxLastKey = "$($r.Version)|$($r.Spec)|$($r.Origin)|$($r.Error)"
  }
  $said = "$global:__GvxLastPick"
  $global:__GvxLastPick = "$($r.Version)|$($r.Origin)"
  if ($r.Version) {
    # A GOROOT that is not the one gvx exported is the user's: keep it to put back later.
    if ("$env:GOROOT" -cne "$global:__GvxGoroot") { $global:__GvxUserGoroot = "$env:GOROOT" }
    $global:__GvxGoroot = Join-Path (Join-Path $gvxHome 'versions') $r.Version
    $env:GOROOT = $global:__GvxGoroot
    $env:GVX_ACTIVE_VERSION = $r.Version
    # Said only when the version or what selects it changed: not on a cd within a project.
    if ($env:GVX_QUIET -ne '1' -and $global:__GvxLastPick -cne $said) {
      if ($r.Req) { [Console]::Error.WriteLine("gvx: go $($r.Version) ($($r.Origin) requires go >= $($r.Req))") }
      elseif ($r.Origin -cne 'default') { [Console]::Error.WriteLine("gvx: go $($r.Version) ($($r.Origin))") }
      elseif ($seen) { [Console]::Error.WriteLine("gvx: go $($r.Version) (global default)") }
    }
    __GvxCheckPin $gvxHome $dir $r
    return
  }
  Remove-Item Env:\GVX_ACTIVE_VERSION -ErrorAction SilentlyContinue
  # No usable version: take back the GOROOT gvx exported; a hand-exported one stays.
  if ($global:__GvxGoroot -and "$env:GOROOT" -ceq $global:__GvxGoroot) {
    if ($global:__GvxUserGoroot) { $env:GOROOT = $global:__GvxUserGoroot } else { Remove-Item Env:\GOROOT -ErrorAction SilentlyContinue }
  }
  $global:__GvxGoroot = ''
  $global:__GvxUserGoroot = ''
  if ($env:GOROOT -and $env:GOROOT -cne $global:__GvxWarned) {
    $global:__GvxWarned = $env:GOROOT
    [Console]::Error.WriteLine("gvx: warning: GOROOT=$($env:GOROOT) was exported by hand, not by gvx; go tools may mix versions with it (Remove-Item Env:\GOROOT)")
  }
  $global:__GvxPinPwd = $dir
  if ($r.Error) {
    [Console]::Error.WriteLine("gvx: error: $($r.Error) (nothing in it was run; put a version such as 1.22 in it)")
  } elseif ($r.Req) {
    [Console]::Error.WriteLine("gvx: $($r.Origin) requires go >= $($r.Req) and no installed Go satisfies it; run: gvx install $($r.Spec)")
  } elseif ($r.Spec) {
    [Console]::Error.WriteLine("gvx: go $($r.Spec) is selected by $($r.Origin) but not installed; run: gvx install $($r.Spec)")
  }
}

# __GvxCheckPin HOME DIR R: once per directory change, a version pinned (GVX_GO_VERSION or a
# version file) older than the module DIR is in requires gets a warning with rule 3's fix.
function global:__GvxCheckPin([string]$GvxHome, [string]$Dir, $R) {
  $global:__GvxPinPwd = $Dir
  if (-not $Dir -or -not $R.Version -or $R.Req -or $R.Origin -ceq 'default') { return }
  $conflict = __GvxPinConflict $GvxHome $Dir $R.Version
  if (-not $conflict) { return }
  $fix = if ($R.Origin -ceq 'GVX_GO_VERSION') { 'gvx shell' } else { 'gvx use' }
  if ($conflict.Choice) { $fix = "$fix $($conflict.Choice)" } else { $fix = "gvx install $($conflict.Spec), then $fix $($conflict.Spec)" }
  [Console]::Error.WriteLine("gvx: warning: go $($R.Version) (pinned by $($R.Origin)) is older than $($conflict.File) requires (go >= $($conflict.Req)); fix: $fix")
}

function global:__GvxRefresh {
  __GvxApply
}`;

const HOOK = String.raw`# The hook wraps the prompt; the user's prompt is kept once, so a re-evaluation does not
# wrap the wrapper. The resolver runs at every prompt; nothing is printed or exported unless
# the outcome changed, and a failure never breaks the prompt.
if (-not (Test-Path Function:\__GvxUserPrompt)) {
  Set-Item -Path Function:\global:__GvxUserPrompt -Value $function:prompt
}
function global:prompt {
  $exitCode = $global:LASTEXITCODE
  try { __GvxApply } catch { [Console]::Error.WriteLine("gvx: error: $_") }
  $global:LASTEXITCODE = $exitCode
  __GvxUserPrompt
}
__GvxRefresh`;

const GVX_FUNCTION = String.raw`# gvx: "gvx shell" changes this shell; use/install/uninstall refresh it.
function global:gvx {
  if ($args.Count -gt 0 -and $args[0] -eq 'shell') {
    $env:_GVX_SHELL_FUNCTION = '1'
    try { $out = & $global:__GvxCli[0] $global:__GvxCli[1] @args } finally { Remove-Item Env:\_GVX_SHELL_FUNCTION -ErrorAction SilentlyContinue }
    if ($LASTEXITCODE -ne 0) { return }
    $text = @($out) -join [char]10
    if ($text.StartsWith('set ', [StringComparison]::Ordinal)) { $env:GVX_GO_VERSION = $text.Substring(4) }
    elseif ($text -eq 'unset') { Remove-Item Env:\GVX_GO_VERSION -ErrorAction SilentlyContinue }
    else { $out; return }
    __GvxRefresh
    return
  }
  & $global:__GvxCli[0] $global:__GvxCli[1] @args
  if ($LASTEXITCODE -eq 0 -and $args.Count -gt 0 -and @('use', 'install', 'uninstall') -contains $args[0]) { __GvxRefresh }
}`;

export const powershell: ShellIntegration = {
  name: 'powershell',
  async render(options: RenderOptions) {
    const parts = [
      '# gvx shell integration for PowerShell (gvx env --shell powershell); untested on a real PowerShell',
      `$global:__GvxShims = ${powershellQuote(options.shimsDir)}
$global:__GvxHomeDefault = ${powershellQuote(options.home)}
$global:__GvxCli = @(${options.gvxArgv.map(powershellQuote).join(', ')})`,
      String.raw`# PATH: the shims first, exactly once.
$env:PATH = (@($global:__GvxShims) + @("$env:PATH".Split([IO.Path]::PathSeparator) | Where-Object { $_ -ne $global:__GvxShims })) -join [IO.Path]::PathSeparator`,
      GVX_FUNCTION,
    ];
    if (options.useOnCd) parts.push(RESOLVE, APPLY, HOOK);
    else parts.push('function global:__GvxRefresh { }');
    return `${parts.join('\n\n')}\n`;
  },
};
