// PowerShell: `gvx env --shell powershell | Out-String | Invoke-Expression` in $PROFILE.
// NOT TESTED ON A REAL POWERSHELL (none is installable in gvx's CI): only the generated
// text is checked (test/shell/powershell.test.ts). The resolver is the same rule as
// shims/resolve.sh, written with .NET calls; the hook wraps the prompt function and runs the
// resolver at every prompt, so an edited, checked-out or removed version file, or an install
// in another terminal, shows at the next prompt.
//
// Bytes, not characters: a version file is read as Latin-1 (one character per byte, NULs
// dropped), at most 1 MiB of raw bytes as the CLI reads it (MAX_RAW_BYTES in
// lib/select/version-file.ts: a file padded with more NULs than that is refused, where the sh
// resolver accepts it, slowly), and its lines are charged to the 4096-byte budget.
// GVX_GO_VERSION is a .NET string: its bytes are its UTF-8 bytes, as a child process sees it.

import type { RenderOptions, ShellIntegration } from './integration.js';

/** PowerShell single quotes: a quote is written twice. */
export function powershellQuote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const RESOLVE = String.raw`# [[:space:]] of the sh resolver: space, tab, LF, VT, FF, CR.
$global:__GvxWs = [char[]]@(32, 9, 10, 11, 12, 13)
$global:__GvxSep = [IO.Path]::DirectorySeparatorChar
$global:__GvxUnix = [Environment]::OSVersion.Platform -eq [PlatformID]::Unix

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
  return -not $mode -or "$($mode.Value)".StartsWith('-')
}

# __GvxReadText FILE: @{ Text; Complete } with the bytes of FILE as Latin-1 characters, NULs
# dropped, from at most 1 MiB of raw bytes (Complete: the end of the file was read), or
# @{ Error } when it cannot be read (the sh resolver's [ -r ]).
$global:__GvxBuffer = New-Object byte[] (1048576 + 1)
function global:__GvxReadText([string]$File) {
  $buffer = $global:__GvxBuffer
  $total = 0
  try {
    $stream = [IO.File]::Open($File, [IO.FileMode]::Open, [IO.FileAccess]::Read, [IO.FileShare]::ReadWrite)
    try {
      while ($total -lt $buffer.Length) {
        $n = $stream.Read($buffer, $total, $buffer.Length - $total)
        if ($n -le 0) { break }
        $total += $n
      }
    } finally { $stream.Dispose() }
  } catch {
    return @{ Error = "$($File): cannot read it (permission denied)" }
  }
  $complete = $total -lt $buffer.Length
  if (-not $complete) { $total = $buffer.Length - 1 }
  $text = [Text.Encoding]::GetEncoding(28591).GetString($buffer, 0, $total).Replace([string][char]0, '')
  return @{ Text = $text; Complete = $complete }
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

# __GvxResolve HOME DIR: @{ Spec; Origin; Version; Error } as _gvx_resolve in shims/resolve.sh.
function global:__GvxResolve([string]$GvxHome, [string]$Dir) {
  $r = @{ Spec = ''; Origin = ''; Version = ''; Error = '' }
  $sep = $global:__GvxSep
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
  $default = "$GvxHome$($sep)default"
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
      if (-not (__GvxIsFile $default)) { return $r }
      $r.Origin = 'default'
      $found = __GvxReadGoVersion $default
      $r.Spec = $found.Spec
      if ($found.Error) { $r.Error = $found.Error; return $r }
    }
  }
  if ($r.Spec.StartsWith('go', [StringComparison]::Ordinal)) { $r.Spec = $r.Spec.Substring(2) }
  if (-not (__GvxValid $r.Spec)) {
    if ($r.Origin -eq 'default') { $r.Origin = $default }
    $r.Error = "$($r.Origin): not a valid Go version"
    return $r
  }
  # Partial specs (1.22, 1, latest) go through the alias table gvx keeps; exact ones are
  # directory names. An alias's target is file content: validated before it is a path.
  $alias = "$GvxHome$($sep)aliases$sep$($r.Spec)"
  $candidate = ''
  if (__GvxIsFile $alias) {
    $read = __GvxReadText $alias
    if (-not $read.Error) { $candidate = $read.Text.Split([char]10)[0] }
  } elseif (__GvxHasGo $GvxHome $r.Spec) {
    $candidate = $r.Spec
  }
  if ((__GvxValid $candidate) -and (__GvxHasGo $GvxHome $candidate)) { $r.Version = $candidate }
  return $r
}

function global:__GvxHasGo([string]$GvxHome, [string]$Version) {
  $bin = "$GvxHome$($global:__GvxSep)versions$($global:__GvxSep)$Version$($global:__GvxSep)bin$($global:__GvxSep)"
  return (__GvxIsFile "$($bin)go") -or (__GvxIsFile "$($bin)go.exe")
}`;

// The same steps as _gvx_apply in posix-hook.ts (see the state variables described there).
const APPLY = String.raw`function global:__GvxApply {
  $gvxHome = if ($env:GVX_HOME) { $env:GVX_HOME } else { $global:__GvxHomeDefault }
  # Only a file system location can be a cwd (a registry drive is not one).
  $dir = if ($PWD.Provider.Name -eq 'FileSystem') { $PWD.ProviderPath } else { '' }
  $r = __GvxResolve $gvxHome $dir
  $key = "$($r.Version)|$($r.Spec)|$($r.Origin)|$($r.Error)"
  if ($null -ne $global:__GvxLastKey -and $key -eq $global:__GvxLastKey) { return }
  $seen = $null -ne $global:__GvxLastKey
  $global:__GvxLastKey = $key
  if (-not $r.Version -and -not $r.Error -and $r.Spec -and $env:GVX_AUTO_INSTALL -eq '1') {
    [Console]::Error.WriteLine("gvx: installing go $($r.Spec) (selected by $($r.Origin); GVX_AUTO_INSTALL=1)")
    & $global:__GvxCli[0] $global:__GvxCli[1] install --quiet $r.Spec 2>&1 | ForEach-Object { [Console]::Error.WriteLine("$_") }
    if ($LASTEXITCODE -eq 0) { $r = __GvxResolve $gvxHome $dir }
    $global:__GvxLastKey = "$($r.Version)|$($r.Spec)|$($r.Origin)|$($r.Error)"
  }
  if ($r.Version) {
    # A GOROOT that is not the one gvx exported is the user's: keep it to put back later.
    if ("$env:GOROOT" -ne "$global:__GvxGoroot") { $global:__GvxUserGoroot = "$env:GOROOT" }
    $global:__GvxGoroot = Join-Path (Join-Path $gvxHome 'versions') $r.Version
    $env:GOROOT = $global:__GvxGoroot
    $env:GVX_ACTIVE_VERSION = $r.Version
    if ($env:GVX_QUIET -eq '1') { return }
    if ($r.Origin -ne 'default') { [Console]::Error.WriteLine("gvx: go $($r.Version) ($($r.Origin))") }
    elseif ($seen) { [Console]::Error.WriteLine("gvx: go $($r.Version) (global default)") }
    return
  }
  Remove-Item Env:\GVX_ACTIVE_VERSION -ErrorAction SilentlyContinue
  # No usable version: take back the GOROOT gvx exported; a hand-exported one stays.
  if ($global:__GvxGoroot -and "$env:GOROOT" -eq $global:__GvxGoroot) {
    if ($global:__GvxUserGoroot) { $env:GOROOT = $global:__GvxUserGoroot } else { Remove-Item Env:\GOROOT -ErrorAction SilentlyContinue }
  }
  $global:__GvxGoroot = ''
  $global:__GvxUserGoroot = ''
  if ($env:GOROOT -and $env:GOROOT -ne $global:__GvxWarned) {
    $global:__GvxWarned = $env:GOROOT
    [Console]::Error.WriteLine("gvx: warning: GOROOT=$($env:GOROOT) was exported by hand, not by gvx; go tools may mix versions with it (Remove-Item Env:\GOROOT)")
  }
  if ($r.Error) {
    [Console]::Error.WriteLine("gvx: error: $($r.Error) (nothing in it was run; put a version such as 1.22 in it)")
  } elseif ($r.Spec) {
    [Console]::Error.WriteLine("gvx: go $($r.Spec) is selected by $($r.Origin) but not installed; run: gvx install $($r.Spec)")
  }
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
    if ($text.StartsWith('set ')) { $env:GVX_GO_VERSION = $text.Substring(4) }
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
  setupLine: 'gvx env --shell powershell | Out-String | Invoke-Expression   # in $PROFILE',
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
