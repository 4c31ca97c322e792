// `gvx doctor` on a fresh home (gvx set up, no Go installed): no error, and what needs the
// selected go's `go env` is named once as not checked. With real toolchains, each pitfall
// created for real: doctor.e2e.test.ts.

import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeSandbox, type Sandbox } from '../helpers/env.js';
import { esc, type JsonReport } from './doctor-json.js';


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
