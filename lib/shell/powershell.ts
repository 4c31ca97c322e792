// PowerShell: `gvx env --shell powershell | Out-String | Invoke-Expression` in $PROFILE.
// NOT TESTED ON A REAL POWERSHELL (none is installable in gvx's CI): only the generated
// text is checked (test/shell/powershell.test.ts). The resolver is the same rule as
// shims/resolve.sh, written with .NET calls; the hook wraps the prompt function and does
// nothing unless $PWD or GVX_GO_VERSION changed since the last prompt.

import type { RenderOptions, ShellIntegration } from './integration.js';

/** PowerShell single quotes: a quote is written twice. */
export function powershellQuote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

const RESOLVE = String.raw`# [[:space:]] of the sh resolver: space, tab, LF, VT, FF, CR.
$global:__GvxWs = [char[]]@(32, 9, 10, 11, 12, 13)

function global:__GvxValid([string]$Spec) {
  return $Spec.Length -le 32 -and $Spec -cmatch '\A(latest|stable|(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*)((\.|alpha|beta|rc)(0|[1-9][0-9]*))?)?)\z'
}

# The lines of a file, bytes read as Latin-1 so any byte survives, NULs dropped as dash and
# bash do.
function global:__GvxLines([string]$File) {
  [IO.File]::ReadAllText($File, [Text.Encoding]::GetEncoding(28591)).Replace([string][char]0, '').Split([char]10)
}

# A line cut at its comment and trimmed; $null for a line longer than 4096 characters
# (MAX_LINE_LENGTH in lib/select/version-file.ts), which is refused unread.
function global:__GvxClean([string]$Line) {
  if ($Line.Length -gt 4096) { return $null }
  $hash = $Line.IndexOf('#')
  if ($hash -ge 0) { $Line = $Line.Substring(0, $hash) }
  return $Line.Trim($global:__GvxWs)
}

function global:__GvxFindFile([string]$Dir) {
  while ($true) {
    $goVersion = Join-Path $Dir '.go-version'
    if (Test-Path -LiteralPath $goVersion -PathType Leaf) {
      $specs = @()
      foreach ($raw in @(__GvxLines $goVersion)) {
        $line = __GvxClean $raw
        if ($null -eq $line) { return @{ Origin = $goVersion; Error = "$($goVersion): not a valid Go version (a line is longer than 4096 characters)" } }
        if ($line -eq '') { continue }
        if ($specs.Count -gt 0) { return @{ Origin = $goVersion; Error = "$($goVersion): more than one line names a version" } }
        $specs += $line
      }
      if ($specs.Count -eq 0) { return @{ Origin = $goVersion; Error = "$($goVersion): no version in the file" } }
      return @{ Origin = $goVersion; Spec = $specs[0] }
    }
    $toolVersions = Join-Path $Dir '.tool-versions'
    if (Test-Path -LiteralPath $toolVersions -PathType Leaf) {
      foreach ($raw in @(__GvxLines $toolVersions)) {
        $line = __GvxClean $raw
        if ($null -eq $line) { return @{ Origin = $toolVersions; Error = "$($toolVersions): not a valid Go version (a line is longer than 4096 characters)" } }
        $fields = $line.Split($global:__GvxWs, [StringSplitOptions]::RemoveEmptyEntries)
        if ($fields.Count -eq 0 -or ($fields[0] -cne 'golang' -and $fields[0] -cne 'go')) { continue }
        if ($fields.Count -lt 2) { return @{ Origin = $toolVersions; Error = "$($toolVersions): the $($fields[0]) line has no version" } }
        return @{ Origin = $toolVersions; Spec = $fields[1] }
      }
    }
    $parent = Split-Path -Parent $Dir
    if (-not $parent -or $parent -eq $Dir) { return $null }
    $Dir = $parent
  }
}

# __GvxResolve HOME DIR: @{ Spec; Origin; Version; Error } as _gvx_resolve in shims/resolve.sh.
function global:__GvxResolve([string]$GvxHome, [string]$Dir) {
  $r = @{ Spec = ''; Origin = ''; Version = ''; Error = '' }
  $fromEnv = "$env:GVX_GO_VERSION".Trim($global:__GvxWs)
  if ($fromEnv) {
    $r.Origin = 'GVX_GO_VERSION'
    $r.Spec = $fromEnv
  } else {
    $found = __GvxFindFile $Dir
    if ($found) {
      $r.Origin = $found.Origin
      if ($found.Error) { $r.Error = $found.Error; return $r }
      $r.Spec = $found.Spec
    } else {
      $default = Join-Path $GvxHome 'default'
      if (-not (Test-Path -LiteralPath $default -PathType Leaf)) { return $r }
      $r.Origin = 'default'
      $first = @(Get-Content -LiteralPath $default -TotalCount 1)
      if ($first.Count -eq 0) { return $r }
      $r.Spec = "$($first[0])".Trim($global:__GvxWs)
    }
  }
  if ($r.Spec.StartsWith('go')) { $r.Spec = $r.Spec.Substring(2) }
  if (-not (__GvxValid $r.Spec)) { $r.Error = "$($r.Origin): not a valid Go version"; return $r }
  # Partial specs go through the alias table; exact ones are directory names.
  $alias = Join-Path (Join-Path $GvxHome 'aliases') $r.Spec
  $candidate = ''
  if (Test-Path -LiteralPath $alias -PathType Leaf) {
    $candidate = "$(@(Get-Content -LiteralPath $alias -TotalCount 1)[0])"
  } elseif (__GvxHasGo $GvxHome $r.Spec) {
    $candidate = $r.Spec
  }
  if ((__GvxValid $candidate) -and (__GvxHasGo $GvxHome $candidate)) { $r.Version = $candidate }
  return $r
}

function global:__GvxHasGo([string]$GvxHome, [string]$Version) {
  $bin = Join-Path (Join-Path (Join-Path $GvxHome 'versions') $Version) 'bin'
  return (Test-Path -LiteralPath (Join-Path $bin 'go') -PathType Leaf) -or (Test-Path -LiteralPath (Join-Path $bin 'go.exe') -PathType Leaf)
}`;

// The same steps as _gvx_apply in posix-hook.ts (see the state variables described there).
const APPLY = String.raw`function global:__GvxApply {
  $gvxHome = if ($env:GVX_HOME) { $env:GVX_HOME } else { $global:__GvxHomeDefault }
  $r = __GvxResolve $gvxHome $PWD.ProviderPath
  $key = "$($r.Version)|$($r.Spec)|$($r.Origin)|$($r.Error)"
  if ($null -ne $global:__GvxLastKey -and $key -eq $global:__GvxLastKey) { return }
  $seen = $null -ne $global:__GvxLastKey
  $global:__GvxLastKey = $key
  if (-not $r.Version -and -not $r.Error -and $r.Spec -and $env:GVX_AUTO_INSTALL -eq '1') {
    [Console]::Error.WriteLine("gvx: installing go $($r.Spec) (selected by $($r.Origin); GVX_AUTO_INSTALL=1)")
    & $global:__GvxCli[0] $global:__GvxCli[1] install --quiet $r.Spec 2>&1 | ForEach-Object { [Console]::Error.WriteLine("$_") }
    if ($LASTEXITCODE -eq 0) { $r = __GvxResolve $gvxHome $PWD.ProviderPath }
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
  $global:__GvxLastPwd = $PWD.ProviderPath
  $global:__GvxLastEnv = "$env:GVX_GO_VERSION"
  __GvxApply
}`;

const HOOK = String.raw`# The hook wraps the prompt; the user's prompt is kept once, so a re-evaluation does not
# wrap the wrapper. Unchanged $PWD and GVX_GO_VERSION: two string compares, nothing else.
if (-not (Test-Path Function:\__GvxUserPrompt)) {
  Set-Item -Path Function:\global:__GvxUserPrompt -Value $function:prompt
}
function global:prompt {
  $exitCode = $global:LASTEXITCODE
  if ($PWD.ProviderPath -ne $global:__GvxLastPwd -or "$env:GVX_GO_VERSION" -ne $global:__GvxLastEnv) { __GvxRefresh }
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
