// The contract: every case of resolution-cases.ts (plain and hostile) through the resolvers
// gvx has: the CLI (`gvx current --json`, the TypeScript rule with the logical cwd), the
// go shim (POSIX sh: dash), and the resolvers of the bash, zsh and fish hooks as `gvx env`
// prints them. Each must give the table's answer (and, when the case names one, its exact
// error message), print no secret and run nothing. resolvers.test.ts runs the CLI, the shim
// and bash; resolvers-zsh-fish.e2e.test.ts the zsh and fish hooks (apt packages).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gvxArgv } from '../../lib/package-info.js';
import { loadShell } from '../../lib/shell/load-shell.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { GVX_BIN } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';
import { type ShellName, shellPath } from '../shell/interactive.js';
import { RESOLUTION_CASES, type ResolutionCase, type ResolutionError, SPECIAL_CASES, type SpecialCase } from './resolution-cases.js';
import { runSync } from '../helpers/run-sync.js';

export type Resolver = 'cli' | 'shim' | ShellName;
const isShell = (resolver: Resolver): resolver is ShellName => resolver !== 'cli' && resolver !== 'shim';

type Outcome = { version: string; origin?: string; file?: string } | { error: string; install?: string }; // a ResolutionError, or what else went wrong
/** The error message a resolver gave ("gvx: error: " left out), if any. */
type Answer = { outcome: Outcome; message?: string };

// Prints version, origin, error, spec, requirement (one per line) after the shell's own resolution.
const PROBE: Record<ShellName, string> = {
  bash: `_gvx_resolve "$GVX_HOME" "$PWD"; printf '%s\\n' "$_gvx_version" "$_gvx_origin" "$_gvx_error" "\${_gvx_spec:+set}" "$_gvx_req" "\${_gvx_req:+$_gvx_spec}"`,
  zsh: `_gvx_probe() { emulate -L sh; _gvx_resolve "$GVX_HOME" "$PWD"; printf '%s\\n' "$_gvx_version" "$_gvx_origin" "$_gvx_error" "\${_gvx_spec:+set}" "$_gvx_req" "\${_gvx_req:+$_gvx_spec}"; }; _gvx_probe`,
  fish: `__gvx_resolve $GVX_HOME $PWD; printf '%s\\n' "$__gvx_version" "$__gvx_origin" "$__gvx_error" (string length -q -- "$__gvx_spec"; and echo set; or echo '') "$__gvx_req" (string length -q -- "$__gvx_req"; and echo $__gvx_spec; or echo '')`,
};

function commandFor(resolver: Resolver, script: string, home: string): string[] {
  switch (resolver) {
    case 'cli':
      return [process.execPath, GVX_BIN, 'current', '--json'];
    case 'shim':
      return [join(new HomeLayout(home).shimsDir, 'go'), 'version'];
    case 'bash':
      return [shellPath('bash')!, '--norc', '--noprofile', '-c', `source '${script}'; ${PROBE.bash}`];
    case 'zsh':
      return [shellPath('zsh')!, '-f', '-c', `source '${script}'; ${PROBE.zsh}`];
    case 'fish':
      return [shellPath('fish')!, '--no-config', '--private', '-c', `source '${script}'; ${PROBE.fish}`];
  }
}

function errorKind(message: string): ResolutionError {
  if (/GVX_HOME/.test(message)) return 'bad-home';
  return /current directory/.test(message) ? 'no-cwd' : 'invalid';
}

function answer(resolver: Resolver, status: number | null, stdout: string, stderr: string): Answer {
  const outcome = classify(resolver, status, stdout, stderr);
  if (!('error' in outcome)) return { outcome };
  const message = resolver === 'cli' || resolver === 'shim' ? /^gvx: error: (.*)$/m.exec(stderr)?.[1] : stdout.split('\n')[2] || undefined;
  return { outcome, message };
}

function classify(resolver: Resolver, status: number | null, stdout: string, stderr: string): Outcome {
  if (resolver === 'cli') {
    if (status === 0 || status === 3) {
      const json = JSON.parse(stdout) as { version: string | null; origin: string; file: string | null; install?: string };
      if (json.origin === 'none') return { error: 'none' };
      if (!json.version) return json.origin.startsWith('go.') ? { error: 'unsatisfied', install: json.install } : { error: 'not-installed' };
      return { version: json.version, origin: json.origin, file: ['file', 'go.mod', 'go.work'].includes(json.origin) ? (json.file ?? undefined) : undefined };
    }
    if ((status === 2 || status === 7) && /^gvx: error: /.test(stderr)) return { error: errorKind(stderr) };
    return { error: `exit ${status}: ${stderr}` };
  }
  if (resolver === 'shim') {
    if (status === 0) return { version: /^go version go(\S+) /.exec(stdout)?.[1] ?? `?${stdout}` };
    // dash itself complains first when it starts in a deleted directory.
    const ours = stderr.replace(/^sh: 0: getcwd\(\) failed: No such file or directory\n/, '');
    if (status !== 127 || !/^gvx: error: .*\nhint: .*\n$/.test(ours)) return { error: `exit ${status}: ${stderr}` };
    if (/no Go version is selected/.test(stderr)) return { error: 'none' };
    if (/but is not installed/.test(stderr)) return { error: 'not-installed' };
    if (/requires go >= .* and no installed Go satisfies it/.test(stderr)) return { error: 'unsatisfied', install: /\nhint: gvx install (\S+)/.exec(stderr)?.[1] };
    return { error: errorKind(stderr) };
  }
  if (status !== 0) return { error: `exit ${status}: ${stderr}` };
  const [version, origin = '', error, spec, requirement, install] = stdout.split('\n');
  const kind = requirement ? (origin.endsWith('/go.work') ? 'go.work' : 'go.mod') : origin === 'GVX_GO_VERSION' ? 'env' : origin === 'default' ? 'default' : 'file';
  if (version) return { version, origin: kind, file: origin.startsWith('/') ? origin : undefined };
  if (error) return { error: errorKind(error) };
  if (requirement) return { error: 'unsatisfied', install };
  return { error: spec ? 'not-installed' : 'none' };
}

function expected(c: ResolutionCase, resolver: Resolver, project: string): Outcome {
  if ('error' in c.expect) return c.expect.error === 'unsatisfied' ? { error: 'unsatisfied', install: c.expect.install } : { error: c.expect.error };
  if (resolver === 'shim') return { version: c.expect.version }; // the shim's answer is the go it runs
  return { version: c.expect.version, origin: c.expect.origin, file: c.expect.file ? join(project, c.expect.file) : undefined };
}

/** One test per case, each running every resolver in `resolvers`. */
export function describeResolverContract(title: string, resolvers: readonly Resolver[]): void {
  describe(title, function () {
    this.timeout(120_000);
    let base: string;
    let script: Record<ShellName, string>;
    before(async function () {
      const shells = resolvers.filter(isShell);
      for (const shell of shells) {
        if (shellPath(shell)) continue;
        if (process.env.CI) throw new Error(`${shell} is missing`);
        this.skip();
      }
      base = mkdtempSync(join(tmpdir(), 'gvx-resolvers-'));
      script = {} as Record<ShellName, string>;
      for (const shell of shells) {
        script[shell] = join(base, `env.${shell}`);
        const code = await (await loadShell(shell)).render({ home: join(base, 'none'), shimsDir: join(base, 'shims'), gvxArgv: gvxArgv(), useOnCd: true });
        writeFileSync(script[shell], code);
      }
    });
    after(() => base && rmSync(base, { recursive: true, force: true }));

    const cases: (ResolutionCase | SpecialCase)[] = [...RESOLUTION_CASES, ...SPECIAL_CASES];
    for (const [i, c] of cases.entries()) {
      const special = 'prepare' in c ? c : undefined;
      it(c.name, async function () {
        if (special?.unprivileged && process.getuid?.() !== 0) this.skip(); // as a user, nothing to drop: the case needs root
        const caseDir = join(base, String(i));
        const home = join(caseDir, 'home');
        const project = join(caseDir, 'project');
        const cwd = join(project, c.cwd ?? '');
        mkdirSync(cwd, { recursive: true });
        for (const [path, content] of Object.entries(c.files ?? {})) {
          mkdirSync(dirname(join(project, path)), { recursive: true });
          writeFileSync(join(project, path), content);
        }
        await makeFakeHome(home, c.installed, c.defaultSpec);
        if (c.defaultFile !== undefined) writeFileSync(join(home, 'default'), c.defaultFile);
        special?.prepare({ base: caseDir, project, cwd });
        const pwd = special?.logicalCwd ? join(caseDir, special.logicalCwd) : cwd;
        const message = c.message?.replace('<project>', project).replace('<cwd>', cwd).replace('<home>', home);
        const caseEnv = Object.fromEntries(Object.entries(c.env ?? {}).map(([k, v]) => [k, v.replace('<project>', project)]));
        const env: Record<string, string> = { PATH: '/usr/bin:/bin', HOME: caseDir, GVX_HOME: home, GVX_QUIET: '1', PWD: pwd, ...caseEnv };
        const failures: string[] = [];
        try {
          for (const resolver of resolvers) {
            let argv = commandFor(resolver, isShell(resolver) ? script[resolver] : '', home);
            // A deleted cwd: enter it, remove it, then become the resolver.
            if (special?.deleteCwd) argv = ['/bin/sh', '-c', 'cd "$1" && rmdir "$1" && shift && exec "$@"', 'sh', cwd, ...argv];
            if (special?.unprivileged) argv = ['setpriv', '--bounding-set=-dac_override,-dac_read_search', '--', ...argv];
            if (special?.deleteCwd) mkdirSync(cwd, { recursive: true });
            const result = runSync(argv[0]!, argv.slice(1), { cwd: special?.deleteCwd ? caseDir : cwd, env, timeout: 60_000, maxBuffer: 1 << 24 });
            const got: Answer = result.error ? { outcome: { error: `spawn: ${result.error.message}` } } : answer(resolver, result.status, result.stdout, result.stderr);
            try {
              assert.deepEqual(got.outcome, expected(c, resolver, project));
            } catch {
              failures.push(`${resolver}: got ${JSON.stringify(got.outcome)}, want ${JSON.stringify(expected(c, resolver, project))}; stderr: ${result.stderr?.slice(0, 300)}`);
            }
            if (message !== undefined && got.message !== message) failures.push(`${resolver}: message ${JSON.stringify(got.message)}, want ${JSON.stringify(message)}`);
            if (special?.secret && `${result.stdout}${result.stderr}`.includes(special.secret)) failures.push(`${resolver} printed the secret`);
            if (existsSync(join(cwd, 'MARKER'))) failures.push(`${resolver} executed file content`);
          }
        } finally {
          if (special?.unprivileged) runSync('chmod', ['-R', 'u+rwx', project]);
        }
        assert.deepEqual(failures, []);
      });
    }
  });
}
