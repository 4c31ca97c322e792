// `gvx verify` and the proof line of `gvx use`, on real Go toolchains in a real (scrubbed)
// environment: each check is made to fail by the real-world cause it exists for.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findDebianToolchains } from '../helpers/debian-go.js';
import { makeRealEnv, type RealEnv } from '../helpers/real-home.js';

interface JsonCheck {
  id: string;
  ok: boolean;
  message: string;
  fix?: string;
}
interface JsonReport {
  ok: boolean;
  version: string | null;
  goroot: string | null;
  checks: JsonCheck[];
}

const IDS = ['selection', 'install', 'build-info', 'path', 'shim-env', 'goroot-env', 'go-mod'];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('gvx verify (real toolchains)', function () {
  let gocache: string;
  let env: RealEnv;
  let older: string;
  let newer: string;

  before(async function () {
    gocache = await mkdtemp('/tmp/gvx-verify-gocache-');
    env = await makeRealEnv(this, gocache);
    [older, newer] = env.versions as [string, string];
  });
  after(async () => {
    await env?.sandbox.cleanup();
    if (gocache) await rm(gocache, { recursive: true, force: true });
  });

  /** A project directory with a .go-version (and optionally a go.mod). */
  async function project(version: string, goMod?: string): Promise<string> {
    const dir = await mkdtemp(join(env.sandbox.root, 'project-'));
    await writeFile(join(dir, '.go-version'), `${version}\n`);
    if (goMod) await writeFile(join(dir, 'go.mod'), goMod);
    return dir;
  }

  async function verifyJson(cwd: string, extraEnv: Record<string, string | undefined> = {}): Promise<{ code: number | null; report: JsonReport }> {
    const r = await env.sandbox.runGvx(['verify', '--json'], { cwd, env: extraEnv, timeoutMs: 60_000 });
    assert.equal(r.timedOut, false);
    return { code: r.code, report: JSON.parse(r.stdout) as JsonReport };
  }

  const check = (report: JsonReport, id: string) => report.checks.find((c) => c.id === id)!;
  const failing = (report: JsonReport) => report.checks.filter((c) => !c.ok).map((c) => c.id);

  it('passes all seven checks for a sound setup, in text and JSON', async () => {
    const minor = older.split('.').slice(0, 2).join('.');
    const dir = await project(newer, `module example.com/m\n\ngo ${minor}\n`);
    const text = await env.sandbox.runGvx(['verify'], { cwd: dir });
    assert.equal(text.code, 0, text.stdout + text.stderr);
    const lines = text.stdout.trim().split('\n');
    assert.deepEqual(lines.slice(0, 7).map((l) => /^✓ ([a-z-]+):/.exec(l)?.[1]), IDS);
    assert.match(text.stdout, new RegExp(`build-info: go version -m bin/go: go${esc(newer)}, path cmd/go, linux/`));
    assert.match(lines[7]!, new RegExp(`^verified: go ${esc(newer)} is the Go that runs in `));

    const { code, report } = await verifyJson(dir);
    assert.equal(code, 0);
    assert.equal(report.ok, true);
    assert.equal(report.version, newer);
    assert.equal(report.goroot, env.goroot(newer));
    assert.deepEqual(report.checks.map((c) => c.id), IDS);
    assert.ok(report.checks.every((c) => c.ok && c.fix === undefined));
    assert.match(check(report, 'selection').message, new RegExp(`selected by ${esc(join(dir, '.go-version'))}`));
    assert.match(check(report, 'shim-env').message, new RegExp(`GOROOT=${esc(env.goroot(newer))}, GOVERSION=go${esc(newer)}`));
  });

  it('gvx use prints one line of proof after switching, or the failing checks', async () => {
    const dir = await mkdtemp(join(env.sandbox.root, 'use-'));
    const used = await env.sandbox.runGvx(['use', older], { cwd: dir });
    assert.equal(used.code, 0, used.stderr);
    const proof = used.stdout.trim().split('\n').filter((l) => l.startsWith('✓') || l.startsWith('✗'));
    assert.deepEqual(proof, [`✓ go${older} verified: go version -m, PATH, go env GOROOT ${env.goroot(older)} (gvx verify shows each check)`]);

    const debian = findDebianToolchains().get(newer)!;
    const shadowed = await env.sandbox.runGvx(['use', older], { cwd: dir, env: { PATH: `${debian}/bin:${env.sandbox.env.PATH}` } });
    assert.equal(shadowed.code, 0, 'the switch itself succeeded');
    assert.match(shadowed.stdout, new RegExp(`✗ go ${esc(older)} is selected, but gvx verify found problems:\n✗ path: the first go on PATH is ${esc(debian)}/bin/go`));
    assert.match(shadowed.stdout, /fix: remove .* from PATH/);
  });

  it('names a go earlier on PATH that shadows the shim', async () => {
    const dir = await project(newer);
    // A distro Go (Debian's own /usr/lib/go-1.NN/bin), as users have from apt or /usr/local/go.
    const debian = findDebianToolchains().get(older)!;
    const { code, report } = await verifyJson(dir, { PATH: `${debian}/bin:${env.sandbox.env.PATH}` });
    assert.equal(code, 6);
    assert.deepEqual(failing(report), ['path']);
    assert.equal(check(report, 'path').message, `the first go on PATH is ${debian}/bin/go, ahead of the gvx shim (${join(env.shimsDir, 'go')})`);
    assert.match(check(report, 'path').fix!, new RegExp(`remove ${esc(debian)}/bin from PATH`));

    // Without the shims on PATH at all.
    const { report: noShims } = await verifyJson(dir, { PATH: `${debian}/bin:/usr/bin:/bin` });
    assert.match(check(noShims, 'path').message, /the gvx shims \(.*\) are not on PATH at all/);
  });

  it('names a stale exported GOROOT and explains the version-mismatch trap it causes', async () => {
    const dir = await project(newer, 'module example.com/m\n\ngo 1.21\n');
    await writeFile(join(dir, 'main.go'), 'package main\n\nfunc main() {}\n');
    const { code, report } = await verifyJson(dir, { GOROOT: env.goroot(older) });
    assert.equal(code, 6);
    assert.deepEqual(failing(report), ['goroot-env'], 'the shim overrides GOROOT for go itself');
    const msg = check(report, 'goroot-env').message;
    assert.ok(msg.startsWith(`GOROOT=${env.goroot(older)} is exported (go${older}), but go ${newer} is selected.`), msg);
    assert.ok(msg.includes(`"compile: version "go${older}" does not match go tool version "go${newer}""`), msg);
    assert.match(check(report, 'goroot-env').fix!, /^unset GOROOT/);

    // The trap is real: the selected go run directly (not through the shim) with that GOROOT.
    const direct = await env.sandbox.run(join(env.goroot(newer), 'bin', 'go'), ['build', '-o', join(dir, 'out'), '.'], {
      cwd: dir,
      env: { GOROOT: env.goroot(older), GOTOOLCHAIN: 'local' },
    });
    assert.notEqual(direct.code, 0);
    assert.match(direct.stderr, new RegExp(`version "go${esc(older)}" does not match go tool version "go${esc(newer)}"`));

    // The same GOROOT as the selection is fine.
    const { code: same } = await verifyJson(dir, { GOROOT: env.goroot(newer) });
    assert.equal(same, 0);
  });

  describe("GOROOT exported by gvx's own shell hook", () => {
    // What the hook exports at a prompt (lib/shell/posix-hook.ts): GOROOT and GVX_ACTIVE_VERSION.
    const hookEnv = (version: string) => ({ GOROOT: `${env.sandbox.home}/versions/${version}`, GVX_ACTIVE_VERSION: version });

    it('for the selected version: passes, and says the hook exported it', async () => {
      const dir = await project(newer);
      const { code, report } = await verifyJson(dir, hookEnv(newer));
      assert.equal(code, 0, JSON.stringify(report));
      const goroot = check(report, 'goroot-env');
      assert.equal(goroot.ok, true);
      assert.equal(goroot.message, `exported by gvx's shell hook: ${env.goroot(newer)}`);
      assert.equal(goroot.fix, undefined);
    });

    it('for another installed version (the hook has not run since the selection changed): passes, switches at the next prompt', async () => {
      const dir = await project(newer);
      const { code, report } = await verifyJson(dir, hookEnv(older));
      assert.equal(code, 0, JSON.stringify(report));
      const goroot = check(report, 'goroot-env');
      assert.equal(goroot.ok, true);
      assert.equal(goroot.fix, undefined);
      assert.equal(goroot.message, `gvx's shell hook exported GOROOT for go ${older}; it switches to ${newer} at the next prompt (the go shim already uses ${newer})`);

      const text = await env.sandbox.runGvx(['verify'], { cwd: dir, env: hookEnv(older) });
      assert.equal(text.code, 0, text.stdout + text.stderr);
      assert.doesNotMatch(text.stdout + text.stderr, /✗|profile/);
      assert.match(text.stdout, /next prompt/);
    });

    it('gvx use <other> with the hook GOROOT of the previous selection: exit 0, the proof line, no ✗', async () => {
      const dir = await project(newer);
      const used = await env.sandbox.runGvx(['use', older], { cwd: dir, env: hookEnv(newer) });
      assert.equal(used.code, 0, used.stdout + used.stderr);
      assert.doesNotMatch(used.stdout + used.stderr, /✗|profile/);
      const proof = used.stdout.trim().split('\n').filter((l) => l.startsWith('✓') || l.startsWith('✗'));
      assert.deepEqual(proof, [`✓ go${older} verified: go version -m, PATH, go env GOROOT ${env.goroot(older)} (gvx verify shows each check)`]);
    });

    it('a GOROOT of another version exported by hand is still an error with the profile fix', async () => {
      const dir = await project(newer);
      const byHand = [
        { GOROOT: env.goroot(older) }, // no GVX_ACTIVE_VERSION
        { GOROOT: env.goroot(older), GVX_ACTIVE_VERSION: newer }, // the hook's variable, but not its GOROOT
        { GOROOT: env.goroot(older), GVX_ACTIVE_VERSION: `../versions/${older}` }, // not a version
      ];
      for (const extra of byHand) {
        const { code, report } = await verifyJson(dir, extra);
        assert.equal(code, 6, JSON.stringify(extra));
        assert.deepEqual(failing(report), ['goroot-env']);
        assert.ok(check(report, 'goroot-env').message.startsWith(`GOROOT=${env.goroot(older)} is exported (go${older}), but go ${newer} is selected.`));
        assert.match(check(report, 'goroot-env').fix!, /^unset GOROOT and remove its export from your shell profile/);
      }
      const used = await env.sandbox.runGvx(['use', newer], { cwd: dir, env: { GOROOT: env.goroot(older) } });
      assert.equal(used.code, 0, 'the switch itself succeeded');
      assert.match(used.stdout, /✗ goroot-env: .*\n {4}fix: unset GOROOT and remove its export from your shell profile/);
    });

    it('GVX_ACTIVE_VERSION set but GOROOT pointing at /usr/local/go: the user\'s, an error', async () => {
      const dir = await project(newer);
      const { code, report } = await verifyJson(dir, { GOROOT: '/usr/local/go', GVX_ACTIVE_VERSION: newer });
      assert.equal(code, 6);
      assert.deepEqual(failing(report), ['goroot-env']);
      assert.match(check(report, 'goroot-env').message, /^GOROOT=\/usr\/local\/go is exported/);
      assert.match(check(report, 'goroot-env').fix!, /remove its export from your shell profile/);
    });
  });

  it('catches GOTOOLCHAIN=auto with a go.mod that needs a newer Go, without hanging or downloading', async () => {
    const dir = await project(older, `module example.com/m\n\ngo ${newer}\n`);
    const { code, report } = await verifyJson(dir, { GOTOOLCHAIN: 'auto' }); // GOPROXY=off in the sandbox; a hang: the timeout
    assert.equal(code, 6);
    assert.deepEqual(failing(report), ['shim-env', 'go-mod']);
    const shimEnv = check(report, 'shim-env');
    assert.match(shimEnv.message, /go tried to switch to another toolchain \(GOTOOLCHAIN=auto\)/);
    assert.match(shimEnv.message, new RegExp(`go${esc(newer)}`), 'go names the toolchain it wanted');
    assert.match(shimEnv.fix!, /^unset GOTOOLCHAIN \(it is "auto"/);
    const goMod = check(report, 'go-mod');
    assert.equal(goMod.message, `${join(dir, '.go-version')} pins go ${older}, but ${join(dir, 'go.mod')} requires go >= ${newer}`);
    assert.equal(goMod.fix, `gvx use ${newer}`, 'what rule 3 chooses: the installed release that satisfies it');

    // Without GOTOOLCHAIN the shim pins GOTOOLCHAIN=local: go runs the selected Go and go-mod
    // alone says why builds will fail.
    const { report: local } = await verifyJson(dir);
    assert.deepEqual(failing(local), ['go-mod']);
  });

  it('catches a go.work that requires a newer Go than selected', async () => {
    const dir = await project(older, 'module example.com/m\n\ngo 1.21\n');
    await writeFile(join(dir, 'go.work'), `go ${newer}\n\nuse .\n`);
    const { report } = await verifyJson(dir);
    assert.deepEqual(failing(report), ['go-mod']);
    assert.equal(check(report, 'go-mod').message, `${join(dir, '.go-version')} pins go ${older}, but ${join(dir, 'go.work')} requires go >= ${newer}`);
    const { report: off } = await verifyJson(dir, { GOWORK: 'off' });
    assert.equal(off.ok, true, 'GOWORK=off: the go.work is not in effect');
    assert.equal(check(off, 'go-mod').message, `${join(dir, 'go.mod')} requires go >= 1.21; go ${older} satisfies it`);
  });

  it('an explicit pin older than a go.mod two levels up: fails naming both files; the fix is what rule 3 chooses', async () => {
    const family = (v: string) => v.split('.').slice(0, 2).join('.');
    const root = await mkdtemp(join(env.sandbox.root, 'module-'));
    const sub = join(root, 'a', 'b');
    await mkdir(sub, { recursive: true });
    await writeFile(join(root, 'go.mod'), `module example.com/m\n\ngo ${family(newer)}.0\n`);
    await writeFile(join(root, 'a', '.go-version'), `${family(older)}\n`);
    const { code, report } = await verifyJson(sub);
    assert.equal(code, 6);
    assert.deepEqual(failing(report), ['go-mod']);
    const goMod = check(report, 'go-mod');
    assert.equal(goMod.message, `${join(root, 'a', '.go-version')} pins go ${family(older)} (${older}), but ${join(root, 'go.mod')} requires go >= ${family(newer)}.0`);
    assert.equal(goMod.fix, `gvx use ${newer}`);

    // Nothing installed satisfies it: install the family, never an old .0 patch.
    await writeFile(join(root, 'go.mod'), 'module example.com/m\n\ngo 1.99.0\n');
    const missing = check((await verifyJson(sub)).report, 'go-mod');
    assert.equal(missing.fix, 'gvx install 1.99 && gvx use 1.99');
    // A toolchain line above the go line sets R exactly.
    await writeFile(join(root, 'go.mod'), `module example.com/m\n\ngo ${family(older)}.0\n\ntoolchain go1.99.3\n`);
    const exact = check((await verifyJson(sub)).report, 'go-mod');
    assert.equal(exact.message, `${join(root, 'a', '.go-version')} pins go ${family(older)} (${older}), but ${join(root, 'go.mod')} requires go >= 1.99.3 (its toolchain line)`);
    assert.equal(exact.fix, 'gvx install 1.99.3 && gvx use 1.99.3');

    // GVX_GO_VERSION: the fix is gvx shell.
    await writeFile(join(root, 'go.mod'), `module example.com/m\n\ngo ${family(newer)}.0\n`);
    const shell = check((await verifyJson(sub, { GVX_GO_VERSION: older })).report, 'go-mod');
    assert.equal(shell.message, `GVX_GO_VERSION selects go ${older}, but ${join(root, 'go.mod')} requires go >= ${family(newer)}.0`);
    assert.equal(shell.fix, `gvx shell ${newer}`);

    // Without the pin the module selects (rule 3) and passes, naming R.
    await rm(join(root, 'a', '.go-version'));
    const { code: byModule, report: chosen } = await verifyJson(sub);
    assert.equal(byModule, 0, JSON.stringify(chosen));
    assert.equal(check(chosen, 'selection').message, `go ${newer} selected by ${join(root, 'go.mod')} (requires go >= ${family(newer)}.0)`);
    assert.equal(check(chosen, 'go-mod').message, `${join(root, 'go.mod')} requires go >= ${family(newer)}.0; go ${newer} satisfies it`);
  });

  it('reports nothing selected, and a selected version that is not installed', async () => {
    const bare = await mkdtemp(join(env.sandbox.root, 'bare-'));
    const none = await verifyJson(bare);
    assert.equal(none.code, 6);
    assert.equal(check(none.report, 'selection').ok, false);
    assert.match(check(none.report, 'selection').fix!, /gvx use 1\.22/);

    const missing = await verifyJson(await project('1.19.13'));
    assert.equal(missing.code, 6);
    assert.equal(check(missing.report, 'selection').ok, true);
    assert.equal(check(missing.report, 'install').fix, 'gvx install 1.19.13');
    assert.equal(missing.report.version, null);
  });
});

describe('gvx verify on a corrupted install (real toolchain)', function () {
  let gocache: string;
  let env: RealEnv;
  let version: string;

  before(async function () {
    gocache = await mkdtemp('/tmp/gvx-verify-gocache-');
    env = await makeRealEnv(this, gocache, 1); // its own copy: this test edits it
    [version] = env.versions as [string];
  });
  after(async () => {
    await env?.sandbox.cleanup();
    if (gocache) await rm(gocache, { recursive: true, force: true });
  });

  it('fails install when VERSION names another release', async () => {
    await env.sandbox.runGvx(['use', '--global', version]);
    const versionFile = join(env.goroot(version), 'VERSION');
    await writeFile(versionFile, 'go1.99.0\ntime 2025-01-01T00:00:00Z\n');
    const r = await env.sandbox.runGvx(['verify']);
    assert.equal(r.code, 6);
    assert.match(r.stdout, new RegExp(`✗ install: ${esc(versionFile)} says "go1\\.99\\.0", not go${esc(version)}\n    fix: gvx install --force ${esc(version)}`));
    assert.match(r.stdout, /✓ build-info:/, 'the binary itself is still the real one');
    await writeFile(versionFile, `go${version}\n`);
    assert.equal((await env.sandbox.runGvx(['verify'])).code, 0);
  });

  it('fails build-info when bin/go is a script that merely prints the right version', async () => {
    const go = join(env.goroot(version), 'bin', 'go');
    await rm(go);
    await writeFile(go, `#!/bin/sh\necho "go version go${version} linux/amd64"\n`, { mode: 0o755 });
    const r = await env.sandbox.runGvx(['verify', '--json']);
    assert.equal(r.code, 6);
    const report = JSON.parse(r.stdout) as JsonReport;
    assert.equal(report.checks.find((c) => c.id === 'install')!.ok, true, 'go version alone is fooled');
    const info = report.checks.find((c) => c.id === 'build-info')!;
    assert.equal(info.ok, false);
    assert.match(info.message, /is not a Go binary/);
    assert.equal(info.fix, `gvx install --force ${version}`);
    assert.equal(report.checks.find((c) => c.id === 'shim-env')!.ok, false);
  });
});
