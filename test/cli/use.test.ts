// `gvx use`: where the pin is written (beside the nearest version file, else at the module
// root, else the cwd; --here: the cwd) and, without SPEC, what it derives from the module
// walking up. Fake installs; --quiet skips the proof line (it runs the fake go).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirror } from '../helpers/mirror.js';
import { makeFakeHome } from '../helpers/fake-home.js';

/** A release-index entry with no files: `gvx use` only reads versions from it. */
const listed = (version: string, stable = true) => ({ version: `go${version}`, stable, files: [] });

describe('gvx use: where the pin goes', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await makeSandbox();
    await makeFakeHome(sandbox.home, ['1.21.13', '1.22.5', '1.22.12', '1.23.1'], '1.23.1');
    sandbox.env.GVX_MIRROR = 'http://127.0.0.1:1'; // nothing listens: offline
    sandbox.env.GVX_HTTP_RETRIES = '0';
  });
  after(() => sandbox?.cleanup());

  /** root/a/b, with files relative to root; returns root. */
  async function tree(files: Record<string, string>): Promise<string> {
    const root = await mkdtemp(join(sandbox.root, 'project-'));
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    for (const [path, content] of Object.entries(files)) await writeFile(join(root, path), content);
    return root;
  }
  const read = (path: string) => readFileSync(path, 'utf8');
  const use = (args: string[], cwd: string, env: Record<string, string> = {}) => sandbox.runGvx(['use', '--quiet', ...args], { cwd, env: { PWD: cwd, ...env } });

  it('in a subdirectory of a module: writes at the module root and prints the path', async () => {
    const root = await tree({ 'go.mod': 'module m\n\ngo 1.22.0\n' });
    const r = await use(['1.22'], join(root, 'a', 'b'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `wrote ${join(root, '.go-version')}: go 1.22 (1.22.12)\n`);
    assert.equal(read(join(root, '.go-version')), '1.22\n');
    assert.equal(existsSync(join(root, 'a', 'b', '.go-version')), false);
  });

  it('a go.work is the module root; an absolute GOWORK elsewhere falls back to the nearest go.mod', async () => {
    const root = await tree({ 'go.work': 'go 1.22.0\n\nuse ./a\n', 'a/go.mod': 'module m\n\ngo 1.22.0\n' });
    const r = await use(['1.22.12'], join(root, 'a', 'b'));
    assert.equal(r.stdout, `wrote ${join(root, '.go-version')}: go 1.22.12 (1.22.12)\n`);

    const fresh = await tree({ 'go.work': 'go 1.22.0\n\nuse ./a\n', 'a/go.mod': 'module m\n\ngo 1.22.0\n' });
    const elsewhere = await tree({ 'go.work': 'go 1.22.0\n' });
    const other = await use(['1.22.12'], join(fresh, 'a', 'b'), { GOWORK: join(elsewhere, 'go.work') });
    assert.equal(other.stdout, `wrote ${join(fresh, 'a', '.go-version')}: go 1.22.12 (1.22.12)\n`);
    assert.equal(existsSync(join(elsewhere, '.go-version')), false, 'a pin there would not apply here');
  });

  it('an existing .go-version two levels up wins over the module root: it is rewritten', async () => {
    const root = await tree({ '.go-version': '1.21\n', 'a/go.mod': 'module m\n\ngo 1.21.0\n' });
    const r = await use(['1.22'], join(root, 'a', 'b'));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `wrote ${join(root, '.go-version')}: go 1.22 (1.22.12)\n`);
    assert.equal(read(join(root, '.go-version')), '1.22\n');
    assert.equal(existsSync(join(root, 'a', '.go-version')), false);
  });

  it('a nearer .tool-versions with a go line gets a .go-version beside it (it wins there)', async () => {
    const root = await tree({ 'go.mod': 'module m\n\ngo 1.21.0\n', 'a/.tool-versions': 'nodejs 20.1.0\ngolang 1.21.13\n' });
    const r = await use(['1.22'], join(root, 'a', 'b'));
    assert.equal(r.stdout, `wrote ${join(root, 'a', '.go-version')}: go 1.22 (1.22.12)\n`);
    assert.match(r.stderr, /it wins over .*\/a\/\.tool-versions, in the same directory/);
    // A .tool-versions without a go line selects nothing: the module root.
    const other = await tree({ 'go.mod': 'module m\n\ngo 1.21.0\n', 'a/.tool-versions': 'nodejs 20.1.0\n' });
    assert.equal((await use(['1.22'], join(other, 'a', 'b'))).stdout, `wrote ${join(other, '.go-version')}: go 1.22 (1.22.12)\n`);
  });

  it('--here writes in the cwd; with --global it is a usage error', async () => {
    const root = await tree({ '.go-version': '1.21\n', 'go.mod': 'module m\n\ngo 1.21.0\n' });
    const cwd = join(root, 'a', 'b');
    const r = await use(['--here', '1.22.5'], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `wrote ${join(cwd, '.go-version')}: go 1.22.5 (1.22.5)\n`);
    assert.equal(read(join(root, '.go-version')), '1.21\n', 'the pin above is left alone');
    const both = await use(['--here', '--global', '1.22'], cwd);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--here and --global exclude each other/);
  });

  it('outside any module and version file: the cwd', async () => {
    const root = await tree({});
    const r = await use(['1.22'], join(root, 'a'));
    assert.equal(r.stdout, `wrote ${join(root, 'a', '.go-version')}: go 1.22 (1.22.12)\n`);
  });

  it('no SPEC: keeps the nearest .go-version (two levels up); --exact rewrites it with the resolved version', async () => {
    const root = await tree({ '.go-version': '1.22\n', 'a/go.mod': 'module m\n\ngo 1.23.0\n' });
    const cwd = join(root, 'a', 'b');
    const kept = await use([], cwd);
    assert.equal(kept.code, 0, kept.stderr);
    assert.equal(kept.stdout, `keeping ${join(root, '.go-version')}: go 1.22 (1.22.12)\n`);
    const exact = await use(['--exact'], cwd);
    assert.equal(exact.stdout, `wrote ${join(root, '.go-version')}: go 1.22.12 (1.22.12)\n`);
  });

  it('no SPEC, go.mod two levels up with a toolchain line above its go line: exactly that toolchain, at the module root', async () => {
    const root = await tree({ 'go.mod': 'module m\n\ngo 1.21.0\n\ntoolchain go1.22.5\n\nrequire example.com/x v1.0.0\n' });
    const r = await use([], join(root, 'a', 'b'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`gvx: ${join(root, 'go.mod')} requires go >= 1\\.22\\.5 \\(its toolchain line\\): using 1\\.22\\.5`));
    assert.equal(r.stdout, `wrote ${join(root, '.go-version')}: go 1.22.5 (1.22.5)\n`);
    // A toolchain line below the go line does not set R: the go line's family.
    await writeFile(join(root, 'go.mod'), 'module m\n\ngo 1.22.1\n\ntoolchain go1.21.13\n');
    await rm(join(root, '.go-version')); // no pin: derive again
    const low = await use([], join(root, 'a', 'b'));
    assert.equal(low.stdout, `wrote ${join(root, '.go-version')}: go 1.22.12 (1.22.12)\n`);
  });

  it('no SPEC, go line, offline: the newest installed release of its family that satisfies it', async () => {
    const root = await tree({ 'go.mod': 'module m\n\ngo 1.22.0\n' });
    const r = await use([], join(root, 'a', 'b'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /choosing among installed versions/);
    assert.equal(r.stdout, `wrote ${join(root, '.go-version')}: go 1.22.12 (1.22.12)\n`, 'not the default 1.23.1: a pin names the family');
  });

  it('no SPEC and no module or pin: a usage error', async () => {
    const root = await tree({});
    const r = await use([], join(root, 'a'));
    assert.equal(r.code, 2);
    assert.match(r.stderr, /neither a \.go-version nor a go\.work or go\.mod here or above/);
    const empty = await tree({ 'go.mod': 'module m\n' });
    const none = await use([], join(empty, 'a'));
    assert.equal(none.code, 3);
    assert.match(none.stderr, /go\.mod has no go or toolchain line that names a version/);
  });
});

describe('gvx use: no SPEC with the release index', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  let mirror: Mirror;
  before(async () => {
    mirror = await startMirror({});
    mirror.setIndex([listed('1.23.1'), listed('1.22.12'), listed('1.22.5'), listed('1.22.0'), listed('1.21.13'), listed('1.23rc1', false)]);
    sandbox = await makeSandbox();
    await makeFakeHome(sandbox.home, ['1.22.5', '1.22.12', '1.23.1', '1.23rc1'], '1.22.5');
    sandbox.env.GVX_MIRROR = mirror.url;
  });
  after(async () => {
    await mirror?.close();
    await sandbox?.cleanup();
  });

  it('go line two levels up: the newest stable release of its family in the index', async () => {
    const root = await mkdtemp(join(sandbox.root, 'project-'));
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    await writeFile(join(root, 'go.mod'), 'module m\n\ngo 1.22.3\n');
    const r = await sandbox.runGvx(['use', '--quiet'], { cwd: join(root, 'a', 'b') });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /requires go >= 1\.22\.3: using 1\.22\.12/);
    assert.equal(r.stdout, `wrote ${join(root, '.go-version')}: go 1.22.12 (1.22.12)\n`);

    // A pre-release go line: pre-releases count, the newest of the family wins.
    await writeFile(join(root, 'go.mod'), 'module m\n\ngo 1.23rc1\n');
    await rm(join(root, '.go-version'));
    const rc = await sandbox.runGvx(['use', '--quiet'], { cwd: join(root, 'a', 'b') });
    assert.equal(rc.stdout, `wrote ${join(root, '.go-version')}: go 1.23.1 (1.23.1)\n`);
  });
});
