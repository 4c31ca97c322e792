// `gvx doctor` on real toolchains: each pitfall is created for real (an exported variable, a
// `go env -w` file, a go.work, a file where a directory should be, another go on PATH) and
// must be named with its severity and fix; the clean baseline shows the same check passing.
// A fresh home with no Go installed: doctor.test.ts.

import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { findDebianToolchains } from '../helpers/debian-go.js';
import { makeRealEnv, type RealEnv } from '../helpers/real-home.js';
import { esc, type JsonReport } from './doctor-json.js';


describe('gvx doctor (real toolchains, real environment)', function () {
  let gocache: string;
  let env: RealEnv;
  let selected: string;
  let other: string;
  let work: string;

  before(async function () {
    gocache = await mkdtemp('/tmp/gvx-doctor-gocache-');
    env = await makeRealEnv(this, gocache);
    [other, selected] = env.versions as [string, string];
    work = join(env.sandbox.root, 'work');
    await writeFile(join(work, '.go-version'), `${selected}\n`);
  });
  after(async () => {
    await env?.sandbox.cleanup();
    if (gocache) await rm(gocache, { recursive: true, force: true });
  });

  async function doctor(extraEnv: Record<string, string | undefined> = {}, cwd = work, args: string[] = []) {
    const r = await env.sandbox.runGvx(['doctor', '--json', ...args], { cwd, env: extraEnv, timeoutMs: 60_000 });
    assert.equal(r.timedOut, false);
    const report = JSON.parse(r.stdout) as JsonReport;
    return { code: r.code, report, all: (id: string) => report.checks.filter((c) => c.id === id), get: (id: string) => report.checks.find((c) => c.id === id)! };
  }

  it('a clean environment: no errors, exit 0, and the text form lists every check', async () => {
    const { code, report } = await doctor();
    assert.equal(code, 0);
    assert.equal(report.ok, true);
    assert.equal(report.version, selected);
    const bad = report.checks.filter((c) => c.severity === 'error' || c.severity === 'warn').map((c) => c.id);
    // The test environment itself has GOPROXY=off (hermetic) and GOPATH/bin off PATH.
    assert.deepEqual(bad.sort(), ['gobin-on-path', 'goproxy']);
    const ids = report.checks.map((c) => c.id);
    for (const id of ['selection', 'go-env', 'path', 'goroot', 'gotoolchain', 'go111module', 'gopath', 'gobin-writable', 'gocache', 'gomodcache', 'gosumdb', 'cgo', 'go-work', 'stale-tools']) {
      assert.ok(ids.includes(id), `missing ${id}`);
    }
    const text = await env.sandbox.runGvx(['doctor'], { cwd: work });
    assert.equal(text.code, 0);
    assert.match(text.stdout, /^✓ selection: go .* selected by /m);
    assert.match(text.stdout, /^! goproxy: GOPROXY=off: .*\n {4}fix: go env -u GOPROXY/m);
    assert.match(text.stdout, /^0 error\(s\), 2 warning\(s\)/m);
  });

  it('GOROOT: a stale version and a /usr/local/go/go-style path are errors (exit 6)', async () => {
    const stale = await doctor({ GOROOT: env.goroot(other) });
    assert.equal(stale.code, 6);
    assert.equal(stale.get('goroot').severity, 'error');
    assert.match(stale.get('goroot').message, new RegExp(`GOROOT=${esc(env.goroot(other))} is go${esc(other)}, but go ${esc(selected)} is selected`));
    assert.match(stale.get('goroot').fix!, /^unset GOROOT/);

    const nested = await doctor({ GOROOT: join(env.goroot(selected), 'go') });
    assert.equal(nested.get('goroot').severity, 'error');
    assert.match(nested.get('goroot').message, new RegExp(`has no bin/go \\(did you mean ${esc(env.goroot(selected))}\\?\\)`));
    assert.equal((await doctor({ GOROOT: env.goroot(selected) })).get('goroot').severity, 'ok');
  });

  it("GOROOT exported by gvx's shell hook is never an error, even before the hook caught up", async () => {
    // What the hook exports at a prompt (lib/shell/posix-hook.ts): GOROOT and GVX_ACTIVE_VERSION.
    const hookEnv = (version: string) => ({ GOROOT: `${env.sandbox.home}/versions/${version}`, GVX_ACTIVE_VERSION: version });
    const current = await doctor(hookEnv(selected));
    assert.equal(current.code, 0);
    assert.equal(current.get('goroot').severity, 'ok');
    assert.equal(current.get('goroot').message, `GOROOT=${env.goroot(selected)} is exported by gvx's shell hook for the selected go ${selected}`);

    // The hook's GOROOT of the previous selection: it switches at the next prompt.
    const stale = await doctor(hookEnv(other));
    assert.equal(stale.code, 0, JSON.stringify(stale.report.checks.filter((c) => c.severity === 'error')));
    assert.equal(stale.get('goroot').severity, 'ok');
    assert.equal(stale.get('goroot').message, `gvx's shell hook exported GOROOT for go ${other}; it switches to ${selected} at the next prompt (the go shim already uses ${selected})`);
    assert.equal(stale.get('goroot').fix, undefined);
    const text = await env.sandbox.runGvx(['doctor'], { cwd: work, env: hookEnv(other) });
    assert.equal(text.code, 0);
    assert.doesNotMatch(text.stdout, /profile/);

    // Nor does that stale GOROOT make GOPATH "overlap GOROOT": no go runs with it.
    const gopath = join(env.goroot(other), 'gopath');
    const overlap = await doctor({ ...hookEnv(other), GOPATH: gopath });
    assert.equal(overlap.get('gopath').severity, 'ok', overlap.get('gopath').message);
    const byHand = await doctor({ GOROOT: env.goroot(other), GOPATH: gopath });
    assert.equal(byHand.get('gopath').severity, 'error', 'exported by hand, it is a GOROOT tools use');
  });

  it('GOROOT exported by hand for another version, or at /usr/local/go with GVX_ACTIVE_VERSION set, is an error', async () => {
    for (const extra of [{ GOROOT: env.goroot(other), GVX_ACTIVE_VERSION: selected }, { GOROOT: env.goroot(other), GVX_ACTIVE_VERSION: 'go/../..' }]) {
      const r = await doctor(extra);
      assert.equal(r.code, 6, JSON.stringify(extra));
      assert.equal(r.get('goroot').severity, 'error');
      assert.match(r.get('goroot').message, new RegExp(`GOROOT=${esc(env.goroot(other))} is go${esc(other)}, but go ${esc(selected)} is selected`));
      assert.match(r.get('goroot').fix!, /^unset GOROOT and remove its export from your shell profile/);
    }
    const usrLocal = await doctor({ GOROOT: '/usr/local/go', GVX_ACTIVE_VERSION: selected });
    assert.equal(usrLocal.code, 6);
    assert.equal(usrLocal.get('goroot').severity, 'error');
    assert.match(usrLocal.get('goroot').message, /^GOROOT=\/usr\/local\/go /);
    assert.match(usrLocal.get('goroot').fix!, /remove its export from your shell profile/);
  });

  it('GO111MODULE=off is an error, auto a warning', async () => {
    const off = await doctor({ GO111MODULE: 'off' });
    assert.equal(off.code, 6);
    assert.equal(off.get('go111module').severity, 'error');
    assert.match(off.get('go111module').message, /GOPATH mode/);
    assert.equal((await doctor({ GO111MODULE: 'auto' })).get('go111module').severity, 'warn');
  });

  it('GOPATH equal to GOROOT is an error; unset GOPATH and HOME leaves it empty (warning)', async () => {
    const same = await doctor({ GOPATH: env.goroot(selected) });
    assert.equal(same.get('gopath').severity, 'error');
    assert.match(same.get('gopath').message, /overlaps GOROOT/);
    // go's default GOPATH is $HOME/go; with neither, go has none.
    const empty = await doctor({ GOPATH: undefined, HOME: undefined, GOMODCACHE: join(env.sandbox.root, 'modcache') });
    assert.equal(empty.get('gopath').severity, 'warn');
    assert.match(empty.get('gopath').message, /GOPATH is empty/);
  });

  it('GOBIN that cannot be created (its parent is a regular file) is an error; off PATH a warning', async () => {
    const file = join(env.sandbox.root, 'a-file');
    await writeFile(file, 'not a directory\n');
    const r = await doctor({ GOBIN: join(file, 'bin') });
    assert.equal(r.code, 6);
    assert.equal(r.get('gobin-writable').severity, 'error');
    assert.equal(r.get('gobin-writable').message, `GOBIN ${join(file, 'bin')} is not writable: ${file} is a file, so ${join(file, 'bin')} cannot be created; go install fails`);
    // And it really is unusable: go install fails there.
    const mod = await mkdtemp(join(env.sandbox.root, 'mod-'));
    await writeFile(join(mod, 'go.mod'), 'module example.com/tool\n\ngo 1.21\n');
    await writeFile(join(mod, 'main.go'), 'package main\n\nfunc main() {}\n');
    await writeFile(join(mod, '.go-version'), `${selected}\n`);
    const install = await env.sandbox.run(join(env.shimsDir, 'go'), ['install', '.'], { cwd: mod, env: { GOBIN: join(file, 'bin') } });
    assert.notEqual(install.code, 0);

    const onPath = await doctor({ GOBIN: join(env.sandbox.root, 'bin'), PATH: `${env.sandbox.env.PATH}:${join(env.sandbox.root, 'bin')}` });
    assert.equal(onPath.get('gobin-writable').severity, 'ok');
    assert.equal(onPath.get('gobin-on-path').severity, 'ok');
    assert.equal((await doctor({ GOBIN: join(env.sandbox.root, 'bin') })).get('gobin-on-path').severity, 'warn');
  });

  it('GOCACHE and GOMODCACHE that cannot be written are errors', async () => {
    const file = join(env.sandbox.root, 'cache-file');
    await writeFile(file, '');
    const r = await doctor({ GOCACHE: join(file, 'cache'), GOMODCACHE: join(file, 'mod') });
    assert.equal(r.get('gocache').severity, 'error');
    assert.equal(r.get('gomodcache').severity, 'error');
    assert.match(r.get('gocache').message, /is a file/);
  });

  it('GOSUMDB=off written with go env -w (not in the environment) is read the way go reads it', async () => {
    const goenv = join(env.sandbox.root, 'goenv', 'env');
    await mkdir(join(env.sandbox.root, 'goenv'));
    const w = await env.sandbox.run(join(env.shimsDir, 'go'), ['env', '-w', 'GOSUMDB=off'], { cwd: work, env: { GOENV: goenv } });
    assert.equal(w.code, 0, w.stderr);
    assert.equal(env.sandbox.env.GOSUMDB, undefined);
    const r = await doctor({ GOENV: goenv });
    assert.equal(r.get('gosumdb').severity, 'warn');
    assert.match(r.get('gosumdb').message, /^GOSUMDB=off: downloaded modules are not checked/);
    assert.equal((await doctor()).get('gosumdb').severity, 'ok', 'without that go env file');
  });

  it('GOFLAGS=-insecure, GOINSECURE and GONOSUMDB (via GOPRIVATE) are named', async () => {
    const r = await doctor({ GOFLAGS: '-modcacherw -insecure', GOINSECURE: 'example.com', GOPRIVATE: 'corp.example.com' });
    assert.equal(r.get('goflags-insecure').severity, 'warn');
    assert.equal(r.get('goinsecure').severity, 'warn');
    assert.equal(r.get('gonosumdb').severity, 'info');
    assert.match(r.get('gonosumdb').message, /GONOSUMDB=corp\.example\.com: .* \(set from GOPRIVATE\)/);
  });

  it('GOPROXY=off is a warning; a working proxy list is ok', async () => {
    assert.equal((await doctor()).get('goproxy').severity, 'warn');
    const r = await doctor({ GOPROXY: 'https://proxy.example.com,direct' });
    assert.equal(r.get('goproxy').severity, 'ok');
  });

  it('GOTOOLCHAIN: auto is a warning, a fixed other version an error, local ok', async () => {
    const auto = await doctor({ GOTOOLCHAIN: 'auto' });
    assert.equal(auto.get('gotoolchain').severity, 'warn');
    assert.match(auto.get('gotoolchain').message, /downloaded toolchain when go\.mod asks for a newer Go/);
    const fixed = await doctor({ GOTOOLCHAIN: 'go1.99' });
    assert.equal(fixed.code, 6);
    assert.equal(fixed.get('gotoolchain').severity, 'error');
    assert.match(fixed.get('gotoolchain').message, new RegExp(`every go command runs go1\\.99 .* instead of the selected go${esc(selected)}`));
    assert.match(fixed.get('gotoolchain').fix!, /^unset GOTOOLCHAIN \(the shim then runs go with GOTOOLCHAIN=local\)/);
    assert.equal((await doctor({ GOTOOLCHAIN: 'local' })).get('gotoolchain').severity, 'ok');
  });

  it('GOTOOLCHAIN: says where it comes from (the shims\' default, the go env -w file, the environment) and how to undo it', async () => {
    const none = (await doctor()).get('gotoolchain');
    assert.equal(none.severity, 'ok');
    assert.equal(none.message, "GOTOOLCHAIN=local (the gvx shims' default: nothing sets it): go never switches toolchains");

    const goenv = join(env.sandbox.root, 'goenv-toolchain', 'env');
    await mkdir(dirname(goenv));
    const w = await env.sandbox.run(join(env.shimsDir, 'go'), ['env', '-w', 'GOTOOLCHAIN=auto'], { cwd: work, env: { GOENV: goenv } });
    assert.equal(w.code, 0, w.stderr);
    const fromFile = (await doctor({ GOENV: goenv })).get('gotoolchain');
    assert.equal(fromFile.severity, 'warn');
    assert.equal(fromFile.message, `GOTOOLCHAIN=auto (from the go env file ${goenv}, written by go env -w): go switches to a downloaded toolchain when go.mod asks for a newer Go than the selected one`);
    assert.match(fromFile.fix!, /^GOTOOLCHAIN=local go env -u GOTOOLCHAIN \(the shim then runs go with GOTOOLCHAIN=local\)/);

    // The environment wins, but unsetting it alone would bring the file's auto back.
    const both = (await doctor({ GOENV: goenv, GOTOOLCHAIN: `go${selected}` })).get('gotoolchain');
    assert.equal(both.severity, 'info');
    assert.equal(both.message, `GOTOOLCHAIN=go${selected} (from the environment) names the selected version (redundant)`);
    assert.match(both.fix!, /^GOTOOLCHAIN=local go env -u GOTOOLCHAIN; unset GOTOOLCHAIN \(/);

    // The fix works offline, where a plain `go env -u` obeys the pin first and fails to download it.
    await writeFile(goenv, 'GOTOOLCHAIN=go1.99.1\n');
    const pinned = (await doctor({ GOENV: goenv })).get('gotoolchain');
    const fixCommand = pinned.fix!.replace(/ \(.*$/s, '');
    assert.equal(fixCommand, 'GOTOOLCHAIN=local go env -u GOTOOLCHAIN');
    const offline = { GOENV: goenv, GOPROXY: 'off', PATH: `${env.shimsDir}:/usr/bin:/bin` };
    const plain = await env.sandbox.run('/bin/sh', ['-c', 'go env -u GOTOOLCHAIN'], { cwd: work, env: offline });
    assert.notEqual(plain.code, 0, 'a plain go env -u obeys the pin and cannot download it');
    const fix = await env.sandbox.run('/bin/sh', ['-c', fixCommand], { cwd: work, env: offline });
    assert.equal(fix.code, 0, fix.stderr);
    assert.doesNotMatch(await readFile(goenv, 'utf8'), /GOTOOLCHAIN/);

    await writeFile(goenv, 'GOTOOLCHAIN=local\n');
    const local = (await doctor({ GOENV: goenv })).get('gotoolchain');
    assert.equal(local.severity, 'ok');
    assert.equal(local.message, `GOTOOLCHAIN=local (from the go env file ${goenv}, written by go env -w): go never switches toolchains`);
  });

  it('CGO_ENABLED=1 with a C compiler that does not exist is an error', async () => {
    const r = await doctor({ CGO_ENABLED: '1', CC: '/nonexistent/cc' });
    assert.equal(r.code, 6);
    assert.equal(r.get('cgo').severity, 'error');
    assert.match(r.get('cgo').message, /"\/nonexistent\/cc" \(CC\) is not found/);
    // The claim is real: a cgo package does not build.
    const mod = await mkdtemp(join(env.sandbox.root, 'cgo-'));
    await writeFile(join(mod, 'go.mod'), 'module example.com/c\n\ngo 1.21\n');
    await writeFile(join(mod, 'main.go'), 'package main\n\n// int one(void) { return 1; }\nimport "C"\n\nfunc main() { _ = C.one() }\n');
    await writeFile(join(mod, '.go-version'), `${selected}\n`);
    const build = await env.sandbox.run(join(env.shimsDir, 'go'), ['build', '-o', join(mod, 'out'), '.'], { cwd: mod, env: { CGO_ENABLED: '1', CC: '/nonexistent/cc' } });
    assert.notEqual(build.code, 0);
    assert.equal((await doctor({ CGO_ENABLED: '0' })).get('cgo').severity, 'ok');
  });

  it('go.work: backslashed and missing use directories are named with their line', async () => {
    const ws = await mkdtemp(join(env.sandbox.root, 'ws-'));
    await mkdir(join(ws, 'a'));
    await writeFile(join(ws, 'a', 'go.mod'), 'module example.com/a\n\ngo 1.21\n');
    await writeFile(join(ws, 'go.work'), 'go 1.21\n\nuse (\n\t./a\n\t.\\b\n\t./missing // gone\n)\n');
    await writeFile(join(ws, '.go-version'), `${selected}\n`);
    const r = await doctor({}, ws);
    assert.equal(r.code, 6);
    const found = r.all('go-work').map((c) => `${c.severity} ${c.message}`);
    const file = join(ws, 'go.work');
    assert.deepEqual(found, [
      `warn ${file}:5: use .\\b has backslashes; on this system they are part of the name, not separators`,
      `error ${file}:5: use .\\b: the directory does not exist (${join(ws, '.\\b')})`,
      `error ${file}:6: use ./missing: the directory does not exist (${join(ws, 'missing')})`,
    ]);
    const fine = await doctor({}, join(ws, 'a'), []);
    assert.equal(fine.all('go-work').length, 3, 'go finds the go.work from a subdirectory too');
    assert.equal((await doctor({ GOWORK: 'off' }, ws)).get('go-work').severity, 'ok');
  });

  // The test environment sets GOPATH and GOCACHE (makeRealEnv in real-home.ts): those are checked as set.
  const PARTLY_NOT_CHECKED = "GOMODCACHE, cgo, go.work and the programs in GOBIN were not checked: they need the selected go's go env";

  it('a selected Go that is not installed: the selection error as before; only settings set explicitly are checked', async () => {
    const r = await doctor({ GVX_GO_VERSION: '1.99.1' });
    assert.equal(r.code, 6);
    assert.equal(r.get('selection').severity, 'error');
    assert.match(r.get('selection').message, /go 1\.99\.1 is selected by .* but is not installed/);
    assert.equal(r.get('selection').fix, 'gvx install 1.99.1');
    assert.deepEqual(r.all('go-env'), [{ id: 'go-env', severity: 'info', message: `the selected Go is not installed, so ${PARTLY_NOT_CHECKED}`, fix: 'gvx install 1.99.1' }]);
    for (const id of ['gomodcache', 'cgo', 'go-work', 'stale-tools']) assert.deepEqual(r.all(id), [], id);
    assert.deepEqual(r.all('gopath'), [{ id: 'gopath', severity: 'ok', message: `GOPATH=${env.sandbox.env.GOPATH}` }]);
    assert.deepEqual(r.all('gocache'), [{ id: 'gocache', severity: 'ok', message: `GOCACHE ${gocache} is writable` }]);
    assert.equal(r.get('gobin-writable').message, `GOPATH/bin ${join(env.sandbox.env.GOPATH!, 'bin')} is writable`);
  });

  it('an installed go whose go env fails: an error naming what was not checked, nothing guessed', async () => {
    // A damaged install: its bin/go exits 1.
    const broken = join(env.sandbox.home, 'versions', '1.99.2');
    await mkdir(join(broken, 'bin'), { recursive: true });
    await writeFile(join(broken, 'bin', 'go'), '#!/bin/sh\necho "go: damaged" >&2\nexit 1\n', { mode: 0o755 });
    try {
      const r = await doctor({ GVX_GO_VERSION: '1.99.2' });
      assert.equal(r.code, 6);
      assert.equal(r.get('selection').severity, 'ok');
      const goEnv = r.all('go-env');
      assert.equal(goEnv.length, 1);
      assert.equal(goEnv[0]!.severity, 'error');
      assert.match(goEnv[0]!.message, new RegExp(`^${esc(join(broken, 'bin', 'go'))} env -json failed .*go: damaged.*; so ${esc(PARTLY_NOT_CHECKED)}$`));
      for (const id of ['gomodcache', 'cgo', 'go-work', 'stale-tools']) assert.deepEqual(r.all(id), [], id);
    } finally {
      await rm(broken, { recursive: true });
    }
  });

  it('another go ahead of the shims on PATH is an error that names it', async () => {
    const debian = findDebianToolchains().get(other)!;
    const r = await doctor({ PATH: `${debian}/bin:${env.sandbox.env.PATH}` });
    assert.equal(r.code, 6);
    assert.equal(r.get('path').severity, 'error');
    assert.equal(r.get('path').message, `other go binaries come before the gvx shim on PATH: ${debian}/bin/go`);
    const behind = await doctor({ PATH: `${env.sandbox.env.PATH}:${debian}/bin` });
    assert.equal(behind.get('path').severity, 'ok');
    assert.match(behind.get('path').message, new RegExp(`later, unused: .*${esc(debian)}/bin/go`));
  });

  describe('--network', () => {
    let server: Server;
    let silent: Server;
    let base: string;
    let silentBase: string;
    const requests: string[] = [];

    before(async () => {
      server = createServer((req, res) => {
        requests.push(req.url!);
        if (req.url === '/?mode=json&include=all') {
          res.setHeader('content-type', 'application/json');
          res.end('[]');
        } else {
          res.statusCode = 404;
          res.end('not found');
        }
      });
      silent = createServer(() => {}); // accepts, never answers
      await Promise.all([server, silent].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', r))));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      silentBase = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    });
    after(async () => {
      silent.closeAllConnections();
      await Promise.all([server, silent].map((s) => new Promise((r) => s.close(r))));
    });

    it('probes the index, the mirror and each GOPROXY entry, timed', async () => {
      const closed = 'http://127.0.0.1:1';
      const r = await doctor({ GVX_MIRROR: base, GOPROXY: `${base}/proxy,${closed}|direct` }, work, ['--network']);
      assert.equal(r.get('net-index').severity, 'ok');
      assert.match(r.get('net-index').message, new RegExp(`^release index ${esc(base)}/\\?mode=json&include=all answered HTTP 200 in \\d+ ms$`));
      assert.equal(r.get('net-mirror').severity, 'ok', 'any answer proves the mirror reachable');
      const proxies = r.all('net-goproxy');
      assert.deepEqual(proxies.map((c) => c.severity), ['ok', 'warn']);
      assert.match(proxies[1]!.message, /http:\/\/127\.0\.0\.1:1\/ is unreachable: .*ECONNREFUSED/);
      assert.ok(requests.includes('/proxy/'));
      assert.equal(r.code, 0, 'an unreachable proxy entry is a warning');
    });

    it('an unreachable or silent GVX_MIRROR is an error, and the probe is bounded', async () => {
      const started = Date.now();
      const r = await doctor({ GVX_MIRROR: silentBase, GVX_HTTP_TIMEOUT: '1' }, work, ['--network']);
      assert.ok(Date.now() - started < 20_000, 'bounded by the timeout');
      assert.equal(r.code, 6);
      assert.equal(r.get('net-index').severity, 'error');
      assert.match(r.get('net-index').message, /is unreachable: .*\(\d+ ms\)$/);
      const offline = await doctor({}, work);
      assert.equal(offline.all('net-index').length, 0, 'no probes without --network');
    });
  });
});
