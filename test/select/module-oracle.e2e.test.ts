// The go command is the oracle for rule 3: gvx must find in a go.mod/go.work the version the go
// command itself asks for. Debian's real go 1.22, run with GOTOOLCHAIN=auto and GOPROXY=off,
// names the toolchain it would switch to ("go: downloading go1.97.3") without any network; the
// CLI (TypeScript) and the shim (sh) must name the same requirement, on real-shaped files:
// go after require and replace blocks, a go.work with use first, toolchain after require.

import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GVX_BIN } from '../helpers/env.js';
import { requireDebianGo } from '../helpers/debian-go.js';
import { makeFakeHome } from '../helpers/fake-home.js';
import { runSync } from '../helpers/run-sync.js';

const requires = (n: number) => Array.from({ length: n }, (_, i) => `\tgithub.com/org${i}/lib${i} v0.${i}.1 // indirect\n`).join('');

/** Module files (path -> content) and the directory to ask in; every version is above go 1.22. */
const CASES: ReadonlyArray<{ name: string; files: Record<string, string>; cwd?: string }> = [
  { name: 'go after a require block', files: { 'go.mod': `module m\n\nrequire (\n${requires(180)})\n\ngo 1.97.1\n` } },
  { name: 'go after replace, exclude and retract', files: { 'go.mod': 'module m\n\nreplace (\n\tx => ../x\n)\n\nexclude z v1.0.0\nretract v0.1.0 // oops\n\ngo 1.96.2\n' } },
  { name: 'toolchain after require', files: { 'go.mod': `module m\n\ngo 1.22.0\n\nrequire (\n${requires(20)})\n\ntoolchain go1.97.3\n` } },
  { name: 'go.work with use first', files: { 'go.work': 'use ./a\n\ngo 1.98.0\n', 'a/go.mod': 'module a\n\ngo 1.22.0\n' }, cwd: 'a' },
  { name: 'a 30 KB go.mod with go at the end', files: { 'go.mod': `module m\n\nrequire (\n${requires(500)})\n\ngo 1.95.4\n` } },
  { name: 'CRLF, a comment after the value, an indented go line', files: { 'go.mod': 'module m\r\n// go 1.99.9\r\n\t go 1.94.1 // the minimum\r\n' } },
  { name: 'the first go line wins over a later, higher one', files: { 'go.mod': 'module m\ngo 1.93.0\nrequire x v1.0.0\ngo 1.99.0\n' } },
];

describe('rule 3 agrees with the go command (Debian go 1.22, GOTOOLCHAIN=auto, GOPROXY=off)', function () {
  this.timeout(120_000);
  let base: string;
  let go: string;
  before(async function () {
    go = join(requireDebianGo(this, '1.22'), 'bin', 'go');
    base = mkdtempSync(join(tmpdir(), 'gvx-module-oracle-'));
  });
  after(() => base && rmSync(base, { recursive: true, force: true }));

  for (const [i, c] of CASES.entries()) {
    it(c.name, async () => {
      const dir = join(base, String(i));
      const project = join(dir, 'project');
      for (const [path, content] of Object.entries(c.files)) {
        mkdirSync(join(project, path, '..'), { recursive: true });
        writeFileSync(join(project, path), content);
      }
      const cwd = join(project, c.cwd ?? '');
      const env = { PATH: '/usr/bin:/bin', HOME: dir, GVX_HOME: join(dir, 'home'), PWD: cwd, GOTOOLCHAIN: 'auto', GOPROXY: 'off', GOFLAGS: '' };
      const layout = await makeFakeHome(env.GVX_HOME, ['1.22.12']);

      const oracle = runSync(go, ['list', '-m'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      const wanted = /go: downloading go(\S+) /.exec(oracle.stderr)?.[1];
      assert.ok(wanted, `the go command switched to no toolchain: ${oracle.stderr}`);

      const cli = runSync(process.execPath, [GVX_BIN, 'current', '--json'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
      assert.equal(JSON.parse(cli.stdout).spec, wanted, `gvx current: ${cli.stdout}${cli.stderr}`);
      for (let run = 0; run < 2; run++) {
        // Twice: a parse, then the shim's cache of it.
        const shim = runSync(join(layout.shimsDir, 'go'), ['version'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
        assert.match(shim.stderr, new RegExp(`requires go >= ${wanted.replace(/\./g, '\\.')} and no installed Go satisfies it`), `shim run ${run}`);
      }
    });
  }
});
