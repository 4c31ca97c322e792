// GVX_HOME/env.<shell>: the files the README's rc lines source, so that a new shell is set up
// without starting Node. Each is proved to give the same shell as `gvx env`, to start no
// process, and to stand aside for `gvx env` when it may be stale (another GVX_HOME, an
// upgraded, moved or rebuilt gvx). What needs no zsh, fish, strace or script(1):
// env-file.test.ts.

import assert from 'node:assert/strict';
import { lstatSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EnvFileStamp, currentStamp, envFilePath, renderEnvFile } from '../../lib/shell/env-file.js';
import { gvxArgv } from '../../lib/package-info.js';
import type { SupportedShell } from '../../lib/shell/integration.js';
import { findOnPath, requireAptTool } from '../helpers/apt-tools.js';
import { pathWithout, type RunResult } from '../helpers/env.js';
import { SHELLS, type ShellName, evalLine, setupLine, shellPath } from './interactive.js';
import { type World, makeWorld, requireShell } from './setup.js';

const ARGS: Record<ShellName, string[]> = { bash: ['--norc', '--noprofile', '-i', '-c'], zsh: ['-f', '-i', '-c'], fish: ['--no-config', '--private', '-i', '-c'] };

/** What the set-up left in the shell: PATH's first entry, GOROOT, and whether gvx is a function. */
function report(shell: ShellName): string {
  const isFunction = { bash: 'declare -F gvx >/dev/null', zsh: '(( $+functions[gvx] ))', fish: 'functions -q gvx' }[shell];
  if (shell === 'fish') return `printf 'first=%s\\n' $PATH[1]; printf 'goroot=%s\\n' "$GOROOT"; ${isFunction}; and echo 'gvx=function'`;
  return `printf 'first=%s\\n' "\${PATH%%:*}"; printf 'goroot=%s\\n' "$GOROOT"; ${isFunction} && echo 'gvx=function'`;
}

function hasStrace(): boolean {
  return findOnPath('strace') !== undefined;
}

describe('shell set-up files (GVX_HOME/env.<shell>)', function () {
  this.timeout(120000);
  let world: World;
  before(async () => {
    world = await makeWorld();
  });
  after(async () => world?.cleanup());

  /** Runs `line` then the report in an interactive shell, in P (P/.go-version says 1.21). */
  function inShell(shell: ShellName, line: string, env: Record<string, string> = {}, traceTo?: string): Promise<RunResult> {
    const argv = [shellPath(shell)!, ...ARGS[shell], `${line}\n${report(shell)}`];
    const [command, ...args] = traceTo ? ['strace', '-f', '-qq', '-e', 'trace=execve', '-o', traceTo, ...argv] : argv;
    return world.sandbox.run(command, args, { env: world.env(shell, env), cwd: world.P });
  }

  /** The programs a traced run executed, the shell itself left out. */
  function executed(traceFile: string, shell: ShellName): string[] {
    return readFileSync(traceFile, 'utf8')
      .split('\n')
      .map((l) => /execve\("([^"]+)"/.exec(l)?.[1])
      .filter((p): p is string => p !== undefined && p !== shellPath(shell));
  }

  for (const shell of SHELLS) {
    it(`${shell}: sourcing the file sets up what gvx env does, without starting any process`, async function () {
      requireShell(this, shell);
      requireAptTool(this, 'strace');
      const trace = join(world.sandbox.tmp, `execve.${shell}`);
      const sourced = await inShell(shell, setupLine(shell), {}, trace);
      assert.equal(sourced.code, 0, sourced.stderr);
      assert.deepEqual(executed(trace, shell), [], `sourcing ${envFilePath(world.home, shell)} must run no program`);
      const evaluated = await inShell(shell, evalLine(shell));
      assert.equal(evaluated.code, 0, evaluated.stderr);
      assert.equal(sourced.stdout, evaluated.stdout);
      assert.match(sourced.stdout, new RegExp(`^first=${world.home}/shims$`, 'm'));
      assert.match(sourced.stdout, new RegExp(`^goroot=${world.goroot('1.21.13')}$`, 'm'));
      assert.match(sourced.stdout, /^gvx=function$/m);
    });

    it(`${shell}: with another GVX_HOME, the file stands aside for gvx env, which sets up that home`, async function () {
      requireShell(this, shell);
      const other = join(world.sandbox.root, `other-home-${shell}`);
      const result = await inShell(shell, `${setupLine(shell).replace('$GVX_HOME', world.home)}`, { GVX_HOME: other });
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, new RegExp(`^first=${other}/shims$`, 'm'), 'the slow path set up the home in GVX_HOME');
      assert.ok(lstatSync(envFilePath(other, shell)).isFile(), 'and wrote its env file');
    });
  }

  /** An env file for bash written against `stamp` (a copy of package.json the test can edit). */
  async function writeWithStamp(shell: SupportedShell, stamp: EnvFileStamp, argv: readonly string[] = gvxArgv()): Promise<string> {
    const path = envFilePath(world.home, shell);
    writeFileSync(path, await renderEnvFile(shell, { home: world.home, shimsDir: join(world.home, 'shims'), gvxArgv: argv, stamp }));
    return path;
  }

  async function fakeStamp(): Promise<EnvFileStamp> {
    const real = await currentStamp();
    const packageJson = join(world.sandbox.root, 'package.json');
    writeFileSync(packageJson, await readFile(real.packageJson));
    const builtFile = join(world.sandbox.root, 'built.js');
    writeFileSync(builtFile, '');
    utimesSync(builtFile, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    return { ...real, packageJson, builtFile };
  }

  for (const shell of SHELLS) {
    it(`${shell}: after an upgrade (another version line) or a rebuild (a newer build), gvx env runs and rewrites the file`, async function () {
      requireShell(this, shell);
      const stamp = await fakeStamp();
      const path = await writeWithStamp(shell, stamp);
      const trace = join(world.sandbox.tmp, `fresh.${shell}`);
      if (hasStrace()) {
        const fresh = await inShell(shell, setupLine(shell), {}, trace);
        assert.equal(fresh.code, 0, fresh.stderr);
        assert.deepEqual(executed(trace, shell), [], 'the stamp matches: the file is used as it is');
      }

      writeFileSync(stamp.packageJson, readFileSync(stamp.packageJson, 'utf8').replace(stamp.versionLine, '"version": "99.0.0",'));
      const upgraded = await inShell(shell, setupLine(shell), {}, trace);
      assert.equal(upgraded.code, 0, upgraded.stderr);
      assert.match(upgraded.stdout, new RegExp(`^first=${world.home}/shims$`, 'm'));
      assert.match(upgraded.stdout, /^gvx=function$/m);
      assert.ok(executed(trace, shell).some((p) => p.endsWith('/node')), 'gvx env ran');
      assert.equal(readFileSync(path, 'utf8'), await renderEnvFile(shell, { home: world.home, shimsDir: join(world.home, 'shims'), gvxArgv: gvxArgv(), stamp: await currentStamp() }), 'gvx env rewrote the file for the running gvx');

      // A rebuild: the compiled gvx is newer than the file.
      const rebuilt = await fakeStamp();
      await writeWithStamp(shell, rebuilt);
      const future = new Date(Date.now() + 60_000);
      utimesSync(rebuilt.builtFile, future, future);
      const again = await inShell(shell, setupLine(shell), {}, trace);
      assert.equal(again.code, 0, again.stderr);
      assert.ok(executed(trace, shell).some((p) => p.endsWith('/node')), 'gvx env ran after a rebuild');
    });

    it(`${shell}: when the gvx that wrote it is gone, it says so (or uses the gvx on PATH)`, async function () {
      requireShell(this, shell);
      const gone = [process.execPath, join(world.sandbox.root, 'gone', 'bin', 'gvx')];
      await writeWithStamp(shell, await currentStamp(), gone);
      const viaPath = await inShell(shell, setupLine(shell));
      assert.equal(viaPath.code, 0, viaPath.stderr);
      assert.match(viaPath.stdout, /^gvx=function$/m, 'the gvx on PATH set the shell up');
      assert.match(viaPath.stdout, new RegExp(`^first=${world.home}/shims$`, 'm'));

      await writeWithStamp(shell, await currentStamp(), gone);
      const noGvx = await inShell(shell, setupLine(shell), { PATH: await pathWithout('gvx', join(world.sandbox.root, 'no-gvx-bin')) });
      assert.match(noGvx.stderr, /was written by a gvx that is no longer there .*gone\/bin\/gvx.* reinstall gvx/);
      assert.doesNotMatch(noGvx.stdout, /^gvx=function$/m);
      await world.sandbox.runGvx(['env', '--shell', shell]); // put the world's file back
    });
  }

  it('gvx env in a terminal first names the rc line on stderr; evaluated, it prints nothing there', async function () {
    // script(1) gives gvx a terminal, as when a person types the command.
    const terminal = await world.sandbox.run(requireAptTool(this, 'script'), ['-qfec', 'gvx env --shell zsh', '/dev/null'], { env: world.env('bash') });
    assert.equal(terminal.code, 0, terminal.stderr);
    // The pty turns \n into \r\n.
    assert.ok(terminal.stdout.startsWith(`gvx: to set up zsh in every new shell, put this line in ~/.zshrc: . "${world.home}/env.zsh"\r\n# gvx shell integration for zsh`), terminal.stdout);
    const piped = await world.sandbox.runGvx(['env', '--shell', 'zsh']);
    assert.equal(piped.stderr, '');
  });

  describe('which shell gvx env prints for, without --shell', () => {
    for (const [shell, SHELL, run] of [
      ['zsh', '/usr/bin/bash', 'eval "$(gvx env)" && whence -w gvx'],
      ['fish', '/usr/bin/bash', 'gvx env | source; and functions -q gvx; and echo gvx: function'],
    ] as const) {
      it(`${shell} under SHELL=${SHELL}`, async function () {
        requireShell(this, shell);
        const result = await world.sandbox.run(shellPath(shell)!, ['-c', run], { env: world.env(shell, { SHELL }) });
        assert.equal(result.code, 0, result.stderr);
        assert.match(result.stdout, /gvx: function/);
      });
    }
  });
});
