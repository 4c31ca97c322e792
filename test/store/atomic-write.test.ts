// Writes that cannot be redirected: a planted symlink at a temp name gvx might
// use, or at the target itself, never makes gvx write into the file it points at. Each
// writer gvx has (the helper, .go-version, default, aliases, shims, the release index cache)
// against symlinks at the names the old `<path>.<pid>.tmp` scheme used and at likely others.

import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { HttpClient } from '../../lib/net/http.js';
import { loadReleaseIndex } from '../../lib/remote/release-index.js';
import { writeGoVersionFile } from '../../lib/select/version-file.js';
import { ensureShims } from '../../lib/shell/shims.js';
import { writeAliases } from '../../lib/store/aliases.js';
import { atomicTempName, readRegularFile, writeFileAtomic } from '../../lib/store/atomic-write.js';
import { writeDefault } from '../../lib/store/default-version.js';
import { listInstalled } from '../../lib/store/inventory.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { parseSpec } from '../../lib/version/spec.js';
import { startMirror } from '../helpers/mirror.js';
import { makeFifo } from '../helpers/fifo.js';

const VICTIM_TEXT = 'precious: must never change\n';

/** Pids around ours (the old scheme's name), a low range, and the classic pid_max. */
function plantedPids(): number[] {
  const pids = new Set<number>([32767, 32768]);
  for (let n = 1; n <= 40; n++) pids.add(n);
  for (let n = process.pid - 25; n <= process.pid + 25; n++) if (n > 0) pids.add(n);
  return [...pids];
}

/**
 * Symlinks to `victim` at every name a writer of `path` might try: `<path>.<pid>.tmp`,
 * `.<name>.<pid>.tmp`, `<path>.tmp`, `.<name>.tmp`. Returns how many were planted.
 */
function plantAround(path: string, victim: string): number {
  const dir = dirname(path);
  const name = basename(path);
  const names = [`${name}.tmp`, `.${name}.tmp`];
  for (const pid of plantedPids()) names.push(`${name}.${pid}.tmp`, `.${name}.${pid}.tmp`);
  let planted = 0;
  for (const n of names) {
    try {
      symlinkSync(victim, join(dir, n));
      planted++;
    } catch (error) {
      // "1" with pid 21 and "1.21" share names: planted once is enough
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return planted;
}

function assertRegularFile(path: string, content: string): void {
  const st = lstatSync(path);
  assert.ok(st.isFile(), `${path} must be a regular file, not a symlink`);
  assert.equal(readFileSync(path, 'utf8'), content);
}

describe('writes that cannot be redirected', function () {
  let base: string;
  let victim: string;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'gvx-atomic-'));
    victim = join(base, 'victim.txt');
    writeFileSync(victim, VICTIM_TEXT);
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  const victimUnchanged = () => {
    assert.equal(readFileSync(victim, 'utf8'), VICTIM_TEXT, 'the victim file was written through a symlink');
    assert.ok(lstatSync(victim).isFile());
  };
  const noTempLeft = (dir: string, planted: number) => {
    const temps = readdirSync(dir).filter((n) => n.endsWith('.tmp') && !lstatSync(join(dir, n)).isSymbolicLink());
    assert.deepEqual(temps, [], 'no temp file left behind');
    assert.equal(readdirSync(dir).filter((n) => lstatSync(join(dir, n)).isSymbolicLink()).length, planted, 'planted links untouched');
  };

  describe('writeFileAtomic', () => {
    it('ignores symlinks planted at pid-named and other likely temp names', async () => {
      const dir = join(base, 'project');
      mkdirSync(dir);
      const target = join(dir, '.go-version');
      const planted = plantAround(target, victim);
      await writeFileAtomic(target, '1.21\n');
      assertRegularFile(target, '1.21\n');
      victimUnchanged();
      noTempLeft(dir, planted);
    });

    it('replaces a symlink at the target itself instead of writing through it', async () => {
      const target = join(base, 'file');
      symlinkSync(victim, target);
      await writeFileAtomic(target, 'new\n');
      assertRegularFile(target, 'new\n');
      victimUnchanged();
    });

    it('replaces a dangling symlink at the target without creating its target', async () => {
      const target = join(base, 'file');
      const nowhere = join(base, 'would-be-created');
      symlinkSync(nowhere, target);
      await writeFileAtomic(target, Buffer.from('bytes\n'));
      assertRegularFile(target, 'bytes\n');
      assert.throws(() => lstatSync(nowhere), /ENOENT/);
    });

    it('uses an unpredictable name: one leading dot, the name, 16 hex digits, .tmp', () => {
      const a = atomicTempName('/x/.go-version');
      const b = atomicTempName('/x/.go-version');
      assert.match(a, /^\/x\/\.go-version\.[0-9a-f]{16}\.tmp$/);
      assert.notEqual(a, b);
      assert.match(atomicTempName('/x/default'), /^\/x\/\.default\.[0-9a-f]{16}\.tmp$/);
    });

    it('applies the mode (under the umask) and overwrites an existing file', async () => {
      const target = join(base, 'tool');
      writeFileSync(target, 'old\n');
      await writeFileAtomic(target, '#!/bin/sh\n', { mode: 0o755 });
      assertRegularFile(target, '#!/bin/sh\n');
      const umask = process.umask(0);
      process.umask(umask);
      assert.equal(statSync(target).mode & 0o777, 0o755 & ~umask);
    });

    it('removes its temp file when the rename fails, and reports the error', async () => {
      const target = join(base, 'a-directory');
      mkdirSync(target);
      writeFileSync(join(target, 'inside'), 'x');
      await assert.rejects(writeFileAtomic(target, 'x'), (error: NodeJS.ErrnoException) => ['EISDIR', 'ENOTEMPTY', 'EEXIST'].includes(error.code ?? ''));
      assert.deepEqual(readdirSync(base).sort(), ['a-directory', 'victim.txt']);
    });

    it('fails cleanly in a directory that does not exist', async () => {
      await assert.rejects(writeFileAtomic(join(base, 'missing', 'file'), 'x'), { code: 'ENOENT' });
    });
  });

  describe('readRegularFile', () => {
    it('reads regular files only: not through a symlink, not a FIFO (without blocking)', async () => {
      writeFileSync(join(base, 'plain'), 'text\n');
      symlinkSync(victim, join(base, 'link'));
      assert.equal(await readRegularFile(join(base, 'plain')), 'text\n');
      assert.equal(await readRegularFile(join(base, 'link')), undefined);
      assert.equal(await readRegularFile(join(base, 'missing')), undefined);
      assert.equal(await readRegularFile(base), undefined);
      makeFifo(join(base, 'fifo'));
      assert.equal(await readRegularFile(join(base, 'fifo')), undefined);
    });
  });

  describe('every writer uses it', () => {
    it('gvx use: .go-version in a project with planted links (and .go-version itself a link)', async () => {
      const project = join(base, 'clone');
      mkdirSync(project);
      const target = join(project, '.go-version');
      const planted = plantAround(target, victim) + 1;
      symlinkSync(victim, target);
      assert.equal(await writeGoVersionFile(project, parseSpec('1.21')), target);
      assertRegularFile(target, '1.21\n');
      victimUnchanged();
      noTempLeft(project, planted - 1);
    });

    it('the global default, with planted links in GVX_HOME', async () => {
      const layout = new HomeLayout(join(base, 'home'));
      mkdirSync(layout.home);
      const planted = plantAround(layout.defaultFile, victim);
      await writeDefault(layout, parseSpec('1.22'));
      assertRegularFile(layout.defaultFile, '1.22\n');
      rmSync(layout.defaultFile);
      symlinkSync(victim, layout.defaultFile);
      await writeDefault(layout, parseSpec('1.23'));
      assertRegularFile(layout.defaultFile, '1.23\n');
      victimUnchanged();
      noTempLeft(layout.home, planted);
    });

    it('the alias table, with planted links (and links or a FIFO at alias names) in GVX_HOME/aliases', async () => {
      const layout = new HomeLayout(join(base, 'home'));
      for (const v of ['1.22.5', '1.21.9']) {
        mkdirSync(join(layout.versionDir(v), 'bin'), { recursive: true });
        writeFileSync(join(layout.versionDir(v), 'bin', 'go'), '#!/bin/sh\n');
      }
      mkdirSync(layout.aliasesDir);
      let planted = 0;
      for (const spec of ['1.22', '1.21', '1', 'latest', 'stable']) planted += plantAround(layout.alias(spec), victim);
      symlinkSync(victim, layout.alias('1.22'));
      // A link whose target already holds the right line is replaced too: aliases are ours.
      writeFileSync(join(base, 'looks-right'), '1.22.5\n');
      symlinkSync(join(base, 'looks-right'), layout.alias('latest'));
      makeFifo(layout.alias('1'));
      symlinkSync(victim, layout.alias('1.19')); // an alias nothing installed claims: removed

      await writeAliases(layout, await listInstalled(layout));
      const expected: Record<string, string> = { '1.22': '1.22.5', '1.21': '1.21.9', '1': '1.22.5', latest: '1.22.5', stable: '1.22.5' };
      for (const [spec, version] of Object.entries(expected)) assertRegularFile(layout.alias(spec), `${version}\n`);
      assert.throws(() => lstatSync(layout.alias('1.19')), /ENOENT/);
      victimUnchanged();
      assert.equal(readFileSync(join(base, 'looks-right'), 'utf8'), '1.22.5\n');
      noTempLeft(layout.aliasesDir, planted);
    });

    it('the shims (mode 0755), with planted links in GVX_HOME/shims and a shim that is a link', async () => {
      const layout = new HomeLayout(join(base, 'home'));
      mkdirSync(layout.shimsDir, { recursive: true });
      const planted = plantAround(join(layout.shimsDir, 'go'), victim) + plantAround(join(layout.shimsDir, 'gofmt'), victim);
      symlinkSync(victim, join(layout.shimsDir, 'gofmt'));
      await ensureShims(layout);
      for (const tool of ['go', 'gofmt']) {
        const path = join(layout.shimsDir, tool);
        assert.ok(lstatSync(path).isFile(), `${tool} shim is a regular file`);
        assert.match(readFileSync(path, 'utf8'), /^#!/);
        assert.ok(statSync(path).mode & 0o100, `${tool} shim is executable`);
      }
      victimUnchanged();
      noTempLeft(layout.shimsDir, planted);
    });

    it('the release index cache, with planted links in GVX_HOME/cache', async () => {
      const index = [{ version: 'go1.22.5', stable: true, files: [] }];
      const mirror = await startMirror({ index });
      const home = join(base, 'home');
      const layout = new HomeLayout(home);
      mkdirSync(layout.cacheDir, { recursive: true });
      const planted = plantAround(layout.releaseIndexCache, victim);
      const config = loadConfig({ env: { GVX_HOME: home, GVX_MIRROR: mirror.url, HOME: base } });
      const http = new HttpClient(config);
      try {
        const loaded = await loadReleaseIndex(config, http);
        assert.equal(loaded.releases[0]!.version.text, '1.22.5');
      } finally {
        await http.close();
        await mirror.close();
      }
      assert.ok(lstatSync(layout.releaseIndexCache).isFile());
      assert.deepEqual(JSON.parse(readFileSync(layout.releaseIndexCache, 'utf8')).body, index);
      victimUnchanged();
      noTempLeft(layout.cacheDir, planted);
    });
  });
});
