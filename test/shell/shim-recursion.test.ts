// The shim's recursion guard against a chain: a GOROOT/bin/go that is a wrapper running `go`
// through PATH finds the shim again. The shim must stop that at once (exit 127, one message),
// whether the wrapper runs go as a child or execs it, and must still let a toolchain's go run
// `go` through PATH once (go generate did before Go 1.19). Each wrapper counts its own depth
// and stops itself at 10, so a missing guard fails the test instead of piling up processes.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeFakeHome } from '../helpers/fake-home.js';
import { runSync } from '../helpers/run-sync.js';

const VERSION = '1.22.12';

/** A bin/go that logs its depth, runs `go` through PATH as `call` says, and stops itself at 10. */
function wrapper(log: string, call: string): string {
  return [
    '#!/bin/sh',
    'depth=$((${WRAPPER_DEPTH:-0} + 1)); export WRAPPER_DEPTH=$depth',
    `echo "$depth" >>'${log}'`,
    'if [ "$depth" -gt 10 ]; then echo "wrapper: a chain of $depth" >&2; exit 99; fi',
    call,
    '',
  ].join('\n');
}

describe('the shim refuses a toolchain go that runs go through PATH without end', function () {
  this.timeout(60000);
  let base: string;
  let home: string;
  let log: string;
  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'gvx-shim-chain-'));
    home = join(base, 'home');
    await makeFakeHome(home, [VERSION], VERSION);
  });
  after(() => rmSync(base, { recursive: true, force: true }));

  const goBin = () => join(home, 'versions', VERSION, 'bin', 'go');
  let n = 0;
  /** Installs `call` as the toolchain's bin/go, logging to a new depth log. */
  const install = (call: string) => {
    log = join(base, `depth.${n++}`);
    writeFileSync(log, '');
    writeFileSync(goBin(), wrapper(log, call), { mode: 0o755 });
  };
  const runShim = (args: string[]) =>
    runSync(join(home, 'shims', 'go'), args, {
      cwd: base,
      env: { PATH: `${join(home, 'shims')}:/usr/bin:/bin`, HOME: base, GVX_HOME: home, PWD: base },
    });
  const depths = () => readFileSync(log, 'utf8').trim().split('\n');

  for (const [how, call] of [
    ['as a child', 'go version'],
    ['with exec', 'exec go "$@"'],
  ] as const) {
    it(`a wrapper that runs go through PATH ${how}: exit 127 with the reason, after two wrapper runs`, () => {
      install(call);
      const result = runShim(['version']);
      assert.equal(result.status, 127, result.stderr);
      assert.equal(
        result.stderr,
        `gvx: error: ${goBin()} runs go through PATH, which is this shim again: it would run itself without end\n` +
          `hint: make ${goBin()} run the real go by its path, or reinstall it: gvx install --force ${VERSION}\n`,
      );
      assert.deepEqual(depths(), ['1', '2'], 'the wrapper ran twice, then the shim stopped the chain');
    });
  }

  it('a toolchain go that runs go through PATH once is let through', () => {
    // Its first run calls go once more through PATH; that one answers.
    const once = '[ "$depth" -eq 1 ] && exec go "$@"\necho "go version go1.22.12 fake/once"';
    install(once);
    const result = runShim(['version']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'go version go1.22.12 fake/once\n');
    assert.deepEqual(depths(), ['1', '2']);
  });

  it('a child of the toolchain go that runs go starts a new count (go test, go run)', () => {
    // The go forks a process that is not go (a test binary), which runs go through PATH.
    const viaChild = '[ "$depth" -le 3 ] && { /bin/sh -c \'go "$@"; exit $?\' sh "$@"; exit $?; }\necho "go version go1.22.12 fake/deep"';
    install(viaChild);
    const result = runShim(['version']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, 'go version go1.22.12 fake/deep\n');
    assert.deepEqual(depths(), ['1', '2', '3', '4']);
  });
});
