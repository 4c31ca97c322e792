// `gvx tools` and `gvx tools rebuild` on real toolchains, fully offline: programs are installed
// from a file:// module proxy written by the test, with one Go, then the selection switches.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeRealEnv, type RealEnv } from '../helpers/real-home.js';
import { writeModuleProxy } from '../helpers/module-proxy.js';

interface JsonTool {
  name: string;
  file: string;
  builtWith: string;
  path?: string;
  module?: string;
  version?: string;
  stale: boolean;
  notRebuildable?: string;
}

/** How a program built from a local checkout ((devel)) is described. */
const LOCAL_CHECKOUT = 'built from a local checkout: run go install in its source directory';

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('gvx tools (real toolchains, local module proxy)', function () {
  let gocache: string;
  let env: RealEnv;
  let older: string;
  let newer: string;
  let project: string;
  let gobin: string;
  let proxy: string;

  before(async function () {
    gocache = await mkdtemp('/tmp/gvx-tools-gocache-');
    env = await makeRealEnv(this, gocache);
    [older, newer] = env.versions as [string, string];
    proxy = await writeModuleProxy(join(env.sandbox.root, 'proxy'), [
      {
        module: 'example.com/hello',
        version: 'v1.0.0',
        files: {
          'go.mod': 'module example.com/hello\n\ngo 1.21\n',
          'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from v1.0.0") }\n',
        },
      },
    ]);
    gobin = join(env.sandbox.root, 'gobin');
    project = join(env.sandbox.root, 'work');
    // The environment of a user who installs tools from a (here: local) proxy.
    Object.assign(env.sandbox.env, { GOBIN: gobin, GOPROXY: proxy, GOSUMDB: 'off' });
  });
  after(async () => {
    await env?.sandbox.cleanup();
    if (gocache) await rm(gocache, { recursive: true, force: true });
  });

  const go = (args: string[], cwd: string, extra: Record<string, string> = {}) => env.sandbox.run(join(env.shimsDir, 'go'), args, { cwd, env: extra });
  const sha = async (file: string) => createHash('sha256').update(await readFile(file)).digest('hex');
  async function tools(): Promise<JsonTool[]> {
    const r = await env.sandbox.runGvx(['tools', '--json'], { cwd: project });
    assert.equal(r.code, 0, r.stderr);
    const parsed = JSON.parse(r.stdout) as { dir: string; tools: JsonTool[] };
    assert.equal(parsed.dir, gobin);
    return parsed.tools;
  }
  async function staleChecks(): Promise<{ id: string; severity: string; message: string; fix?: string }[]> {
    const r = await env.sandbox.runGvx(['doctor', '--json'], { cwd: project });
    const checks = (JSON.parse(r.stdout) as { checks: { id: string; severity: string; message: string; fix?: string }[] }).checks;
    return checks.filter((c) => c.id === 'stale-tools');
  }
  async function builtWith(file: string): Promise<string> {
    const r = await go(['version', file], project);
    assert.equal(r.code, 0, r.stderr);
    return r.stdout.trim().split(' ').pop()!;
  }

  it('lists programs with the Go that built them, and flags them after switching Go', async () => {
    await writeFile(join(project, '.go-version'), `${older}\n`);
    const installed = await go(['install', 'example.com/hello@v1.0.0'], project);
    assert.equal(installed.code, 0, installed.stderr);
    // A local build: its version is (devel), so it cannot be reinstalled from a module version.
    const local = join(env.sandbox.root, 'devtool');
    await mkdir(local);
    await writeFile(join(local, 'go.mod'), 'module example.com/devtool\n\ngo 1.21\n');
    await writeFile(join(local, 'main.go'), 'package main\n\nfunc main() {}\n');
    const dev = await go(['install', '.'], local, { GVX_GO_VERSION: older });
    assert.equal(dev.code, 0, dev.stderr);
    await writeFile(join(gobin, 'notes.txt'), 'not a program\n');

    const before = await tools();
    assert.deepEqual(
      before.map((t) => [t.name, t.builtWith, t.module, t.stale]),
      [
        ['devtool', `go${older}`, 'example.com/devtool@(devel)', false],
        ['hello', `go${older}`, 'example.com/hello@v1.0.0', false],
      ],
    );

    const use = await env.sandbox.runGvx(['use', newer], { cwd: project });
    assert.equal(use.code, 0, use.stderr);
    const after = await tools();
    const hello = after.find((t) => t.name === 'hello')!;
    assert.equal(hello.stale, true);
    assert.equal(hello.notRebuildable, undefined);
    assert.equal(hello.path, 'example.com/hello');
    // Built from a local checkout: another Go built it, but it is no stale program gvx could fix.
    const devtool = after.find((t) => t.name === 'devtool')!;
    assert.equal(devtool.stale, false);
    assert.equal(devtool.builtWith, `go${older}`);
    assert.equal(devtool.notRebuildable, LOCAL_CHECKOUT);

    const text = await env.sandbox.runGvx(['tools'], { cwd: project });
    assert.match(text.stdout, new RegExp(`^hello +go${esc(older)} +example\\.com/hello@v1\\.0\\.0  stale$`, 'm'));
    assert.match(text.stdout, new RegExp(`^devtool +go${esc(older)} +example\\.com/devtool@\\(devel\\)  not rebuildable \\(${esc(LOCAL_CHECKOUT)}\\)$`, 'm'));
    assert.match(text.stderr + text.stdout, /^1 stale program\(s\): gvx tools rebuild$/m);

    const stale = await staleChecks();
    assert.equal(stale[0]!.severity, 'warn');
    assert.equal(stale[0]!.message, `programs in ${gobin} built by another Go than go${newer}: hello (go${older})`);
    assert.equal(stale[0]!.fix, 'gvx tools rebuild');
    assert.equal(stale[1]!.severity, 'info');
    assert.equal(stale[1]!.message, `programs built by another Go than go${newer} that gvx cannot rebuild (not counted as stale): devtool (go${older}; ${LOCAL_CHECKOUT})`);
    assert.equal(stale.length, 2);
  });

  it('rebuilds the stale programs offline from the file:// proxy with the active Go', async () => {
    // A fresh module cache: the rebuild really fetches from the proxy.
    const r = await env.sandbox.runGvx(['tools', 'rebuild'], { cwd: project, env: { GOMODCACHE: join(env.sandbox.root, 'modcache-2') } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`✓ hello: rebuilt example\\.com/hello@v1\\.0\\.0 with go${esc(newer)} \\(was go${esc(older)}\\)`));
    assert.equal(r.stdout.match(/devtool/g)?.length, 1, r.stdout);
    assert.match(r.stdout, new RegExp(`^- devtool: not rebuildable \\(${esc(LOCAL_CHECKOUT)}\\)$`, 'm'));
    assert.equal(await builtWith(join(gobin, 'hello')), `go${newer}`);
    assert.equal(await builtWith(join(gobin, 'devtool')), `go${older}`, 'left alone');
    const run = await env.sandbox.run(join(gobin, 'hello'), []);
    assert.equal(run.stdout, 'hello from v1.0.0\n');
    assert.deepEqual((await readdir(gobin)).sort(), ['devtool', 'hello', 'notes.txt'], 'no staging left behind');

    const named = await env.sandbox.runGvx(['tools', 'rebuild', 'devtool'], { cwd: project });
    assert.equal(named.code, 1, 'a program asked for by name that cannot be rebuilt');
    const unknown = await env.sandbox.runGvx(['tools', 'rebuild', 'nosuch'], { cwd: project });
    assert.equal(unknown.code, 3);
    assert.match(unknown.stderr, /no Go program named nosuch/);
  });

  it('a failing rebuild keeps the old binary in place', async () => {
    await writeFile(join(project, '.go-version'), `${older}\n`); // hello is now stale again
    const before = await sha(join(gobin, 'hello'));
    // Not in the module cache and not in the (empty) proxy: go install must fail.
    const empty = join(env.sandbox.root, 'empty-proxy');
    await mkdir(empty);
    const r = await env.sandbox.runGvx(['tools', 'rebuild', 'hello'], {
      cwd: project,
      env: { GOPROXY: `file://${empty}`, GOMODCACHE: join(env.sandbox.root, 'modcache-3') },
    });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /✗ hello: go install example\.com\/hello@v1\.0\.0 failed \(exit 1\): .*; the old binary is kept/);
    assert.equal(await sha(join(gobin, 'hello')), before);
    assert.equal(await builtWith(join(gobin, 'hello')), `go${newer}`);
    assert.deepEqual((await readdir(gobin)).sort(), ['devtool', 'hello', 'notes.txt']);
  });

  it('programs built from a local checkout are skipped by rebuild and doctor, never counted as stale', async () => {
    await writeFile(join(project, '.go-version'), `${newer}\n`); // hello: built by newer; devtool: by older, (devel)
    assert.equal(await builtWith(join(gobin, 'hello')), `go${newer}`);
    assert.equal(await builtWith(join(gobin, 'devtool')), `go${older}`);
    const listed = await tools();
    assert.deepEqual(
      listed.map((t) => [t.name, t.stale, t.notRebuildable]),
      [
        ['devtool', false, LOCAL_CHECKOUT],
        ['hello', false, undefined],
      ],
    );

    // Nothing stale: the plain rebuild names devtool once, rebuilds nothing and succeeds.
    const plain = await env.sandbox.runGvx(['tools', 'rebuild'], { cwd: project });
    assert.equal(plain.code, 0, plain.stdout + plain.stderr);
    assert.equal(plain.stdout, `- devtool: not rebuildable (${LOCAL_CHECKOUT})\n✓ nothing to rebuild: every program gvx can rebuild in ${gobin} was built by go${newer}\n`);

    const stale = await staleChecks();
    assert.deepEqual(
      stale.map((c) => [c.severity, c.message]),
      [
        ['ok', `2 program(s) in ${gobin}, none stale`],
        ['info', `programs built by another Go than go${newer} that gvx cannot rebuild (not counted as stale): devtool (go${older}; ${LOCAL_CHECKOUT})`],
      ],
    );
    const doctor = await env.sandbox.runGvx(['doctor'], { cwd: project });
    assert.match(doctor.stdout, /^i stale-tools: programs built by another Go .* devtool /m);
    assert.doesNotMatch(doctor.stdout, /^! stale-tools/m);

    // --all rebuilds everything it can, skips devtool with one line, and does not fail for it.
    const all = await env.sandbox.runGvx(['tools', 'rebuild', '--all'], { cwd: project });
    assert.equal(all.code, 0, all.stdout + all.stderr);
    assert.equal(all.stdout.match(/devtool/g)?.length, 1, all.stdout);
    assert.match(all.stdout, new RegExp(`^- devtool: not rebuildable \\(${esc(LOCAL_CHECKOUT)}\\)$`, 'm'));
    assert.match(all.stdout, new RegExp(`^✓ hello: rebuilt example\\.com/hello@v1\\.0\\.0 with go${esc(newer)} \\(was go${esc(newer)}\\)$`, 'm'));
    assert.equal(await builtWith(join(gobin, 'devtool')), `go${older}`, 'left alone');
    assert.deepEqual((await readdir(gobin)).sort(), ['devtool', 'hello', 'notes.txt']);
  });
});
