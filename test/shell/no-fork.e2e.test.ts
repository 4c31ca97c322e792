// The prompt stays cheap: the hook forks nothing when the directory did not change. strace
// counts the process-creating system calls of a real interactive bash/zsh over 50 unchanged
// prompts (minus the same session without them); entering projects must not fork either.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireAptTool } from '../helpers/apt-tools.js';
import { shellPath } from './interactive.js';
import { type World, makeWorld, requireShell } from './setup.js';
import { runSync } from '../helpers/run-sync.js';

const ARGS = { bash: ['--norc', '--noprofile', '--noediting', '-i'], zsh: ['-f', '-i'] } as const;

for (const shell of ['bash', 'zsh'] as const) {
  describe(`the ${shell} hook forks nothing (strace)`, function () {
    this.timeout(120000);
    let world: World;
    let script: string;
    before(async function () {
      requireShell(this, shell);
      requireAptTool(this, 'strace');
      world = await makeWorld();
      script = join(world.root, `env.${shell}`);
      const env = await world.sandbox.runGvx(['env', '--shell', shell]);
      assert.equal(env.code, 0, env.stderr);
      await writeFile(script, env.stdout);
      for (let i = 0; i < 6; i++) {
        await mkdir(join(world.root, `p${i}`, 'src'), { recursive: true });
        await writeFile(join(world.root, `p${i}`, '.go-version'), i % 2 ? '1.21\n' : '1.22.12\n');
      }
      // Invalid values, each named in its own way (quoted and cut, not shown, a symlink).
      const invalid = [`1.22.${'x'.repeat(100)}\n`, '1.22\u001b[31m\n', '$(id)\n'];
      for (const [i, content] of invalid.entries()) {
        await mkdir(join(world.root, `bad${i}`), { recursive: true });
        await writeFile(join(world.root, `bad${i}`, '.go-version'), content);
      }
      await mkdir(join(world.root, 'bad3'));
      await symlink(join(world.root, 'bad0', '.go-version'), join(world.root, 'bad3', '.go-version'));
    });
    after(async () => world?.cleanup());

    const forks = (body: string[]) => {
      const log = join(world.root, `strace.${body.length}.${body[0] ?? ''}`.replace(/[^\w.]/g, '_'));
      const input = ["PS1=''", `. '${script}'`, `cd '${world.P}/sub/deep/er'`, ...body, 'exit', ''].join('\n');
      const result = runSync('strace', ['-f', '-qq', '-o', log, '-e', 'trace=fork,vfork,clone,clone3', shellPath(shell)!, ...ARGS[shell]], {
        input,
        env: world.env(shell, { GVX_QUIET: '1' }),
        cwd: world.root,
      });
      assert.equal(result.status, 0, result.stderr);
      return readFileSync(log, 'utf8').split('\n').filter((l) => /\b(fork|vfork|clone|clone3)\(/.test(l)).length;
    };

    it('counts a fork when there is one (the measurement works)', () => {
      assert.equal(forks(['/bin/true']) - forks([]), 1);
    });

    it('0 forks over 50 unchanged prompts, and 0 when entering 6 projects', () => {
      const base = forks([]);
      assert.equal(forks(Array<string>(50).fill(':')) - base, 0);
      assert.equal(forks(Array.from({ length: 6 }, (_, i) => `cd '${world.root}/p${i}/src'`)) - base, 0);
    });

    it('0 forks when entering projects whose version file is invalid (the message is built with built-ins)', () => {
      assert.equal(forks(Array.from({ length: 4 }, (_, i) => `cd '${world.root}/bad${i}'`)) - forks([]), 0);
    });
  });
}
