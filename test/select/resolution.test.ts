// Runs every case of resolution-cases.ts through the TypeScript resolver and through the
// real `go` shim, which must exec a real Go binary (Debian's toolchains for the versions they
// provide, a tiny fake `go` for the others) whose `go version` names the expected version.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { GvxError } from '../../lib/errors.js';
import { findActive } from '../../lib/select/active.js';
import { writeAliases } from '../../lib/store/aliases.js';
import { listInstalled } from '../../lib/store/inventory.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { ensureShims } from '../../lib/store/shims.js';
import { RESOLUTION_CASES, type ResolutionCase } from './resolution-cases.js';
import { debianToolchains } from '../helpers/debian-go.js';
import { quietGoTelemetry } from '../helpers/env.js';

type Outcome = { version: string; origin: string; file?: string } | { error: string; install?: string };

async function installFake(home: string, version: string, realRoots: Map<string, string>): Promise<void> {
  const target = join(home, 'versions', version);
  mkdirSync(dirname(target), { recursive: true });
  const real = realRoots.get(version);
  if (real) {
    symlinkSync(real, target); // a real toolchain: its own `go version` must name the version
    return;
  }
  mkdirSync(join(target, 'bin'), { recursive: true });
  writeFileSync(join(target, 'VERSION'), `go${version}\n`);
  writeFileSync(join(target, 'bin', 'go'), `#!/bin/sh\necho "go version go${version} fake/shim-test"\n`, { mode: 0o755 });
}

async function setUp(c: ResolutionCase, realRoots: Map<string, string>) {
  const base = mkdtempSync(join(tmpdir(), 'gvx-resolve-'));
  const home = join(base, 'home');
  const project = join(base, 'project');
  const cwd = join(project, c.cwd ?? '');
  mkdirSync(cwd, { recursive: true });
  for (const [path, content] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(project, path)), { recursive: true });
    writeFileSync(join(project, path), content);
  }
  const layout = new HomeLayout(home);
  mkdirSync(home, { recursive: true });
  for (const version of c.installed) await installFake(home, version, realRoots);
  await writeAliases(layout, await listInstalled(layout));
  if (c.defaultSpec) writeFileSync(layout.defaultFile, `${c.defaultSpec}\n`);
  if (c.defaultFile !== undefined) writeFileSync(layout.defaultFile, c.defaultFile);
  await ensureShims(layout);
  await quietGoTelemetry(base);
  const env: Record<string, string> = { PATH: `${layout.shimsDir}:/usr/bin:/bin`, HOME: base, GVX_HOME: home, ...(c.env ?? {}) };
  return { base, home, project, cwd, layout, env };
}

/** The TypeScript resolver's answer, with the message of an invalid selection. */
async function viaTypeScript(setup: Awaited<ReturnType<typeof setUp>>): Promise<Outcome & { message?: string }> {
  try {
    const { selection, installed } = await findActive(loadConfig({ env: setup.env, cwd: setup.cwd }));
    if (!selection) return { error: 'none' };
    if (!installed) return selection.requirement ? { error: 'unsatisfied', install: selection.spec.text } : { error: 'not-installed' };
    return { version: installed.version.text, origin: selection.origin, file: selection.origin === 'env' || selection.origin === 'default' ? undefined : selection.file };
  } catch (error) {
    if (error instanceof GvxError && error.code === 'E_INVALID_SPEC') return { error: 'invalid', message: error.message };
    if (error instanceof GvxError && /GVX_HOME/.test(error.message)) return { error: 'bad-home' };
    throw error;
  }
}

function viaShim(setup: Awaited<ReturnType<typeof setUp>>): Outcome & { stderr: string; stdout?: string } {
  const result = spawnSync(join(setup.layout.shimsDir, 'go'), ['version'], { cwd: setup.cwd, env: { ...setup.env, PWD: setup.cwd }, encoding: 'utf8', timeout: 30000 });
  const stderr = result.stderr;
  if (result.status === 0) {
    const match = /^go version go(\S+) /.exec(result.stdout);
    assert.ok(match, `unexpected go version output: ${result.stdout}`);
    return { version: match[1], origin: '?', stderr, stdout: result.stdout };
  }
  assert.equal(result.status, 127, `shim exit code (stderr: ${stderr})`);
  assert.match(stderr, /^gvx: error: .*\nhint: .*\n$/, 'one error line and one hint line');
  if (/GVX_HOME/.test(stderr)) return { error: 'bad-home', stderr };
  if (/no Go version is selected/.test(stderr)) return { error: 'none', stderr };
  if (/but is not installed/.test(stderr)) return { error: 'not-installed', stderr };
  if (/and no installed Go satisfies it\nhint: gvx install \S+ /.test(stderr)) return { error: 'unsatisfied', stderr };
  if (/not a valid Go version|more than one line|no version|has no version/.test(stderr)) return { error: 'invalid', stderr };
  return { error: `unrecognised: ${stderr}`, stderr };
}

describe('selection: one table, two resolvers (TypeScript and the sh shim)', function () {
  this.timeout(60000);
  let realRoots: Map<string, string>;
  before(function () {
    realRoots = debianToolchains(this);
  });

  for (const c of RESOLUTION_CASES) {
    it(c.name, async function () {
      const setup = await setUp(c, realRoots);
      try {
        const expected: Outcome = 'error' in c.expect ? { ...c.expect } : { version: c.expect.version, origin: c.expect.origin, file: c.expect.file ? join(setup.project, c.expect.file) : undefined };
        const { message, ...typescript } = await viaTypeScript(setup);
        assert.deepEqual(typescript, expected, 'TypeScript resolver');
        const shim = viaShim(setup);
        if (c.message !== undefined) {
          const want = c.message.replace('<project>', setup.project).replace('<cwd>', setup.cwd).replace('<home>', setup.home);
          assert.equal(message, want, 'TypeScript message');
          assert.equal(/^gvx: error: (.*)$/m.exec(shim.stderr)?.[1], want, 'shim message');
        }
        if ('error' in expected) {
          assert.equal('error' in shim ? shim.error : shim.version, expected.error, `shim: ${shim.stderr}`);
        } else {
          assert.equal('version' in shim ? shim.version : shim.error, expected.version, `shim: ${shim.stderr}`);
          // Versions Debian provides are answered by the real toolchain, the others by a fake.
          const platform = `${process.platform}/${process.arch === 'x64' ? 'amd64' : process.arch}`;
          if (realRoots.has(expected.version)) assert.match(shim.stdout ?? '', new RegExp(` ${platform}$`, 'm'), 'the real go answered');
          else assert.match(shim.stdout ?? '', / fake\/shim-test$/m);
        }
        assert.equal(existsSync(join(setup.cwd, 'MARKER')), false, 'nothing was executed');
      } finally {
        rmSync(setup.base, { recursive: true, force: true, maxRetries: 3 });
      }
    });
  }
});
