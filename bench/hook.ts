// bench/hook: what the prompt hook costs on a prompt where nothing changed, in bash and zsh.
// The hook runs the built-in resolver at every prompt (so a changed version file shows at the
// next one), in a project 6 levels below its .go-version.
//  - time per prompt: (T(300 prompts) - T(10 prompts)) / 290, so start-up and set-up cancel
//    out; the shell times itself with EPOCHREALTIME. Median of 7 alternating runs, with the
//    hook and without it; the hook's cost is the difference (target in bash: <= 0.2 ms).
//  - forks: strace counts the process-creating system calls of the interactive shell for 200
//    unchanged prompts minus those of 0 prompts (the set-up is identical), per prompt. Must be 0.
//    The same is counted for 20 prompts that each enter another project (built-in reads only).
//  - the same per-prompt cost in a module with no version file, 6 levels below a go.mod with
//    600 require lines (rule 3 reads the go.mod at every prompt: its header only), reported
//    alongside.
//  - the same per-prompt cost in a directory whose .go-version is hostile: one 16 MB line, and
//    1 MiB of NULs before a version (every read is bounded: target <= 50 ms a prompt).
//  - shell start-up: what the README's rc line (`. "$GVX_HOME/env.bash"`, which starts no
//    process) adds to starting an interactive bash, zsh and fish, as the median of alternating
//    starts with the line and without it (target: <= 5 ms each); and, for comparison, what
//    `eval "$(gvx env --shell bash)"` (which starts Node) adds.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gvxArgv } from '../lib/package-info.js';
import { loadShell } from '../lib/shell/load-shell.js';
import { writeAliases } from '../lib/store/aliases.js';
import { listInstalled } from '../lib/store/inventory.js';
import { HomeLayout } from '../lib/store/layout.js';
import { ensureShellFiles, envFilePath } from '../lib/shell/env-file.js';
import { shellQuoteArgv } from '../lib/shell/quoting.js';
import { type BenchResult, median } from './types.js';
import { runSync } from '../test/helpers/run-sync.js';

export const name = 'hook';
const PROMPTS = 200;
const FEW = 10;
const MANY = 300;
const TARGET_MS = 0.2;
const RUNS = 7;
const STARTS = 31;
const EVAL_STARTS = 7;
const START_TARGET_MS = 5;
const HOSTILE_TARGET_MS = 50;
const HOSTILE_FEW = 5;
const HOSTILE_MANY = 25;
type Shell = 'bash' | 'zsh';
type StartShell = Shell | 'fish';
const START_COMMAND: Record<StartShell, string[]> = {
  bash: ['/usr/bin/bash', '--norc', '--noprofile', '-i', '-c'],
  zsh: ['/usr/bin/zsh', '-f', '-i', '-c'],
  fish: ['/usr/bin/fish', '--no-config', '--private', '-i', '-c'],
};
const SHELLS: Shell[] = ['bash', 'zsh'];
const COMMAND: Record<Shell, string[]> = { bash: ['/usr/bin/bash', '--norc', '--noprofile', '--noediting', '-i'], zsh: ['/usr/bin/zsh', '-f', '-i'] };
const CLOCK: Record<Shell, string> = { bash: '', zsh: 'zmodload zsh/datetime' };

interface Fixture {
  dir: string;
  env: Record<string, string>;
  project: string;
  module: string;
  others: string[];
  /** Directories whose .go-version is hostile, by what it holds. */
  hostile: Record<string, string>;
  script: Record<Shell, string>;
}

async function fixture(): Promise<Fixture> {
  const dir = mkdtempSync(join(tmpdir(), 'gvx-bench-hook-'));
  const layout = new HomeLayout(join(dir, 'home'));
  for (const v of ['1.21.13', '1.22.12']) {
    mkdirSync(join(layout.versionDir(v), 'bin'), { recursive: true });
    writeFileSync(join(layout.versionDir(v), 'bin', 'go'), `#!/bin/sh\necho go version go${v}\n`, { mode: 0o755 });
  }
  await writeAliases(layout, await listInstalled(layout));
  const shimsDir = await ensureShellFiles(layout);
  // A project 6 levels below its .go-version, like a real repository's package directory.
  const project = join(dir, 'project/a/b/c/d/e/f');
  mkdirSync(project, { recursive: true });
  writeFileSync(join(dir, 'project/.go-version'), '1.22\n');
  const module = join(dir, 'module/a/b/c/d/e/f');
  mkdirSync(module, { recursive: true });
  const requires = Array.from({ length: 600 }, (_, i) => `\texample.com/dependency${i} v1.${i}.0\n`).join('');
  writeFileSync(join(dir, 'module/go.mod'), `module example.com/bench\n\ngo 1.22.0\n\nrequire (\n${requires})\n`);
  const others = Array.from({ length: 20 }, (_, i) => join(dir, `other${i}`, 'src'));
  others.forEach((o, i) => {
    mkdirSync(o, { recursive: true });
    writeFileSync(join(o, '..', '.go-version'), i % 2 ? '1.21\n' : '1.22.12\n');
  });
  const hostile: Record<string, string> = { 'a 16 MB line': join(dir, 'hostile-line'), '1 MiB of NULs, then a version': join(dir, 'hostile-nul') };
  mkdirSync(hostile['a 16 MB line']!);
  writeFileSync(join(hostile['a 16 MB line']!, '.go-version'), '1'.repeat(16 << 20));
  mkdirSync(hostile['1 MiB of NULs, then a version']!);
  writeFileSync(join(hostile['1 MiB of NULs, then a version']!, '.go-version'), Buffer.concat([Buffer.alloc(1 << 20), Buffer.from('1.22.12\n')]));
  const script = {} as Record<Shell, string>;
  for (const shell of SHELLS) {
    script[shell] = join(dir, `env.${shell}`);
    writeFileSync(script[shell], await (await loadShell(shell)).render({ home: layout.home, shimsDir, gvxArgv: gvxArgv(), useOnCd: true }));
  }
  const env = { PATH: '/usr/bin:/bin', HOME: dir, TERM: 'dumb', GVX_HOME: layout.home, GVX_QUIET: '1', PS1: '', LANG: 'C.UTF-8' }; // a UTF-8 locale, as users have
  return { dir, env, project, module, others, hostile, script };
}

/** The input of one interactive session: set-up, then `body` lines, each read at its own prompt. */
function session(f: Fixture, shell: Shell, hook: boolean, body: string[], where = f.project): string {
  return [
    "PS1=''",
    CLOCK[shell],
    hook ? `. '${f.script[shell]}'` : ':',
    `cd '${where}'`,
    ...body,
    'exit',
    '',
  ].join('\n');
}

function timePrompts(f: Fixture, shell: Shell, hook: boolean, prompts: number, where = f.project): number {
  const body = ['_t0=$EPOCHREALTIME', ...Array<string>(prompts).fill(':'), `printf 'T %s %s\\n' "$_t0" "$EPOCHREALTIME"`];
  const result = runSync(COMMAND[shell][0], COMMAND[shell].slice(1), { input: session(f, shell, hook, body, where), env: f.env, cwd: f.dir });
  const match = /T ([0-9.]+) ([0-9.]+)/.exec(result.stdout);
  if (!match) throw new Error(`${shell}: no timing in ${result.stdout} ${result.stderr}`);
  return (Number(match[2]) - Number(match[1])) * 1000;
}

/** Process-creating system calls made by the shell (and its children) during one session. */
function forks(f: Fixture, shell: Shell, body: string[]): number {
  const log = join(f.dir, `strace.${shell}.${body.length}`);
  const result = runSync('strace', ['-f', '-qq', '-o', log, '-e', 'trace=fork,vfork,clone,clone3', ...COMMAND[shell]], {
    input: session(f, shell, true, body),
    env: f.env,
    cwd: f.dir,
  });
  if (result.error || result.status !== 0) throw new Error(`strace ${shell}: ${result.error?.message ?? result.stderr}`);
  return readFileSync(log, 'utf8').split('\n').filter((l) => /\b(fork|vfork|clone|clone3)\(/.test(l)).length;
}

/** Wall time of one interactive shell that runs `line` and exits. */
function timeStart(f: Fixture, shell: StartShell, line: string): number {
  const [command, ...args] = START_COMMAND[shell];
  const t0 = process.hrtime.bigint();
  const result = runSync(command, [...args, `${line}\nexit`], { env: f.env, cwd: f.project, stdio: 'ignore' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (result.error || result.status !== 0) throw new Error(`${shell} start with ${line}: ${result.error?.message ?? `exit ${result.status}`}`);
  return ms;
}

/** What `line` adds to a shell start: median with it minus median without it, alternating. */
function startCost(f: Fixture, shell: StartShell, line: string, starts: number): { added: number; bare: number } {
  const withLine: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < starts; i++) {
    bare.push(timeStart(f, shell, ':'));
    withLine.push(timeStart(f, shell, line));
  }
  return { added: median(withLine) - median(bare), bare: median(bare) };
}

function startUp(f: Fixture, figures: Record<string, number>): { pass: boolean; line: string } {
  let pass = true;
  const parts: string[] = [];
  const home = f.env.GVX_HOME;
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    const rc = shell === 'fish' ? `source '${envFilePath(home, shell)}'` : `. '${envFilePath(home, shell)}'`;
    const { added, bare } = startCost(f, shell, rc, STARTS);
    figures[`${shell}.startUpAddedMs`] = added;
    figures[`${shell}.startUpBareMs`] = bare;
    if (added > START_TARGET_MS) pass = false;
    parts.push(`${shell} ${added.toFixed(1)} ms (a bare start takes ${bare.toFixed(1)} ms)`);
  }
  const evalCost = startCost(f, 'bash', `eval "$(${shellQuoteArgv(gvxArgv())} env --shell bash)"`, EVAL_STARTS).added;
  figures['bash.evalStartUpAddedMs'] = evalCost;
  const line =
    `shell start-up: the rc line adds ${parts.join(', ')} (target <= ${START_TARGET_MS} ms each); ` +
    `eval "$(gvx env --shell bash)" adds ${evalCost.toFixed(0)} ms (Node start-up), ${(evalCost / Math.max(figures['bash.startUpAddedMs'], 0.1)).toFixed(0)}x the sourced file`;
  return { pass, line };
}

function hasStrace(): boolean {
  return runSync('strace', ['-V']).status === 0;
}

export async function run(): Promise<BenchResult> {
  const f = await fixture();
  const figures: Record<string, number> = {};
  const lines: string[] = [];
  let pass: boolean | undefined = true;
  try {
    for (const shell of SHELLS) {
      // Per prompt: (T(MANY) - T(FEW)) / (MANY - FEW), with and without the hook, alternating.
      const withHook: number[] = [];
      const without: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        without.push((timePrompts(f, shell, false, MANY) - timePrompts(f, shell, false, FEW)) / (MANY - FEW));
        withHook.push((timePrompts(f, shell, true, MANY) - timePrompts(f, shell, true, FEW)) / (MANY - FEW));
      }
      const perPrompt = median(withHook);
      const plain = median(without);
      const added = perPrompt - plain;
      // In a go.mod module (rule 3): against the same plain prompt, alternating likewise.
      const inModule: number[] = [];
      for (let i = 0; i < RUNS; i++) inModule.push((timePrompts(f, shell, true, MANY, f.module) - timePrompts(f, shell, true, FEW, f.module)) / (MANY - FEW));
      const moduleAdded = median(inModule) - plain;
      figures[`${shell}.moduleHookMsPerPrompt`] = moduleAdded;
      figures[`${shell}.perPromptMs`] = perPrompt;
      figures[`${shell}.perPromptPlainMs`] = plain;
      figures[`${shell}.hookMsPerPrompt`] = added;
      if (shell === 'bash' && added > TARGET_MS) pass = false;
      let forkText = 'forks: strace not installed';
      if (hasStrace()) {
        const base = forks(f, shell, []);
        const unchanged = (forks(f, shell, Array<string>(PROMPTS).fill(':')) - base) / PROMPTS;
        const entering = (forks(f, shell, f.others.map((o) => `cd '${o}'`)) - base) / f.others.length;
        figures[`${shell}.forksPerUnchangedPrompt`] = unchanged;
        figures[`${shell}.forksPerProjectChange`] = entering;
        forkText = `forks per unchanged prompt ${unchanged} (must be 0), per project change ${entering}`;
        if (unchanged !== 0) pass = false;
      } else {
        pass = undefined;
      }
      // A hostile .go-version: the resolver reads a bounded part of it at every prompt.
      const hostileText: string[] = [];
      for (const [what, where] of Object.entries(f.hostile)) {
        const ms = (timePrompts(f, shell, true, HOSTILE_MANY, where) - timePrompts(f, shell, true, HOSTILE_FEW, where)) / (HOSTILE_MANY - HOSTILE_FEW);
        figures[`${shell}.hostilePromptMs.${what}`] = ms;
        if (ms > HOSTILE_TARGET_MS) pass = false;
        hostileText.push(`${what} ${ms.toFixed(1)} ms`);
      }
      const target = shell === 'bash' ? ` (target <= ${TARGET_MS} ms)` : '';
      const line =
        `${shell}: a prompt costs ${(perPrompt * 1000).toFixed(0)} µs with the hook, ${(plain * 1000).toFixed(0)} µs without: the hook adds ${(added * 1000).toFixed(0)} µs${target}; ` +
        `in a go.mod module (600 requires, 6 levels up) it adds ${(moduleAdded * 1000).toFixed(0)} µs; ` +
        `a prompt on a hostile .go-version: ${hostileText.join(', ')} (target <= ${HOSTILE_TARGET_MS} ms); ${forkText}`;
      console.log(line);
      lines.push(line);
    }
    const start = startUp(f, figures);
    console.log(start.line);
    lines.push(start.line);
    if (!start.pass && pass !== undefined) pass = false;
  } finally {
    rmSync(f.dir, { recursive: true, force: true });
  }
  return { pass, summary: lines.join('; '), figures };
}
