// GVX_DEBUG=1: the real CLI traces the selection on stderr, step by step (each variable,
// directory and file it looked at, what it found there, why each walk stopped), and changes
// nothing else: stdout is the same, and without GVX_DEBUG stderr is the same as before.
// Fake installs (test/helpers/fake-home.ts): only the selection is under test here.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type RunResult, type Sandbox, makeSandbox } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';

const PREFIX = 'gvx[debug] select: ';

/** The trace lines of a run's stderr, without their prefix. */
function traceOf(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith(PREFIX))
    .map((line) => line.slice(PREFIX.length));
}

/** stderr with the trace lines taken out. */
function withoutTrace(stderr: string): string {
  return stderr
    .split(/(?<=\n)/)
    .filter((line) => !line.startsWith(PREFIX))
    .join('');
}

/** `dir` and each directory above it, up to and including /. */
function upToRoot(dir: string): string[] {
  const dirs = [dir];
  while (dirname(dirs.at(-1)!) !== dirs.at(-1)) dirs.push(dirname(dirs.at(-1)!));
  return dirs;
}

/** The trace of files looked at and not found, for each directory from `from` up to /. */
function notPresent(from: string, names: readonly string[]): string[] {
  return upToRoot(from).flatMap((dir) => names.map((name) => `${join(dir, name)}: not present`));
}

describe('GVX_DEBUG=1 traces the selection', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await makeSandbox();
    await makeFakeHome(sandbox.home, ['1.21.13', '1.22.12'], '1.21.13');
  });
  after(() => sandbox?.cleanup());

  /** root/a/b with files relative to root; returns root. */
  async function tree(files: Record<string, string> = {}): Promise<string> {
    const root = await mkdtemp(join(sandbox.root, 'project-'));
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    for (const [path, content] of Object.entries(files)) await writeFile(join(root, path), content);
    return root;
  }

  /** The same command with and without GVX_DEBUG=1: stdout and the rest of stderr must not change. */
  async function runBoth(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ plain: RunResult; traced: RunResult; trace: string[] }> {
    const plain = await sandbox.runGvx(args, { cwd, env: { PWD: cwd, ...env } });
    const traced = await sandbox.runGvx(args, { cwd, env: { PWD: cwd, GVX_DEBUG: '1', ...env } });
    assert.equal(traced.code, plain.code, traced.stderr);
    assert.equal(traced.stdout, plain.stdout, 'stdout is the same with GVX_DEBUG=1');
    assert.doesNotMatch(plain.stderr, /gvx\[debug\]/, 'nothing is traced without GVX_DEBUG');
    return { plain, traced, trace: traceOf(traced.stderr) };
  }

  const installedLine = (version: string) => `installed: go ${version} answers it (${join(sandbox.home, 'versions', version)})`;

  it('a .go-version two levels up: each directory and file on the way, then the stop', async () => {
    const root = await tree({ '.go-version': '1.22\n' });
    const [a, b] = [join(root, 'a'), join(root, 'a', 'b')];
    await mkdir(join(a, '.tool-versions')); // a directory: not a regular file, skipped
    const expected = [
      'rule 1: GVX_GO_VERSION is not set',
      `rule 2: .go-version, then .tool-versions, in each directory walking up from ${b} to /`,
      `${b}/.go-version: not present`,
      `${b}/.tool-versions: not present`,
      `${a}/.go-version: not present`,
      `${a}/.tool-versions: not a regular file`,
      `${root}/.go-version: selects go 1.22`,
      'stop: found the nearest version file',
      `selected: go 1.22 by ${root}/.go-version`,
      installedLine('1.22.12'),
    ];
    for (const args of [['current'], ['which', 'go'], ['current', '--json']]) {
      const { plain, traced, trace } = await runBoth(args, b);
      assert.equal(plain.code, 0, plain.stderr);
      assert.equal(plain.stderr, '');
      assert.equal(withoutTrace(traced.stderr), '', 'the trace is all GVX_DEBUG adds to stderr');
      assert.deepEqual(trace, expected, args.join(' '));
    }
  });

  it('a go.mod-only project: no version file up to /, the module walk, its requirement, the default', async () => {
    const root = await tree({ 'go.mod': 'module m\n\ngo 1.22.0\n\nrequire example.com/x v1.0.0\n' });
    const [a, b] = [join(root, 'a'), join(root, 'a', 'b')];
    const { plain, traced, trace } = await runBoth(['current', '--json'], b);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(JSON.parse(plain.stdout).origin, 'go.mod');
    assert.equal(withoutTrace(traced.stderr), '');
    assert.deepEqual(trace, [
      'rule 1: GVX_GO_VERSION is not set',
      `rule 2: .go-version, then .tool-versions, in each directory walking up from ${b} to /`,
      ...notPresent(b, ['.go-version', '.tool-versions']),
      'stop: reached / with no version file',
      "rule 3: the module's requirement",
      `GOWORK is not set: the nearest go.work, else the nearest go.mod, walking up from ${b} to /`,
      `${b}/go.work: not present`,
      `${b}/go.mod: not present`,
      `${a}/go.work: not present`,
      `${a}/go.mod: not present`,
      `${root}/go.work: not present`,
      `${root}/go.mod: a regular file`,
      'the nearest go.mod; walking on, since a go.work above it would win',
      ...notPresent(dirname(root), ['go.work']),
      'stop: reached / with no go.work: the nearest go.mod is the module file',
      `${root}/go.mod: go line 1.22.0, toolchain line none (read to the end of the file): requires go >= 1.22.0`,
      `the global default runs when it is installed and satisfies go >= 1.22.0: ${join(sandbox.home, 'default')}`,
      `${join(sandbox.home, 'default')}: selects go 1.21.13`,
      `selected: ${root}/go.mod requires go >= 1.22.0`,
      installedLine('1.22.12'),
    ]);

    // GOWORK=off: the walk stops at the nearest go.mod.
    const off = await runBoth(['which', 'go'], b, { GOWORK: 'off' });
    const from = off.trace.indexOf("rule 3: the module's requirement");
    assert.deepEqual(off.trace.slice(from + 1, from + 6), [
      `GOWORK=off: no go.work; the nearest go.mod, walking up from ${b} to /`,
      `${b}/go.mod: not present`,
      `${a}/go.mod: not present`,
      `${root}/go.mod: a regular file`,
      'stop: found the nearest go.mod',
    ]);
  });

  it('nothing found: both walks reach /, then the global default', async () => {
    const root = await tree();
    const b = join(root, 'a', 'b');
    const { plain, traced, trace } = await runBoth(['current'], b);
    assert.equal(plain.code, 0, plain.stderr);
    assert.equal(withoutTrace(traced.stderr), '');
    assert.deepEqual(trace, [
      'rule 1: GVX_GO_VERSION is not set',
      `rule 2: .go-version, then .tool-versions, in each directory walking up from ${b} to /`,
      ...notPresent(b, ['.go-version', '.tool-versions']),
      'stop: reached / with no version file',
      "rule 3: the module's requirement",
      `GOWORK is not set: the nearest go.work, else the nearest go.mod, walking up from ${b} to /`,
      ...notPresent(b, ['go.work', 'go.mod']),
      'stop: reached / with no module file',
      `rule 4: the global default, ${join(sandbox.home, 'default')}`,
      `${join(sandbox.home, 'default')}: selects go 1.21.13`,
      `selected: go 1.21.13 by the global default (${join(sandbox.home, 'default')})`,
      installedLine('1.21.13'),
    ]);
  });

  it('GVX_GO_VERSION set: the first step, and the walk never starts', async () => {
    const root = await tree({ '.go-version': '1.21\n' });
    const { trace } = await runBoth(['which', 'go'], join(root, 'a'), { GVX_GO_VERSION: '1.22' });
    assert.deepEqual(trace, ['rule 1: GVX_GO_VERSION is set', 'stop: GVX_GO_VERSION selects go 1.22', 'selected: go 1.22 by GVX_GO_VERSION', installedLine('1.22.12')]);
  });

  it('an invalid file: the walk stops with the reason the error gives; a symlinked one is never quoted', async () => {
    const root = await tree({ 'a/.go-version': '1.22.x\n', '.go-version': '1.22\n' });
    const [a, b] = [join(root, 'a'), join(root, 'a', 'b')];
    const { plain, traced, trace } = await runBoth(['which', 'go'], b);
    const message = `${a}/.go-version: "1.22.x" is not a valid Go version`;
    assert.equal(plain.code, 2, plain.stderr);
    assert.equal(plain.stderr, `gvx: error: ${message}\nhint: put one version such as 1.22 or 1.22.5 in it: gvx use 1.22\n`, 'stderr without GVX_DEBUG is unchanged');
    assert.deepEqual(trace, [
      'rule 1: GVX_GO_VERSION is not set',
      `rule 2: .go-version, then .tool-versions, in each directory walking up from ${b} to /`,
      `${b}/.go-version: not present`,
      `${b}/.tool-versions: not present`,
      `stop: ${message} (gvx reports this error)`,
    ]);
    assert.ok(withoutTrace(traced.stderr).startsWith(plain.stderr), 'then the same error (and, with GVX_DEBUG, its stack)');

    // A symlink to a file holding a secret: neither the error nor the trace shows the content.
    const secret = join(sandbox.root, 'secret');
    await writeFile(secret, 'TOKEN=hunter2\n');
    const linked = await tree();
    await symlink(secret, join(linked, 'a', '.go-version'));
    const hidden = await runBoth(['current'], join(linked, 'a', 'b'));
    assert.equal(hidden.plain.code, 2);
    assert.doesNotMatch(hidden.traced.stderr, /hunter2|TOKEN/);
    assert.equal(hidden.trace.at(-1), `stop: ${join(linked, 'a', '.go-version')}: not a valid Go version (gvx reports this error)`);
  });
});
