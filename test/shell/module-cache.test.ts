// The sh resolver's parse cache of go.mod/go.work (shims/resolve.sh, GVX_HOME/cache/modules-2):
// a hit is used, an edit or a rename is seen at once, and the cache is data, never a way to
// write through a planted symlink or to smuggle in a value. Run in dash (the shims) and bash
// (the hook); zsh and fish share the table in test/select/.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readResolveFunctions } from '../../lib/shell/shims.js';
import { runSync } from '../helpers/run-sync.js';

const SHELLS = ['sh', 'bash'] as const;

describe('the sh resolver caches what it parses from a go.mod', () => {
  let base: string;
  let resolve: string;
  let resolveText: string;
  before(async () => {
    resolveText = await readResolveFunctions();
    base = mkdtempSync(join(tmpdir(), 'gvx-module-cache-'));
    resolve = join(base, 'resolve.sh');
    writeFileSync(resolve, `${await readResolveFunctions()}\n_gvx_resolve "$GVX_HOME" "$PWD"; printf '%s\\n' "$_gvx_req"\n`);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  for (const shell of SHELLS) {
    describe(shell, () => {
      let home: string;
      let project: string;
      let cacheDir: string;
      let n = 0;
      beforeEach(() => {
        const dir = join(base, `${shell}-${n++}`);
        home = join(dir, 'home');
        project = join(dir, 'project');
        cacheDir = join(home, 'cache', 'modules-2');
        mkdirSync(cacheDir, { recursive: true });
        mkdirSync(project);
      });
      /** R as the resolver reads it in the project. */
      const requirement = () => {
        const r = runSync(shell, [resolve], { cwd: project, env: { PATH: '/usr/bin:/bin', HOME: project, GVX_HOME: home, PWD: project }, stdio: ['ignore', 'pipe', 'pipe'] });
        assert.equal(r.stderr, '');
        return r.stdout.trim();
      };
      const entry = () => join(cacheDir, `${join(project, 'go.mod').replaceAll('/', '%')}`);
      const write = (go: string) => writeFileSync(join(project, 'go.mod'), `module m\n\nrequire (\n\tx v1\n)\n\ngo ${go}\n`);

      it('writes an entry, and a later resolution uses it', () => {
        write('1.22.0');
        assert.equal(requirement(), '1.22.0');
        const [token, go, toolchain] = readFileSync(entry(), 'utf8').trim().split(' ');
        assert.equal(readFileSync(`${entry()}.s`, 'utf8').trim(), token);
        assert.deepEqual([go, toolchain], ['1.22.0', '-']);
        // Proof that the entry is what is read: change its answer (same token, stamp untouched).
        writeFileSync(entry(), `${token} 1.21.5 -\n`);
        assert.equal(requirement(), '1.21.5');
      });

      it('an edited go.mod is read again at once', () => {
        write('1.22.0');
        assert.equal(requirement(), '1.22.0');
        write('1.23.0');
        assert.equal(requirement(), '1.23.0');
      });

      it('a go.mod renamed into place with an older time is read again (the directory changed)', () => {
        write('1.22.0');
        assert.equal(requirement(), '1.22.0');
        const other = join(project, 'go.mod.new');
        writeFileSync(other, 'module m\ngo 1.24.0\n');
        utimesSync(other, new Date(2001, 0, 1), new Date(2001, 0, 1));
        renameSync(other, join(project, 'go.mod'));
        assert.equal(requirement(), '1.24.0');
      });

      it('garbage in an entry is ignored: a wrong token, a value that is not a version, extra words', () => {
        write('1.22.0');
        assert.equal(requirement(), '1.22.0');
        const token = readFileSync(`${entry()}.s`, 'utf8').trim();
        for (const bad of [`9${token} 1.21.5 -`, `${token} $(touch${'\t'}MARKER) -`, `${token} 1.21.5 - extra`, `${token} 1.21.5`, `${token} 01.21 -`]) {
          writeFileSync(entry(), `${bad}\n`);
          writeFileSync(`${entry()}.s`, `${token}\n`); // the stamp stays newer than the go.mod
          assert.equal(requirement(), '1.22.0', bad);
        }
        assert.equal(existsSync(join(project, 'MARKER')), false);
      });

      it('never writes through a symlink planted at an entry', () => {
        write('1.22.0');
        const victim = join(base, `victim-${shell}-${n}`);
        writeFileSync(victim, 'precious\n');
        symlinkSync(victim, entry());
        symlinkSync(victim, `${entry()}.s`);
        assert.equal(requirement(), '1.22.0');
        assert.equal(readFileSync(victim, 'utf8'), 'precious\n');
      });

      it('a symlinked cache directory is not used', () => {
        write('1.22.0');
        const elsewhere = join(base, `elsewhere-${shell}-${n}`);
        mkdirSync(elsewhere);
        rmSync(cacheDir, { recursive: true });
        symlinkSync(elsewhere, cacheDir);
        assert.equal(requirement(), '1.22.0');
        assert.deepEqual(readdirSync(elsewhere), []);
      });

      it('without the cache directory (a home an older gvx made), it parses every time', () => {
        rmSync(join(home, 'cache'), { recursive: true });
        write('1.22.0');
        assert.equal(requirement(), '1.22.0');
        write('1.23.0');
        assert.equal(requirement(), '1.23.0');
        assert.equal(existsSync(join(home, 'cache')), false);
      });

      it('a path with bytes outside the safe list is not cached, and still read', () => {
        const odd = join(project, 'with space');
        mkdirSync(odd);
        project = odd;
        write('1.22.0');
        assert.equal(requirement(), '1.22.0');
        assert.deepEqual(readdirSync(cacheDir), []);
      });
    });
  }

  // POSIX sh reads a version file with built-ins only once it knows the file holds at most
  // 4096 bytes (resolve.sh _gvx_small): wc -c measures it, and an N.v entry keeps the answer.
  describe('sh: the size of a version file', () => {
    let dir: string;
    let home: string;
    let n = 0;
    beforeEach(() => {
      dir = join(base, `size-${n++}`);
      home = join(dir, 'home');
      mkdirSync(join(home, 'cache', 'modules-2'), { recursive: true });
      mkdirSync(join(dir, 'project'));
    });
    const project = () => join(dir, 'project');
    const entry = () => join(home, 'cache', 'modules-2', `${join(project(), '.go-version').replaceAll('/', '%')}.v`);
    const spec = () => {
      const probe = `${resolveText}\n_gvx_resolve "$GVX_HOME" "$PWD"; printf '%s|%s\\n' "$_gvx_spec" "$_gvx_error"\n`;
      const r = runSync('sh', ['-c', probe], { cwd: project(), env: { PATH: '/usr/bin:/bin', HOME: dir, GVX_HOME: home, PWD: project() } });
      assert.equal(r.stderr, '');
      return r.stdout.trim();
    };

    it('a small file gets a "small" entry; one that grows past 4096 bytes is measured again', () => {
      writeFileSync(join(project(), '.go-version'), '1.22.12\n');
      assert.equal(spec(), '1.22.12|');
      const token = readFileSync(`${entry()}.s`, 'utf8').trim();
      assert.equal(readFileSync(entry(), 'utf8'), `${token} small\n`);
      assert.equal(spec(), '1.22.12|', 'the entry is used');
      writeFileSync(join(project(), '.go-version'), `1.22.12\n#${'x'.repeat(5000)}\n`);
      assert.equal(spec(), `|${join(project(), '.go-version')}: not a valid Go version file (larger than 4096 bytes)`);
      assert.equal(readFileSync(entry(), 'utf8'), '', 'no "small" entry for a large file');
    });
  });
});
