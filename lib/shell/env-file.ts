// The set-up file an rc line sources (rustup's model): GVX_HOME/env.bash, env.zsh, env.fish and
// env.ps1 hold the code `gvx env --shell <shell>` prints, so a new shell gets the shims, the
// gvx function and the prompt hook without starting Node (~70-100 ms per shell otherwise).
//
// gvx writes the files whenever what it would print changes (every `gvx env`, install and
// `gvx use`). A file can still go stale between two runs of gvx: GVX_HOME now names another
// home, or gvx was upgraded, moved or rebuilt. Each file checks for that first, with built-ins
// only, and then stands aside for `gvx env` (which prints current code and rewrites the file):
//   - the home it was written for is still $GVX_HOME (or GVX_HOME is unset);
//   - the Node and the package it names still exist;
//   - the package's package.json still has the version line it was written from (an upgrade);
//   - the bundle bin/gvx runs is not newer than the file (a rebuild of a checkout: bash, zsh, fish).

import { lstat, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemError } from '../errors.js';
import { BUNDLE_ENTRY, PACKAGE_ROOT } from '../package-info.js';
import { readRegularFile, writeFileAtomic } from '../store/atomic-write.js';
import type { HomeLayout } from '../store/layout.js';
import { type SupportedShell, SUPPORTED_SHELLS, shellFromEnv } from './integration.js';
import { loadShell } from './load-shell.js';
import { fishQuote, powershellQuote, shellQuote } from './quoting.js';
import { gvxArgv } from '../package-info.js';
import { ensureShims } from './shims.js';

const ENV_FILE_NAMES: Readonly<Record<SupportedShell, string>> = { bash: 'env.bash', zsh: 'env.zsh', fish: 'env.fish', powershell: 'env.ps1' };

const RC_FILES: Readonly<Record<SupportedShell, string>> = { bash: '~/.bashrc', zsh: '~/.zshrc', fish: '~/.config/fish/config.fish', powershell: '$PROFILE' };

export function envFilePath(home: string, shell: SupportedShell): string {
  return join(home, ENV_FILE_NAMES[shell]);
}

/**
 * The line to put in the shell's rc file. A path under $HOME is written with $HOME, as the
 * README shows it, when that needs no quoting beyond double quotes.
 */
export function rcLine(home: string, shell: SupportedShell, userHome: string | undefined): { line: string; file: string } {
  const path = envFilePath(home, shell);
  const plain = /^[A-Za-z0-9_@%+=:,./ -]+$/.test(path);
  const underHome = plain && userHome && userHome !== '/' && path.startsWith(`${userHome}/`) ? `$HOME${path.slice(userHome.length)}` : undefined;
  const spelled = underHome ? `"${underHome}"` : plain ? `"${path}"` : undefined;
  let line: string;
  if (shell === 'fish') line = `source ${spelled ?? fishQuote(path)}`;
  else if (shell === 'powershell') line = `. ${spelled ?? powershellQuote(path)}`;
  else line = `. ${spelled ?? shellQuote(path)}`;
  return { line, file: RC_FILES[shell] };
}

/** The rc line for the user's shell: $SHELL's, bash when it is none gvx knows. */
export function userRcLine(home: string, env: Readonly<Record<string, string | undefined>>): { shell: SupportedShell; line: string; file: string } {
  const shell = shellFromEnv(env.SHELL) ?? 'bash';
  return { shell, ...rcLine(home, shell, env.HOME) };
}

/** What `gvx env` in a terminal, and an install while the shims are not on PATH, say (stderr). */
export function rcLineMessage(rc: { shell: SupportedShell; line: string; file: string }): string {
  return `gvx: to set up ${rc.shell} in every new shell, put this line in ${rc.file}: ${rc.line}`;
}

/** Advice for a shell with no gvx set-up: the rc line for $SHELL (bash when it is none gvx knows). */
export function setupAdvice(home: string, env: Readonly<Record<string, string | undefined>>): string {
  const { line, file } = userRcLine(home, env);
  return `add ${line} at the end of ${file} and open a new shell`;
}

/** What a file is checked against when it is sourced: the package that wrote it. */
export interface EnvFileStamp {
  /** The package's package.json. */
  readonly packageJson: string;
  /** Its version line, trimmed (`"version": "0.1.0",`). */
  readonly versionLine: string;
  /** A file every build rewrites: when it is newer than the env file, the file may be stale. */
  readonly builtFile: string;
}

/** The stamp of the running gvx. */
export async function currentStamp(): Promise<EnvFileStamp> {
  const packageJson = join(PACKAGE_ROOT, 'package.json');
  const text = await readFile(packageJson, 'utf8');
  const versionLine = text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.startsWith('"version"'));
  if (!versionLine) throw new Error(`${packageJson} has no version line`);
  return { packageJson, versionLine, builtFile: BUNDLE_ENTRY };
}

export interface EnvFileOptions {
  readonly home: string;
  readonly shimsDir: string;
  /** [node, bin/gvx] of the gvx that writes the file (the slow path runs them). */
  readonly gvxArgv: readonly string[];
  readonly stamp: EnvFileStamp;
}

/** The content of GVX_HOME/env.<shell>: the freshness check, then `gvx env`'s code. */
export async function renderEnvFile(shell: SupportedShell, options: EnvFileOptions): Promise<string> {
  const code = await (await loadShell(shell)).render({ home: options.home, shimsDir: options.shimsDir, gvxArgv: options.gvxArgv, useOnCd: true });
  const path = envFilePath(options.home, shell);
  // No path in a comment: a quote cannot protect a comment (a newline in it ends the comment
  // and the rest runs), so paths appear only in the quoted strings of the code below.
  const header = [
    `# gvx set-up for ${shell}, sourced from ${RC_FILES[shell]} (\`gvx env\` in a terminal prints the line to add there).`,
    '# Written by gvx; do not edit: gvx rewrites it when its set-up changes.',
  ].join('\n');
  const check = FRESHNESS_CHECKS[shell]({ ...options, path, shell });
  return `${header}\n\n${check}\n\n${code}`;
}

/**
 * What every command that installs or selects keeps in step: the shims, then the env files
 * (both follow the gvx that writes them). Returns the shims directory.
 */
export async function ensureShellFiles(layout: HomeLayout): Promise<string> {
  const shimsDir = await ensureShims(layout);
  await ensureEnvFiles(layout);
  return shimsDir;
}

/** Writes the four env files where their content changed; a symlink planted there is replaced, never followed. */
async function ensureEnvFiles(layout: HomeLayout, stamp?: EnvFileStamp): Promise<void> {
  const options: EnvFileOptions = { home: layout.home, shimsDir: layout.shimsDir, gvxArgv: gvxArgv(), stamp: stamp ?? (await currentStamp()) };
  for (const shell of SUPPORTED_SHELLS) {
    const path = envFilePath(layout.home, shell);
    try {
      const content = await renderEnvFile(shell, options);
      if ((await readRegularFile(path)) === content && !(await isOlder(path, options.stamp.builtFile))) continue;
      await writeFileAtomic(path, content, { mode: 0o644 });
    } catch (error) {
      throw fileSystemError('write the shell set-up file', path, error);
    }
  }
}

/** A file older than the build fails its own check: rewriting it, even unchanged, makes it fresh again. */
async function isOlder(path: string, than: string): Promise<boolean> {
  const [file, built] = await Promise.all([lstat(path), stat(than)]);
  return file.mtimeMs < built.mtimeMs;
}

interface CheckInput extends EnvFileOptions {
  readonly path: string;
  readonly shell: SupportedShell;
}

const FRESHNESS_CHECKS: Readonly<Record<SupportedShell, (input: CheckInput) => string>> = {
  bash: posixCheck,
  zsh: posixCheck,
  fish: fishCheck,
  powershell: powershellCheck,
};

const STALE_WHY = `# Stale (another GVX_HOME, or gvx upgraded, moved or rebuilt since this was written)? Then
# this file stands aside for \`gvx env\`, which prints the current set-up and rewrites it.`;

function posixCheck({ home, path, shell, gvxArgv: argv, stamp }: CheckInput): string {
  const q = shellQuote;
  const [node, bin] = argv.map(q);
  return `${STALE_WHY}
_gvx_env_fresh=
_gvx_env_home=\${GVX_HOME:-${q(home)}}
if [ "$_gvx_env_home" = ${q(home)} ] && [ -x ${node} ] && [ -f ${bin} ] && [ -f ${q(stamp.packageJson)} ] && ! [ ${q(stamp.builtFile)} -nt ${q(path)} ]; then
  while read -r _gvx_env_line; do
    if [ "$_gvx_env_line" = ${q(stamp.versionLine)} ]; then _gvx_env_fresh=1; break; fi
  done < ${q(stamp.packageJson)}
fi
if [ -z "$_gvx_env_fresh" ]; then
  unset _gvx_env_fresh _gvx_env_home _gvx_env_line
  if [ -x ${node} ] && [ -f ${bin} ]; then
    eval "$(${node} ${bin} env --shell ${shell})"
  elif command -v gvx >/dev/null 2>&1; then
    eval "$(command gvx env --shell ${shell})"
  else
    printf 'gvx: %s was written by a gvx that is no longer there (%s) and no gvx is on PATH; reinstall gvx\\n' ${q(path)} ${bin} >&2
  fi
  return
fi
unset _gvx_env_fresh _gvx_env_home _gvx_env_line`;
}

function fishCheck({ home, path, gvxArgv: argv, stamp }: CheckInput): string {
  const q = fishQuote;
  const [node, bin] = argv.map(q);
  return `${STALE_WHY}
set -l __gvx_env_home $GVX_HOME
test -n "$__gvx_env_home"; or set __gvx_env_home ${q(home)}
set -l __gvx_env_fresh
if test "$__gvx_env_home" = ${q(home)}; and test -x ${node}; and test -f ${bin}; and test -f ${q(stamp.packageJson)}
    # fish's test has no -nt; path (fish 3.5+) gives mtimes without a process.
    if not builtin -q path; or test (path mtime ${q(stamp.builtFile)}) -le (path mtime ${q(path)})
        # One read of the whole file (a read per line costs fish ~0.1 ms each).
        read -z -l __gvx_env_package < ${q(stamp.packageJson)}
        string match -q -- ${q(`*${stamp.versionLine}*`)} "$__gvx_env_package"; and set __gvx_env_fresh 1
    end
end
if test -z "$__gvx_env_fresh"
    if test -x ${node}; and test -f ${bin}
        ${node} ${bin} env --shell fish | source
    else if command -q gvx
        command gvx env --shell fish | source
    else
        printf 'gvx: %s was written by a gvx that is no longer there (%s) and no gvx is on PATH; reinstall gvx\\n' ${q(path)} ${bin} >&2
    end
    return
end`;
}

// Untested on a real PowerShell (none where gvx is developed): checked as a text snapshot.
function powershellCheck({ home, path, gvxArgv: argv, stamp }: CheckInput): string {
  const q = powershellQuote;
  const [node, bin] = argv.map(q);
  return `${STALE_WHY}
$__GvxEnvHome = if ($env:GVX_HOME) { $env:GVX_HOME } else { ${q(home)} }
$__GvxEnvFresh = ($__GvxEnvHome -eq ${q(home)}) -and (Test-Path -LiteralPath ${node} -PathType Leaf) -and (Test-Path -LiteralPath ${bin} -PathType Leaf) -and (Test-Path -LiteralPath ${q(stamp.packageJson)} -PathType Leaf)
if ($__GvxEnvFresh) {
  $__GvxEnvFresh = ((Get-Item -LiteralPath ${q(stamp.builtFile)}).LastWriteTimeUtc -le (Get-Item -LiteralPath ${q(path)}).LastWriteTimeUtc) -and
    (@(Get-Content -LiteralPath ${q(stamp.packageJson)} | ForEach-Object { $_.Trim() }) -contains ${q(stamp.versionLine)})
}
if (-not $__GvxEnvFresh) {
  Remove-Variable __GvxEnvHome, __GvxEnvFresh
  if ((Test-Path -LiteralPath ${node} -PathType Leaf) -and (Test-Path -LiteralPath ${bin} -PathType Leaf)) {
    & ${node} ${bin} env --shell powershell | Out-String | Invoke-Expression
  } elseif (Get-Command gvx -CommandType Application -ErrorAction SilentlyContinue) {
    & (Get-Command gvx -CommandType Application | Select-Object -First 1) env --shell powershell | Out-String | Invoke-Expression
  } else {
    [Console]::Error.WriteLine('gvx: ' + ${q(path)} + ' was written by a gvx that is no longer there and no gvx is on PATH; reinstall gvx')
  }
  return
}
Remove-Variable __GvxEnvHome, __GvxEnvFresh`;
}
