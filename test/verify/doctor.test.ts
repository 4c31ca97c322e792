// `gvx doctor` on a fresh home (gvx set up, no Go installed): no error, and what needs the
// selected go's `go env` is named once as not checked; and on hostile files from the user's
// tree. With real toolchains, each pitfall created for real: doctor.e2e.test.ts.

import assert from 'node:assert/strict';
import { mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/env.js';
import { makeFifo } from '../helpers/fifo.js';
import { esc, type JsonReport } from './doctor-json.js';
import { SELECTED, makeHostileFilesWorld, runBothForms } from './hostile-files.js';


/** The checks that need the selected go's `go env`; without one, doctor names them once instead. */
const GO_ENV_CHECKS = ['gopath', 'gobin-writable', 'gobin-on-path', 'gocache', 'gomodcache', 'cgo', 'go-work', 'stale-tools'];
const NOT_CHECKED = "GOPATH, GOBIN, GOCACHE, GOMODCACHE, cgo, go.work and the programs in GOBIN were not checked: they need the selected go's go env";

describe('gvx doctor on a fresh home (gvx set up, no Go installed)', () => {
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await makeSandbox();
    // What a new user has done: eval "$(gvx env)" (which writes the shims), nothing installed.
    const setup = await sandbox.runGvx(['env', '--shell', 'bash']);
    assert.equal(setup.code, 0, setup.stderr);
    sandbox.env.PATH = `${join(sandbox.home, 'shims')}:${sandbox.env.PATH}`;
  });
  after(async () => sandbox?.cleanup());

  it('is no error: nothing installed is a warning, and the go env checks are named once as not checked', async () => {
    assert.ok(sandbox.env.HOME);
    const r = await sandbox.runGvx(['doctor', '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.ok, true);
    assert.equal(report.version, null);
    const get = (id: string) => report.checks.filter((c) => c.id === id);
    assert.deepEqual(get('selection'), [
      { id: 'selection', severity: 'warn', message: 'no Go is installed yet, so nothing is selected: go through the gvx shims exits 127', fix: 'gvx install latest (the first version installed becomes the global default)' },
    ]);
    assert.deepEqual(get('go-env'), [
      { id: 'go-env', severity: 'info', message: `no Go is installed, so ${NOT_CHECKED}`, fix: 'gvx install latest' },
    ]);
    for (const id of GO_ENV_CHECKS) assert.deepEqual(get(id), [], `${id} is not guessed without go env`);
    // What go env itself does not decide is still checked.
    for (const id of ['path', 'goroot', 'gotoolchain', 'go111module', 'gosumdb', 'goproxy']) assert.equal(get(id)[0]?.severity, 'ok', id);
    assert.deepEqual(report.checks.filter((c) => c.severity === 'error' || c.severity === 'warn').map((c) => c.id), ['selection']);
    for (const output of [r.stdout, (await sandbox.runGvx(['doctor'])).stdout]) {
      assert.doesNotMatch(output, /no HOME/);
      assert.doesNotMatch(output, /GOCACHE is empty/);
      assert.doesNotMatch(output, /cgo is off/);
    }

    const text = await sandbox.runGvx(['doctor']);
    assert.equal(text.code, 0);
    assert.equal(text.stdout.match(/not checked/g)?.length, 1, text.stdout);
    assert.match(text.stdout, new RegExp(`^i go-env: no Go is installed, so ${esc(NOT_CHECKED)}\\n {4}fix: gvx install latest$`, 'm'));
    assert.match(text.stdout, /^! selection: no Go is installed yet/m);
    assert.match(text.stdout, /^0 error\(s\), 1 warning\(s\), 1 note\(s\)$/m);
  });

  it('without a go, settings go takes as they are still come from the environment and the go env -w file', async () => {
    await mkdir(join(sandbox.userHome, '.config', 'go'), { recursive: true });
    await writeFile(join(sandbox.userHome, '.config', 'go', 'env'), 'GOSUMDB=off\n');
    try {
      const r = await sandbox.runGvx(['doctor', '--json'], { env: { GO111MODULE: 'off', GOPRIVATE: 'corp.example.com' } });
      const report = JSON.parse(r.stdout) as JsonReport;
      const get = (id: string) => report.checks.find((c) => c.id === id)!;
      assert.equal(get('gosumdb').severity, 'warn');
      assert.match(get('gosumdb').message, /^GOSUMDB=off: /);
      assert.equal(get('go111module').severity, 'error');
      assert.match(get('gonosumdb').message, /^GONOSUMDB=corp\.example\.com: .* \(set from GOPRIVATE\)$/);
      assert.equal(r.code, 6, 'GO111MODULE=off is an error with or without a go');
    } finally {
      await rm(join(sandbox.userHome, '.config'), { recursive: true });
    }
  });
});

// Files doctor reads from the user's tree may come from a hostile clone. Each case is made for
// real (a FIFO, /dev/zero, a huge file, a symlink to a secret, escape sequences); a read that
// blocks or never ends shows as doctor killed by the spawn timeout.
describe('gvx doctor on hostile files (go.work, an exported GOROOT\'s VERSION)', () => {
  let sandbox: Sandbox;
  let dir: string;
  before(async () => {
    ({ sandbox, dir } = await makeHostileFilesWorld('files'));
  });
  after(async () => sandbox?.cleanup());

  /** doctor --json and the text form, both ended by themselves. */
  async function doctor(env: Record<string, string>) {
    const { json, output } = await runBothForms(sandbox, 'doctor', env);
    const report = JSON.parse(json.stdout) as JsonReport;
    return { output, all: (id: string) => report.checks.filter((c) => c.id === id) };
  }

  const unusableWork = (file: string, why: string) => [
    { id: 'go-work', severity: 'error', message: `GOWORK=${file} ${why}`, fix: `remove ${file} or make it a regular go.work file; or export GOWORK=off` },
  ];

  it('a go.work that is a symlink to /dev/zero, a FIFO, or a directory: an error naming what it is', async () => {
    const zero = join(dir, 'zero.work');
    await symlink('/dev/zero', zero);
    assert.deepEqual((await doctor({ GOWORK: zero })).all('go-work'), unusableWork(zero, 'is a symlink to /dev/zero: a character device, not a regular file'));
    const fifo = join(dir, 'fifo.work');
    makeFifo(fifo);
    assert.deepEqual((await doctor({ GOWORK: fifo })).all('go-work'), unusableWork(fifo, 'is a FIFO, not a regular file'));
    const directory = join(dir, 'dir.work');
    await mkdir(directory);
    assert.deepEqual((await doctor({ GOWORK: directory })).all('go-work'), unusableWork(directory, 'is a directory, not a regular file'));
  });

  it('a go.work past the 1 MiB budget: a warning that its use directives were not checked', async () => {
    const file = join(dir, 'huge.work');
    await writeFile(file, `go 1.22\n${'// padding\n'.repeat(100_000)}use ./missing\n`);
    assert.deepEqual((await doctor({ GOWORK: file })).all('go-work'), [
      { id: 'go-work', severity: 'warn', message: `${file} is larger than 1.0 MiB: its use directives were not checked`, fix: 'go work edit -json lists them; if the go.work is not yours, export GOWORK=off' },
    ]);
  });

  it('a symlinked go.work is followed to check its use directories, but nothing read from it is quoted', async () => {
    const ws = join(dir, 'ws');
    await mkdir(join(ws, 'a'), { recursive: true });
    await writeFile(join(ws, 'a', 'go.mod'), 'module example.com/a\n');
    const target = join(dir, 'elsewhere.work');
    await writeFile(target, 'go 1.22\nuse ./a\nuse ./SECRET-ONE\nuse .\\SECRET-TWO\n');
    const link = join(ws, 'go.work');
    await symlink(target, link);
    const r = await doctor({ GOWORK: link });
    const followed = { id: 'go-work', severity: 'info', message: `${link} is a symlink: doctor follows it, but does not quote its content` };
    const dropFix = 'go work edit -json lists the use paths: drop this one with go work edit -dropuse=PATH, or create the module there';
    assert.deepEqual(r.all('go-work'), [
      followed,
      { id: 'go-work', severity: 'error', message: `${link}:3: its use directive: the directory does not exist`, fix: dropFix },
      { id: 'go-work', severity: 'warn', message: `${link}:4: its use directive has backslashes; on this system they are part of the name, not separators`, fix: 'write it with forward slashes' },
      { id: 'go-work', severity: 'error', message: `${link}:4: its use directive: the directory does not exist`, fix: dropFix },
    ]);
    assert.doesNotMatch(r.output, /SECRET/);

    await writeFile(target, 'go 1.22\nuse ./a // SECRET-THREE\n');
    const fine = await doctor({ GOWORK: link });
    assert.deepEqual(fine.all('go-work'), [followed, { id: 'go-work', severity: 'ok', message: `${link}: every use directory has a go.mod` }]);
    assert.doesNotMatch(fine.output, /SECRET/);
  });

  it('a use path with control characters in a regular go.work is quoted escaped, never raw', async () => {
    const ws = join(dir, 'escapes');
    await mkdir(ws);
    const file = join(ws, 'go.work');
    await writeFile(file, 'go 1.22\nuse "./x\x1b]0;pwned\x07\x9b2J"\n');
    const r = await doctor({ GOWORK: file });
    assert.deepEqual(r.all('go-work'), [
      {
        id: 'go-work',
        severity: 'error',
        message: `${file}:2: use ./x?]0;pwned??2J: the directory does not exist`,
        fix: 'go work edit -json lists the use paths: drop this one with go work edit -dropuse=PATH, or create the module there',
      },
    ]);
    assert.doesNotMatch(r.output, /[^\P{Cc}\n]/u, 'no control character but newlines');
  });

  /** An exported GOROOT that has a bin/go, with `version` as its VERSION file. */
  async function gorootWith(name: string, version: (path: string) => Promise<void> | void): Promise<string> {
    const root = join(dir, name);
    await mkdir(join(root, 'bin'), { recursive: true });
    await writeFile(join(root, 'bin', 'go'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
    await version(join(root, 'VERSION'));
    return root;
  }

  const wrongGoroot = (root: string, named: string) => ({
    id: 'goroot',
    severity: 'error',
    message: `GOROOT=${root} is ${named}, but go ${SELECTED} is selected: tools that read $GOROOT mix releases ("compile: version … does not match go tool version …")`,
    fix: 'unset GOROOT and remove its export from your shell profile; the gvx shim sets GOROOT for each go call',
  });

  it('an exported GOROOT whose VERSION is /dev/zero or a FIFO: an error naming it, no hang', async () => {
    const zero = await gorootWith('zero-root', (path) => symlink('/dev/zero', path));
    assert.deepEqual((await doctor({ GOROOT: zero })).all('goroot'), [
      wrongGoroot(zero, 'an unknown Go (its VERSION is a symlink to /dev/zero: a character device, not a regular file)'),
    ]);
    const fifo = await gorootWith('fifo-root', makeFifo);
    assert.deepEqual((await doctor({ GOROOT: fifo })).all('goroot'), [wrongGoroot(fifo, 'an unknown Go (its VERSION is a FIFO, not a regular file)')]);
  });

  it('a symlinked VERSION is compared, never quoted; a regular one is quoted escaped', async () => {
    const secret = join(dir, 'secret');
    await writeFile(secret, 'SECRET-FOUR\n');
    const linked = await gorootWith('linked-root', (path) => symlink(secret, path));
    const r = await doctor({ GOROOT: linked });
    assert.deepEqual(r.all('goroot'), [wrongGoroot(linked, 'an unknown Go (its VERSION is a symlink, so its content is not quoted)')]);
    assert.doesNotMatch(r.output, /SECRET/);

    // Followed to check: a symlink to the selected release's VERSION is that release.
    const same = await gorootWith('same-root', (path) => symlink(join(sandbox.home, 'versions', SELECTED, 'VERSION'), path));
    assert.equal((await doctor({ GOROOT: same })).all('goroot')[0]!.severity, 'ok');

    const odd = await gorootWith('odd-root', (path) => writeFile(path, 'devel\x1b[2J go1.23\n'));
    assert.deepEqual((await doctor({ GOROOT: odd })).all('goroot'), [wrongGoroot(odd, 'devel?[2J go1.23')]);
  });
});
