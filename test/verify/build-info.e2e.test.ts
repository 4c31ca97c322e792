// readBuildInfo against Debian's real Go toolchains (golang-1.NN-go): binaries built for real
// (with and without cgo: gcc, -trimpath, -ldflags) read back with `go version -m`. Parsing and
// scripted go commands: build-info.test.ts.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { readAllBuildInfo, readBuildInfo } from '../../lib/verify/build-info.js';
import { expectGvxError } from '../helpers/gvx-error.js';

// Real toolchains: Debian's golang-1.NN-go packages (installed locally and in CI).
const REAL_GOROOTS = ['1.21', '1.22', '1.23']
  .map((v) => `/usr/lib/go-${v}`)
  .filter((root) => existsSync(join(root, 'bin', 'go')));

const execFileP = promisify(execFile);

// Node's names → Go's, for "GOOS/GOARCH match the machine".
const GOOS: Record<string, string> = { linux: 'linux', darwin: 'darwin', win32: 'windows', freebsd: 'freebsd' };
const GOARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm', s390x: 's390x', riscv64: 'riscv64', loong64: 'loong64', ppc64: 'ppc64le' };

describe('readBuildInfo against real Go toolchains', function () {
  // Real toolchain builds: one shared GOCACHE, three builds per toolchain.
  this.timeout(120_000);
  let work: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    if (REAL_GOROOTS.length === 0) return;
    work = await mkdtemp(join(tmpdir(), 'gvx-buildinfo-real-'));
    // Scrubbed and offline: no user GOFLAGS/GOROOT/go.env, no toolchain switch, no proxy.
    env = {
      PATH: process.env.PATH,
      HOME: join(work, 'home'),
      TMPDIR: tmpdir(),
      GOCACHE: join(work, 'gocache'),
      GOPATH: join(work, 'gopath'),
      GOPROXY: 'off',
      GOSUMDB: 'off',
      GOTOOLCHAIN: 'local',
      GOFLAGS: '',
      GOENV: 'off',
      GOWORK: 'off',
    };
    const files: Record<string, string> = {
      'dep/go.mod': 'module example.com/dep\n\ngo 1.21\n',
      'dep/dep.go': 'package dep\n\nfunc Hello() string { return "hi" }\n',
      // The dep is satisfied only by the replace: GOPROXY=off would fail any download.
      'app/go.mod':
        'module example.com/app\n\ngo 1.21\n\nrequire example.com/dep v1.2.3\n\nreplace example.com/dep v1.2.3 => ../dep\n',
      'app/main.go': 'package main\n\nimport "example.com/dep"\n\nvar note string\n\nfunc main() { println(dep.Hello(), extra(), note) }\n',
      // Files importing "C" are left out when CGO_ENABLED=0; nocgo.go takes over then.
      'app/cgo.go': 'package main\n\n/*\nstatic int two(void) { return 2; }\n*/\nimport "C"\n\nfunc extra() int { return int(C.two()) }\n',
      'app/nocgo.go': '//go:build !cgo\n\npackage main\n\nfunc extra() int { return 0 }\n',
      'not-go.txt': 'just text\n',
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(join(work, name, '..'), { recursive: true });
      await writeFile(join(work, name), text);
    }
  });
  after(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('has at least one real Go toolchain to test', function () {
    if (REAL_GOROOTS.length > 0) return;
    if (process.env.CI) assert.fail('no /usr/lib/go-1.NN toolchain found, but CI must run the real-toolchain tests');
    this.skip();
  });

  for (const goroot of REAL_GOROOTS) {
    describe(goroot, () => {
      const go = join(goroot, 'bin', 'go');
      const release = readFileSync(join(goroot, 'VERSION'), 'utf8').split('\n')[0]!.trim(); // e.g. go1.22.12
      const tag = goroot.replace(/.*go-/, '');
      const bin = (name: string) => join(work, 'bin', tag, name);

      before(async () => {
        const build = (name: string, cgo: '0' | '1', ...flags: string[]) =>
          execFileP(go, ['build', ...flags, '-o', bin(name), '.'], {
            cwd: join(work, 'app'),
            env: { ...env, CGO_ENABLED: cgo },
            timeout: 90_000,
          });
        await build('nocgo', '0');
        await build('cgo', '1', '-ldflags=-X "main.note=two words"');
        await build('trimpath', '0', '-trimpath', '-ldflags=-X "main.note=two words"');
      });

      it('the go command itself: cmd/go, the VERSION release, this GOOS/GOARCH', async () => {
        const bi = await readBuildInfo(go, go, { env });
        assert.equal(bi.binary, go);
        assert.equal(bi.path, 'cmd/go');
        assert.match(release, /^go1\.\d+/);
        assert.equal(bi.goVersion, release);
        assert.equal(bi.settings.GOOS, GOOS[process.platform]);
        assert.equal(bi.settings.GOARCH, GOARCH[process.arch]);
        assert.equal(bi.settings['-compiler'], 'gc');
      });

      it('CGO_ENABLED=0 build: main module, dep replaced by a local directory', async () => {
        const bi = await readBuildInfo(go, bin('nocgo'), { env });
        assert.equal(bi.goVersion, release);
        assert.equal(bi.path, 'example.com/app');
        assert.deepEqual(bi.main, { path: 'example.com/app', version: '(devel)' });
        assert.deepEqual(bi.deps, [
          { path: 'example.com/dep', version: 'v1.2.3', replace: { path: '../dep', version: '(devel)' } },
        ]);
        assert.equal(bi.settings.CGO_ENABLED, '0');
        assert.equal(bi.settings['-buildmode'], 'exe');
        assert.equal(bi.settings['-trimpath'], undefined);
        assert.equal(bi.settings.GOOS, GOOS[process.platform]);
        assert.equal(bi.settings.GOARCH, GOARCH[process.arch]);
      });

      it('CGO_ENABLED=1 build records cgo, its flags and a quoted -ldflags (unquoted)', async () => {
        const bi = await readBuildInfo(go, bin('cgo'), { env });
        assert.equal(bi.goVersion, release);
        assert.equal(bi.settings.CGO_ENABLED, '1');
        // Printed as -ldflags="-X \"main.note=two words\"".
        assert.equal(bi.settings['-ldflags'], '-X "main.note=two words"');
        assert.equal(bi.settings.CGO_CFLAGS, ''); // printed as `CGO_CFLAGS=`: present but empty
        assert.equal(bi.deps[0]?.replace?.path, '../dep');
      });

      it('-trimpath build: recorded, and -ldflags left out on purpose (go.dev/issue/52372)', async () => {
        const bi = await readBuildInfo(go, bin('trimpath'), { env });
        assert.equal(bi.settings['-trimpath'], 'true');
        // -ldflags was passed, but Go omits it (and CGO_*FLAGS) under -trimpath: it may hold paths.
        assert.equal(bi.settings['-ldflags'], undefined);
        assert.equal(bi.settings.CGO_ENABLED, '0');
        assert.deepEqual(bi.main, { path: 'example.com/app', version: '(devel)' });
      });

      it('a directory lists every Go binary in it; readBuildInfo refuses it', async () => {
        const all = await readAllBuildInfo(go, join(work, 'bin', tag), { env });
        assert.deepEqual(all.map((b) => b.binary).sort(), ['cgo', 'nocgo', 'trimpath'].map(bin));
        assert.ok(all.every((b) => b.goVersion === release && b.deps.length === 1));
        await expectGvxError(readBuildInfo(go, join(work, 'bin', tag), { env }), 'E_BUILD_INFO_FAILED');
      });

      it('not Go: /bin/true, a script, a non-executable file (go exits 0 for all of them)', async () => {
        const err = await expectGvxError(readBuildInfo(go, '/bin/true', { env }), 'E_NOT_GO_BINARY', /\/bin\/true/);
        assert.match(err.message, /not a Go executable/);
        const sh = join(work, 'script.sh');
        await writeFile(sh, '#!/bin/sh\nexit 0\n', { mode: 0o755 });
        await expectGvxError(readBuildInfo(go, sh, { env }), 'E_NOT_GO_BINARY', /unrecognized file format/);
        await expectGvxError(readBuildInfo(go, join(work, 'not-go.txt'), { env }), 'E_NOT_GO_BINARY', /not-go\.txt/);
      });

      it('a missing file is E_BUILD_INFO_FAILED (go exits 1)', async () => {
        await expectGvxError(readBuildInfo(go, join(work, 'nope'), { env }), 'E_BUILD_INFO_FAILED', /no such file/);
      });
    });
  }
});
