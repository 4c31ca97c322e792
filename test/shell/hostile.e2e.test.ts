// Version files come from cloned repositories: their content is data. For each shell, entering
// a directory with a hostile .go-version / .tool-versions prints one clear error line (the
// value quoted only when it is safe to show, never from a symlink), exports no GOROOT, and
// runs nothing (the marker file some contents try to create never appears).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SHELLS, quoteFor } from './interactive.js';
import { type World, makeWorld, requireShell, startWithIntegration } from './setup.js';

/** How the error names the file's value: its exact words after "<file>: ". */
const HIDDEN = 'not a valid Go version (it holds characters that are not shown)';
const TWO_LINES = 'more than one line names a version';
const shown = (value: string) => `"${value}" is not a valid Go version`;

function hostileContents(marker: string): { name: string; file: '.go-version' | '.tool-versions'; content: string | Buffer; symlink?: boolean; why: string }[] {
  const touch = `touch ${marker}`;
  return [
    { name: 'command substitution', file: '.go-version', content: `$(${touch})\n`, why: HIDDEN },
    { name: 'backticks', file: '.go-version', content: `\`${touch}\`\n`, why: HIDDEN },
    { name: 'semicolon', file: '.go-version', content: `1.22.12; ${touch}\n`, why: HIDDEN },
    { name: 'and-and', file: '.go-version', content: `1.22.12 && ${touch}\n`, why: HIDDEN },
    { name: 'newline', file: '.go-version', content: `1.22.12\n${touch}\n`, why: TWO_LINES },
    { name: 'quotes', file: '.go-version', content: `'1.22.12'"$(${touch})"\n`, why: HIDDEN },
    { name: 'path traversal', file: '.go-version', content: '../../bin\n', why: shown('../../bin') },
    { name: 'a 1 MB line', file: '.go-version', content: `${'1'.repeat(1 << 20)}\n`, why: 'not a valid Go version file (larger than 4096 bytes)' },
    { name: 'a 1000-byte value', file: '.go-version', content: `1.22.${'9'.repeat(995)}\n`, why: shown(`1.22.${'9'.repeat(27)}…`) },
    { name: 'binary bytes', file: '.go-version', content: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x02, 0xff, 0xfe, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x0a, 0x24, 0x28, 0x29]), why: TWO_LINES },
    { name: 'an ESC sequence (a terminal title)', file: '.go-version', content: '1.22\u001b]0;pwned\u0007\n', why: HIDDEN },
    { name: 'non-UTF-8 bytes', file: '.go-version', content: Buffer.from([0x31, 0x2e, 0x32, 0x32, 0xff, 0xfe, 0x0a]), why: HIDDEN },
    { name: 'a symlinked file is never quoted', file: '.go-version', content: '1.22.x-hunter2\n', symlink: true, why: 'not a valid Go version' },
    { name: '.tool-versions command substitution', file: '.tool-versions', content: `golang $(${touch})\n`, why: HIDDEN },
    { name: '.tool-versions golang system', file: '.tool-versions', content: 'nodejs 20.1.0\ngolang system\n', why: shown('system') },
  ];
}

for (const shell of SHELLS) {
  describe(`hostile version files: ${shell}`, function () {
    this.timeout(180000);
    let world: World;
    beforeEach(async function () {
      requireShell(this, shell);
      world = await makeWorld();
    });
    afterEach(async () => world?.cleanup());

    it('prints one clear error per file, exports no GOROOT, and executes nothing', async () => {
      const marker = join(world.root, 'MARKER');
      const cases = hostileContents(marker);
      const { sh } = await startWithIntegration(world, shell, world.P);
      for (const [i, c] of cases.entries()) {
        const dir = join(world.root, 'hostile', String(i));
        await mkdir(dir, { recursive: true });
        if (c.symlink) {
          await writeFile(join(world.root, 'hostile', `target-${i}`), c.content);
          await symlink(join(world.root, 'hostile', `target-${i}`), join(dir, c.file));
        } else {
          await writeFile(join(dir, c.file), c.content);
        }
        const step = await sh.run(`cd ${quoteFor(shell, dir)}`);
        assert.equal(step.gvx.length, 1, `${c.name}: one line (got ${JSON.stringify(step.stderr.slice(0, 400))})`);
        assert.equal(step.gvx[0], `gvx: error: ${dir}/${c.file}: ${c.why} (nothing in it was run; put a version such as 1.22 in it)`, c.name);
        assert.ok(!step.stderr.includes('hunter2') && !step.stderr.includes('\u001b'), `${c.name}: nothing of the file's bytes leaks`);
        assert.deepEqual(await sh.vars('GOROOT', 'GVX_ACTIVE_VERSION'), { GOROOT: undefined, GVX_ACTIVE_VERSION: undefined }, c.name);
        const go = await sh.run('go version');
        assert.equal(go.stdout, '', `${c.name}: the shim refuses too`);
        await sh.run(`cd ${quoteFor(shell, world.P)}`); // back to a valid project: the next case is a change
        assert.equal(existsSync(marker), false, `${c.name}: nothing was executed`);
      }
    });

    it('a directory name full of shell syntax is only ever printed', async () => {
      const marker = join(world.root, 'MARKER');
      const dir = join(world.root, `$(touch ${marker}) \`touch ${marker}\`; x`);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, '.go-version'), '1.22.12\n');
      const { sh } = await startWithIntegration(world, shell, world.root);
      const step = await sh.run(`cd ${quoteFor(shell, dir)}`);
      assert.deepEqual(step.gvx, [`gvx: go 1.22.12 (${dir}/.go-version)`]);
      assert.equal((await sh.vars('GOROOT')).GOROOT, world.goroot('1.22.12'));
      assert.equal(existsSync(marker), false);
    });
  });
}
