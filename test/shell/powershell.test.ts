// PowerShell is not installable in gvx's CI, so its integration is checked as text only: a
// snapshot of `gvx env --shell powershell` (paths replaced by placeholders) plus the
// properties a re-evaluation relies on. NOT a test on a real PowerShell.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/env.js';
import { powershell } from '../../lib/shell/powershell.js';

const SNAPSHOT = join(REPO_ROOT, 'test', 'shell', 'snapshots', 'powershell-env.ps1');

/** The body of the PowerShell function NAME (its signature as written) in TEXT. */
function fn(text: string, signature: string): string {
  const start = text.indexOf(`function global:${signature} {\n`);
  assert.ok(start >= 0, `${signature} is defined`);
  const end = text.indexOf('\n}\n', start);
  return text.slice(text.indexOf('\n', start) + 1, end + 1);
}

const OPTIONS = { home: "/home/o'neil/.local/share/gvx", shimsDir: "/home/o'neil/.local/share/gvx/shims", gvxArgv: ['/usr/bin/node', '/opt/gvx/bin/gvx'], useOnCd: true };

describe('PowerShell integration (generated text only; untested on a real PowerShell)', () => {
  it('matches the reviewed snapshot (UPDATE_SNAPSHOTS=1 rewrites it)', async () => {
    const text = await powershell.render(OPTIONS);
    if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(SNAPSHOT)) {
      if (process.env.CI && !existsSync(SNAPSHOT)) assert.fail(`missing snapshot ${SNAPSHOT}`);
      writeFileSync(SNAPSHOT, text);
    }
    assert.equal(text, readFileSync(SNAPSHOT, 'utf8'));
  });

  it('quotes paths the PowerShell way and guards re-evaluation', async () => {
    const text = await powershell.render(OPTIONS);
    assert.ok(text.includes("$global:__GvxShims = '/home/o''neil/.local/share/gvx/shims'"));
    assert.ok(text.includes("$global:__GvxCli = @('/usr/bin/node', '/opt/gvx/bin/gvx')"));
    assert.match(text, /if \(-not \(Test-Path Function:\\__GvxUserPrompt\)\)/, 'the user prompt is wrapped once');
    assert.match(text, /Where-Object \{ \$_ -ne \$global:__GvxShims \}/, 'PATH holds the shims once');
    const noHook = await powershell.render({ ...OPTIONS, useOnCd: false });
    assert.doesNotMatch(noHook, /function global:prompt/);
    assert.match(noHook, /function global:gvx/);
  });

  it('follows the rules of shims/resolve.sh (as text): bounded byte reads, the cwd, GVX_HOME, GVX_GO_VERSION, the default', async () => {
    const text = await powershell.render(OPTIONS);
    assert.doesNotMatch(text, /ReadAllText|Get-Content/, 'no unbounded read of a version file');
    assert.match(text, /New-Object byte\[\] \(1048576 \+ 1\)/, 'at most 1 MiB of raw bytes, as the CLI');
    assert.match(text, /GetEncoding\(28591\)\.GetString\(\$buffer, 0, \$total\)\.Replace\(\[string\]\[char\]0, ''\)/, 'Latin-1 bytes, NULs dropped');
    assert.match(text, /if \(\$text\.Length -gt 4096\)/, 'the 4096-byte budget');
    assert.match(text, /: not a valid Go version file \(larger than 4096 bytes\)/);
    assert.match(text, /: cannot read it \(permission denied\)/);
    assert.match(text, /GVX_HOME must be an absolute path without/);
    assert.match(text, /if \(\[Text\.Encoding\]::UTF8\.GetByteCount\(\$envSpec\) -gt 256\)[^\n]*\n[^\n]*\n[^\n]*longer than 256 bytes/, 'GVX_GO_VERSION is bounded before it is trimmed');
    assert.match(text, /the current directory no longer exists \(or PWD does not name it\)/);
    assert.match(text, /\$found = __GvxReadGoVersion \$default/, 'the default has the .go-version format');
    assert.match(text, /function global:prompt \{\n {2}\$exitCode = \$global:LASTEXITCODE\n {2}try \{ __GvxApply \}/, 'the resolver runs at every prompt');
    assert.doesNotMatch(text, /__GvxLastPwd|__GvxLastEnv/, 'no shortcut on an unchanged directory');
  });

  it('follows rule 3 (as text): the module file, its bounded scan, the choice, the hook\'s lines', async () => {
    const text = await powershell.render(OPTIONS);
    assert.match(text, /\$module = __GvxFindModule \$Dir\n\s+if \(\$module -and \$module\.Error\)/, 'only when no version file was found; an unreadable module file is an error');
    assert.match(text, /\$k\[2\] -ge 1 -and \$k\[2\] -le 3 -and \(\$Key\[2\] -eq 0 -or \$Key\[2\] -eq 4\)\) \{ continue \}/, 'no pre-release for a stable R');
    assert.match(text, /requires go >= \$\(\$r\.Req\) and no installed Go satisfies it; run: gvx install \$\(\$r\.Spec\)/);
    assert.match(text, /gvx: warning: go \$\(\$R\.Version\) \(pinned by \$\(\$R\.Origin\)\) is older than \$\(\$conflict\.File\) requires \(go >= \$\(\$conflict\.Req\)\); fix: \$fix/);
    assert.match(text, /if \(\$dir -cne "\$global:__GvxPinPwd"\) \{ __GvxCheckPin \$gvxHome \$dir \$r \}/, 'the pin is checked again after a directory change only');
  });

  it('reads a go.mod/go.work by the module-file rule, version 2 (as text): 65536 bytes, NUL kept, GoModLookup', async () => {
    const text = await powershell.render(OPTIONS);
    const budgeted = fn(text, '__GvxReadBudgeted([string]$File)');
    assert.match(text, /\$global:__GvxModuleBudget = 65536\n/, 'the module budget, MAX_MODULE_FILE_BYTES');
    assert.match(budgeted, /\$read = __GvxReadRaw \$File \(\$budget \+ 1\)/, 'one raw byte past the budget is read, no more');
    assert.match(budgeted, /GetEncoding\(28591\)\.GetString\(\$global:__GvxBuffer, 0, \$total\)\n/, 'one Latin-1 character per byte, NUL kept');
    assert.match(budgeted, /if \(\$read\.Total -gt \$budget\) \{ \$text = \$text\.Substring\(0, \$text\.LastIndexOf\(\[char\]10\) \+ 1\) \}/, 'past the budget, the line it cuts is dropped');
    const module = fn(text, '__GvxReadModule([string]$File)');
    assert.match(module, /\$read = __GvxReadBudgeted \$File\n/);
    assert.match(module, /\$go = __GvxModuleLine \$read\.Text 'go'\n\s+if \(-not \(__GvxKey \$go\)\) \{ \$go = '' \}/, 'the go line\'s value, validated');
    assert.match(module, /\$tc = __GvxModuleLine \$read\.Text 'toolchain'\n\s+if \(\$tc\.StartsWith\('go', \[StringComparison\]::Ordinal\)\) \{\n\s+\$tc = \$tc\.Substring\(2\)\n\s+\$cut = \$tc\.IndexOfAny\(\[char\[\]\]'-\+'\)/, 'toolchain goV[-…|+…]');
    // gover.GoModLookup: the first line that, trimmed of the ASCII blanks, is KEY + ' ' or '\t' + more.
    const line = fn(text, '__GvxModuleLine([string]$Text, [string]$Key)');
    assert.ok(line.includes(String.raw`[regex]::Match($Text, '(?m)^[\t\v\f\r ]*' + $Key + '[\t ](?>[\t\v\f\r ]*)([^\t\n\v\f\r ][^\n]*)')`), 'the first line with the key, anywhere');
    assert.match(line, /\$cut = \$value\.IndexOf\('\/\/', \[StringComparison\]::Ordinal\)/, 'the value cut at its first //');
    assert.match(line, /return \$value\.Trim\(\$global:__GvxWs\)/, 'and trimmed of the ASCII blanks');
    assert.doesNotMatch(text, /require\|replace|\(\?s\)/, 'no stop at require/replace/exclude/retract/use');
    assert.doesNotMatch(module + budgeted + line, /4096|4095|__GvxReadText/, 'not the version files\' 4096-byte budget, nor their NUL-dropping read');
    assert.doesNotMatch(text, /__GvxVersionRe/);
  });

  it('uses ASCII blanks and ordinal string operations only (as text): .NET\'s \\s, Trim() and culture-aware IndexOf are Unicode', async () => {
    const text = await powershell.render(OPTIONS);
    const code = text.split('\n').filter((l) => !/^\s*#/.test(l)).join('\n');
    assert.doesNotMatch(code, /\\s|\\d|\\w/, 'no Unicode classes in a regex');
    assert.doesNotMatch(code, /\.Trim(Start|End)?\(\)/, 'no Trim() without the ASCII blanks');
    assert.match(text, /\$global:__GvxWs = \[char\[\]\]@\(32, 9, 10, 11, 12, 13\)/);
    for (const call of code.match(/\.(IndexOf|LastIndexOf|StartsWith|EndsWith)\([^)]*\)/g) ?? []) {
      assert.ok(/\(\[char\]|\(\$sep\)|StringComparison\]::Ordinal/.test(call), `${call} is ordinal`);
    }
    assert.doesNotMatch(code, /-match |-eq '(auto|off)'/, 'case-sensitive comparisons (-cmatch, -ceq)');
  });

  it('picks the module file by the effective GOWORK (as text): $env:GOWORK, else the go env file; auto is unset', async () => {
    const text = await powershell.render(OPTIONS);
    const find = fn(text, '__GvxFindModule([string]$Dir)');
    assert.match(find, /\$gowork = __GvxGoWork \$Dir\n\s+\$work = \$gowork -ceq '' -or \$gowork -ceq 'auto'\n/, 'unset or "auto": the go.work search');
    assert.match(find, /if \(-not \$work -and \(__GvxIsRooted \$gowork\) -and \(__GvxIsFile \$gowork\)\) \{ \$file = \$gowork \}/, 'an absolute GOWORK names the go.work when it is a regular file; off and relative ones name none');
    const gowork = fn(text, '__GvxGoWork([string]$Dir)');
    assert.match(gowork, /^ {2}\$gowork = "\$env:GOWORK"\n {2}if \(\$gowork\) \{ return \$gowork \}\n/, 'a non-empty $env:GOWORK wins');
    assert.match(gowork, /if \(-not \$file -or -not \(__GvxIsFile \$file\)\) \{ return '' \}\n\s+\$read = __GvxReadBudgeted \$file\n\s+if \(\$read\.Error\) \{ return '' \}/, 'only a regular, readable file, within the budget');
    assert.ok(gowork.includes(String.raw`$lines = [regex]::Matches($read.Text, '(?m)^GOWORK=([^\n]*)')`), 'GOWORK= lines (A-Z first, key before the first =)');
    assert.match(gowork, /\$lines\[\$lines\.Count - 1\]\.Groups\[1\]\.Value/, 'the last one wins');
    const envFile = fn(text, '__GvxGoEnvFile([string]$Dir)');
    assert.match(envFile, /\$file = "\$env:GOENV"\n\s+if \(\$file\) \{\n\s+if \(\$file -ceq 'off'\) \{ return '' \}/, 'GOENV, "off" = none');
    assert.match(envFile, /if \(-not \$global:__GvxUnix\) \{ \$config = "\$env:AppData" \}/, 'Windows: %AppData%');
    assert.match(envFile, /elseif \(\$global:__GvxMac\) \{ if \("\$env:HOME"\) \{ \$config = "\$env:HOME\/Library\/Application Support" \} \}/, 'macOS');
    assert.match(envFile, /elseif \(\$xdg\) \{ if \(\$xdg\.StartsWith\('\/', \[StringComparison\]::Ordinal\)\) \{ \$config = \$xdg \} \}\n\s+elseif \("\$env:HOME"\) \{ \$config = "\$env:HOME\/\.config" \}/, 'XDG_CONFIG_HOME only when absolute, else ~/.config');
    assert.match(envFile, /return "\$config\$\(\$sep\)go\$\(\$sep\)env"/);
    assert.match(text, /\$global:__GvxMac = \$global:__GvxUnix -and \[Runtime\.InteropServices\.RuntimeInformation\]::IsOSPlatform\(\[Runtime\.InteropServices\.OSPlatform\]::OSX\)/, 'macOS asked only on Unix (.NET Core)');
  });

  it('names an invalid value as lib/select/offending-value.ts does (as text): never from a symlink, safe bytes only, 32 at most', async () => {
    const text = await powershell.render(OPTIONS);
    const invalid = /function global:__GvxInvalid\(\[string\]\$Origin, \[string\]\$Value\) \{\n([\s\S]*?)\n\}/.exec(text)?.[1];
    assert.ok(invalid, '__GvxInvalid is defined');
    assert.deepEqual(invalid.split('\n'), [
      '  if ([IO.Path]::IsPathRooted($Origin) -and (__GvxIsLink $Origin)) { return "$($Origin): not a valid Go version" }',
      "  if ($Value -cmatch '[^A-Za-z0-9._+:/@ -]') { return \"$($Origin): not a valid Go version (it holds characters that are not shown)\" }",
      '  if ($Value.Length -gt 32) { $Value = $Value.Substring(0, 32) + [char]0x2026 }',
      '  return "$($Origin): ""$Value"" is not a valid Go version"',
    ]);
    assert.match(text, /\$value = \$r\.Spec\n\s+if \(\$r\.Spec\.StartsWith\('go'[^\n]*\n\s+if \(-not \(__GvxValid \$r\.Spec\)\) \{\n\s+\$r\.Error = __GvxInvalid \$r\.Origin \$value/, 'the value as written (go prefix and all), from a file or GVX_GO_VERSION');
    assert.match(text, /Error = \(__GvxInvalid \$default \$found\.Spec\)/, 'the global default');
    assert.equal(text.split(': not a valid Go version"').length - 1, 1, 'the bare form is written by __GvxInvalid only');
  });

  it('announces only a new version or origin, and still applies every changed outcome (as text)', async () => {
    const text = await powershell.render(OPTIONS);
    assert.match(text, /\$said = "\$global:__GvxLastPick"\n\s+\$global:__GvxLastPick = "\$\(\$r\.Version\)\|\$\(\$r\.Origin\)"\n\s+if \(\$r\.Version\) \{/);
    assert.match(text, /if \(\$env:GVX_QUIET -ne '1' -and \$global:__GvxLastPick -cne \$said\) \{/);
    assert.match(text, /\$env:GOROOT = \$global:__GvxGoroot\n\s+\$env:GVX_ACTIVE_VERSION = \$r\.Version\n/, 'GOROOT is exported on every changed outcome, said or not');
  });
});
