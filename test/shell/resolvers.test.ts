// The hook's resolvers against the one table of selection cases (test/select/resolution-cases):
// bash and zsh run shims/resolve.sh as embedded by `gvx env` (zsh with its NUL handling and
// emulate sh), fish its own __gvx_resolve. Each must give the TypeScript answer.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { GvxError } from '../../lib/errors.js';
import { findActive } from '../../lib/select/active.js';
import { gvxArgv, loadShell } from '../../lib/shell/integration.js';
import { RESOLUTION_CASES, type ResolutionCase } from '../select/resolution-cases.js';
import { makeFakeHome } from './fake-home.js';
import { type ShellName, SHELLS, shellPath } from './interactive.js';

// Cases about the line-length cap, which every resolver applies the same way.
const EXTRA_CASES: ResolutionCase[] = [
  { name: 'a version padded past 4096 characters is refused', files: { '.go-version': `1.22.12${' '.repeat(5000)}\n` }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'a 4000-character comment is fine', files: { '.go-version': `1.22.12 #${'x'.repeat(4000)}\n` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'a long line after the golang line of .tool-versions is not read', files: { '.tool-versions': `golang 1.22.12\nnodejs ${'1'.repeat(5000)}\n` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.tool-versions' } },
];

// Prints: version, origin, error, spec (one per line) after the shell's own resolution.
const PROBE: Record<ShellName, string> = {
  bash: `_gvx_resolve "$GVX_HOME" "$PWD"; printf '%s\\n' "$_gvx_version" "$_gvx_origin" "$_gvx_error" "$_gvx_spec"`,
  zsh: `_gvx_probe() { emulate -L sh; _gvx_resolve "$GVX_HOME" "$PWD"; printf '%s\\n' "$_gvx_version" "$_gvx_origin" "$_gvx_error" "$_gvx_spec"; }; _gvx_probe`,
  fish: `__gvx_resolve $GVX_HOME $PWD; printf '%s\\n' "$__gvx_version" "$__gvx_origin" "$__gvx_error" "$__gvx_spec"`,
};
const SOURCE: Record<ShellName, (file: string) => string[]> = {
  bash: (f) => ['/usr/bin/bash', '--norc', '--noprofile', '-c', `source '${f}'; ${PROBE.bash}`],
  zsh: (f) => ['/usr/bin/zsh', '-f', '-c', `source '${f}'; ${PROBE.zsh}`],
  fish: (f) => ['/usr/bin/fish', '--no-config', '--private', '-c', `source '${f}'; ${PROBE.fish}`],
};

for (const shell of SHELLS) {
  describe(`the ${shell} hook resolves as the table says`, function () {
    this.timeout(60000);
    let base: string;
    let script: string;
    before(async function () {
      if (!shellPath(shell)) {
        if (process.env.CI) throw new Error(`${shell} is missing`);
        this.skip();
      }
      base = mkdtempSync(join(tmpdir(), `gvx-resolvers-${shell}-`));
      script = join(base, 'env.sh');
      // GVX_QUIET and an empty home: sourcing runs the hook once, harmlessly.
      const code = await (await loadShell(shell)).render({ home: join(base, 'none'), shimsDir: join(base, 'shims'), gvxArgv: gvxArgv(), useOnCd: true });
      writeFileSync(script, code);
    });
    after(() => base && rmSync(base, { recursive: true, force: true }));

    for (const [i, c] of [...RESOLUTION_CASES, ...EXTRA_CASES].entries()) {
      it(c.name, async () => {
        const caseDir = join(base, String(i));
        const home = join(caseDir, 'home');
        const project = join(caseDir, 'project');
        const cwd = join(project, c.cwd ?? '');
        mkdirSync(cwd, { recursive: true });
        for (const [path, content] of Object.entries(c.files ?? {})) {
          mkdirSync(dirname(join(project, path)), { recursive: true });
          writeFileSync(join(project, path), content);
        }
        await makeFakeHome(home, c.installed);
        if (c.defaultSpec) writeFileSync(join(home, 'default'), `${c.defaultSpec}\n`);
        const [command, ...args] = SOURCE[shell](script);
        const result = spawnSync(command, args, {
          cwd,
          env: { PATH: '/usr/bin:/bin', HOME: caseDir, GVX_HOME: home, GVX_QUIET: '1', PWD: cwd, ...(c.env ?? {}) },
          encoding: 'utf8',
          timeout: 30000,
        });
        assert.equal(result.status, 0, result.stderr);
        const [version, origin, error, spec] = result.stdout.split('\n');
        const outcome = version
          ? { version, origin: origin === 'GVX_GO_VERSION' ? 'env' : origin === 'default' ? 'default' : 'file', file: origin.startsWith('/') ? origin : undefined }
          : { error: error ? 'invalid' : spec ? 'not-installed' : 'none' };
        const expected = 'error' in c.expect ? { error: c.expect.error } : { version: c.expect.version, origin: c.expect.origin, file: c.expect.file ? join(project, c.expect.file) : undefined };
        assert.deepEqual(outcome, expected);
        assert.equal(spawnSync('test', ['-e', join(cwd, 'MARKER')]).status, 1, 'nothing was executed');
      });
    }
  });
}

describe('the TypeScript resolver agrees on the line-length cases', () => {
  for (const c of EXTRA_CASES) {
    it(c.name, async () => {
      const base = mkdtempSync(join(tmpdir(), 'gvx-resolvers-ts-'));
      try {
        const project = join(base, 'project');
        mkdirSync(project, { recursive: true });
        for (const [path, content] of Object.entries(c.files ?? {})) writeFileSync(join(project, path), content);
        await makeFakeHome(join(base, 'home'), c.installed);
        let outcome: unknown;
        try {
          const { installed, selection } = await findActive(loadConfig({ env: { GVX_HOME: join(base, 'home') }, cwd: project }));
          outcome = installed ? { version: installed.version.text, file: selection?.file } : { error: 'not-installed' };
        } catch (error) {
          outcome = { error: error instanceof GvxError && error.code === 'E_INVALID_SPEC' ? 'invalid' : String(error) };
        }
        const expected = 'error' in c.expect ? { error: c.expect.error } : { version: c.expect.version, file: join(project, c.expect.file!) };
        assert.deepEqual(outcome, expected);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    });
  }
});
