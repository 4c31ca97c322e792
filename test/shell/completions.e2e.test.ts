// `gvx completions`: every command of `gvx --help`, each command's flags and the installed
// versions, checked by running the generated code in real bash, zsh and fish.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeFakeHome } from '../helpers/fake-home.js';
import { shellPath } from './interactive.js';
import { type World, makeWorld } from './setup.js';
import { runSync } from '../helpers/run-sync.js';

describe('gvx completions', function () {
  this.timeout(60000);
  let world: World;
  let commands: string[];
  before(async () => {
    world = await makeWorld();
    const help = await world.sandbox.runGvx(['--help']);
    commands = [...help.stdout.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]);
    assert.ok(commands.includes('install') && commands.includes('completions'));
  });
  after(async () => world?.cleanup());

  const generate = async (shell: string) => {
    const result = await world.sandbox.runGvx(['completions', shell]);
    assert.equal(result.code, 0, result.stderr);
    const file = join(world.root, `completions.${shell}`);
    writeFileSync(file, result.stdout);
    return file;
  };
  const run = (shell: string, args: string[]) => {
    if (!shellPath(shell as 'bash')) return undefined;
    const result = runSync(shellPath(shell as 'bash')!, args, { env: world.env(shell as 'bash') });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.split('\n').filter(Boolean);
  };

  it('bash: commands, flags, installed versions', async function () {
    const file = await generate('bash');
    const complete = (line: string) => {
      const words = line.split(' ');
      const script = `source '${file}'; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _gvx_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return run('bash', ['--norc', '-c', script]) ?? this.skip();
    };
    assert.deepEqual(complete('gvx ').sort(), [...commands, '--help', '--version'].sort());
    assert.deepEqual(complete('gvx use --'), ['--here', '--global', '--exact', '--no-install', '--quiet', '--help']);
    assert.deepEqual(complete('gvx use 1.2'), ['1.21.13', '1.22.12']);
    assert.deepEqual(complete('gvx env --shell f'), ['fish']);
  });

  it('bash: with GVX_HOME not exported, versions come from the home gvx was run with, however it is named; nothing in the name runs', async () => {
    const home = join(world.root, "h $(touch MARKER) `touch MARKER` 'q' \"d\"; touch MARKER");
    await makeFakeHome(home, ['1.22.12']);
    const generated = await world.sandbox.runGvx(['completions', 'bash'], { env: { GVX_HOME: home } });
    assert.equal(generated.code, 0, generated.stderr);
    const file = join(world.root, 'completions-odd.bash');
    writeFileSync(file, generated.stdout);
    const { GVX_HOME: _, ...env } = world.env('bash');
    const script = `source '${file}'; COMP_WORDS=(gvx use ''); COMP_CWORD=2; _gvx_complete; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const result = runSync(shellPath('bash')!, ['--norc', '-c', script], { env, cwd: world.root });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.stdout.split('\n').filter(Boolean), ['1.22.12']);
    assert.equal(existsSync(join(world.root, 'MARKER')), false);
  });

  it('zsh: installed versions come from the home gvx was run with when GVX_HOME is not exported', async function () {
    const file = await generate('zsh');
    if (!shellPath('zsh')) this.skip();
    const { GVX_HOME: home, ...env } = world.env('zsh');
    assert.ok(home);
    const result = runSync(shellPath('zsh')!, ['-f', '-c', `autoload -Uz compinit && compinit -u -D; source '${file}'; _gvx_candidates use ''; print -l -- $reply`], { env });
    assert.equal(result.status, 0, result.stderr);
    const versions = readdirSync(join(home, 'versions')).sort();
    assert.ok(versions.length > 0);
    assert.deepEqual(result.stdout.split('\n').filter(Boolean), versions);
  });

  it('zsh: candidates for flags and installed versions; the _gvx function loads', async function () {
    const file = await generate('zsh');
    const out = run('zsh', ['-f', '-c', `autoload -Uz compinit && compinit -u -D; source '${file}'; _gvx_candidates shell ''; print -l -- $reply; _gvx_candidates install --; print -l -- $reply; print -- \${+_comps[gvx]}`]) ?? this.skip();
    assert.deepEqual(out, ['1.21.13', '1.22.12', '--source', '--allow-unlisted', '--force', '--quiet', '--json', '--archive', '--sha256', '--no-verify', '--help', '1']);
  });

  it('fish: commands, flags, installed versions', async function () {
    const file = await generate('fish');
    const complete = (line: string) => run('fish', ['--no-config', '--private', '-c', `source '${file}'; complete -C '${line}'`]) ?? this.skip();
    const names = complete('gvx ').map((l) => l.split('\t')[0]);
    assert.deepEqual(names.sort(), [...commands].sort());
    assert.ok(complete('gvx use --').some((l) => l.startsWith('--no-install')));
    assert.deepEqual(complete('gvx shell 1.2').map((l) => l.split('\t')[0]).sort(), ['1.21.13', '1.22.12']);
  });

  it('refuses an unknown shell with the supported ones named (exit 2)', async () => {
    const result = await world.sandbox.runGvx(['completions', 'tcsh']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /unknown shell "tcsh"; supported: bash, zsh, fish/);
  });
});
