// Runs every case of resolution-cases.ts through the TypeScript resolver (findActive) and
// through the `go` shim, which must exec the selected install's go: its `go version` names the
// expected version. resolution-real.e2e.test.ts links Debian's real toolchains in for the
// versions they provide; the other versions are synthetic installs (fake-home.ts). On synthetic
// installs alone, resolvers.test.ts covers the same cases (the CLI is the TypeScript resolver).

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { GvxError } from '../../lib/errors.js';
import { findActive } from '../../lib/select/active.js';
import { ensureShims } from '../../lib/shell/shims.js';
import { writeAliases } from '../../lib/store/aliases.js';
import { listInstalled } from '../../lib/store/inventory.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { RESOLUTION_CASES, type ResolutionCase } from './resolution-cases.js';
import { quietGoTelemetry } from '../helpers/env.js';
import { installFake } from '../helpers/fake-home.js';
import { runSync } from '../helpers/run-sync.js';

type Outcome = { version: string; origin: string; file?: string } | { error: string; install?: string };

async function install(home: string, version: string, realRoots: ReadonlyMap<string, string>): Promise<void> {
  const real = realRoots.get(version);
  if (!real) return installFake(home, version);
  const target = join(home, 'versions', version);
  mkdirSync(dirname(target), { recursive: true });
  symlinkSync(real, target); // a real toolchain: its own `go version` must name the version
}

async function setUp(c: ResolutionCase, realRoots: ReadonlyMap<string, string>) {
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
  for (const version of c.installed) await install(home, version, realRoots);
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

function runShim(setup: Awaited<ReturnType<typeof setUp>>, args: string[]) {
  return runSync(join(setup.layout.shimsDir, 'go'), args, { cwd: setup.cwd, env: { ...setup.env, PWD: setup.cwd }, timeout: 30000 });
}

function viaShim(setup: Awaited<ReturnType<typeof setUp>>): Outcome & { stderr: string; stdout?: string } {
  const result = runShim(setup, ['version']);
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

/**
 * One test per case of the table.
 * @param realRoots called in `before`: version -> a real GOROOT to link in for it (may skip the
 *   suite); the other versions are synthetic installs
 */
export function describeResolutionTable(title: string, realRoots: (ctx: Mocha.Context) => ReadonlyMap<string, string>): void {
  describe(title, function () {
    this.timeout(60000);
    let roots: ReadonlyMap<string, string>;
    before(function () {
      roots = realRoots(this);
    });

    for (const c of RESOLUTION_CASES) {
      it(c.name, async function () {
        const setup = await setUp(c, roots);
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
            // With real toolchains linked in, the version's own go answered: the real one, or the
            // synthetic one (which says it is fake to anything but version and env).
            if (roots.size > 0) {
              const help = runShim(setup, ['help']).stdout;
              if (roots.has(expected.version)) assert.match(help, /^Go is a tool for managing Go source code\./, 'the real go answered');
              else assert.equal(help, `fake go ${expected.version}: help\n`, 'the synthetic go answered');
            }
          }
          assert.equal(existsSync(join(setup.cwd, 'MARKER')), false, 'nothing was executed');
        } finally {
          rmSync(setup.base, { recursive: true, force: true, maxRetries: 3 });
        }
      });
    }
  });
}
