// `gvx verify` on hostile VERSION files: an exported GOROOT's (anyone's tree) and the selected
// install's. Each is made for real (a FIFO, /dev/zero, a symlink to a secret); a read that
// blocks or never ends shows as verify killed by the spawn timeout. With real toolchains:
// verify.e2e.test.ts.

import assert from 'node:assert/strict';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Sandbox } from '../helpers/env.js';
import { makeFifo } from '../helpers/fifo.js';
import { SELECTED, makeHostileFilesWorld, runBothForms } from './hostile-files.js';

interface VerifyJson {
  ok: boolean;
  checks: { id: string; ok: boolean; message: string; fix?: string }[];
}

describe('gvx verify on hostile VERSION files', () => {
  let sandbox: Sandbox;
  let dir: string;
  before(async () => {
    ({ sandbox, dir } = await makeHostileFilesWorld('roots'));
  });
  after(async () => sandbox?.cleanup());

  /** verify --json and the text form, both ended by themselves. */
  async function verify(env: Record<string, string> = {}) {
    const { json, output } = await runBothForms(sandbox, 'verify', env);
    assert.equal(json.code, 6, json.stdout + json.stderr);
    const report = JSON.parse(json.stdout) as VerifyJson;
    return { output, check: (id: string) => report.checks.find((c) => c.id === id)! };
  }

  /** An exported GOROOT whose VERSION `make` creates. */
  async function gorootWith(name: string, make: (path: string) => Promise<void> | void): Promise<string> {
    const root = join(dir, name);
    await mkdir(root);
    await make(join(root, 'VERSION'));
    return root;
  }

  const exportedPrefix = (root: string, named: string) => `GOROOT=${root} is exported (${named}), but go ${SELECTED} is selected.`;

  it('an exported GOROOT whose VERSION is /dev/zero or a FIFO: goroot-env fails naming it, no hang', async () => {
    for (const [name, make, named] of [
      ['zero', (path: string) => symlink('/dev/zero', path), 'its VERSION is a symlink to /dev/zero: a character device, not a regular file'],
      ['fifo', makeFifo, 'its VERSION is a FIFO, not a regular file'],
    ] as const) {
      const root = await gorootWith(name, make);
      const check = (await verify({ GOROOT: root })).check('goroot-env');
      assert.equal(check.ok, false);
      assert.ok(check.message.startsWith(exportedPrefix(root, named)), check.message);
      assert.ok(check.message.endsWith(`"compile: version "goX" does not match go tool version "go${SELECTED}""`), check.message);
      assert.match(check.fix!, /^unset GOROOT/);
    }
  });

  it("a symlinked VERSION is never quoted; a regular one is, escaped", async () => {
    const secret = join(dir, 'secret');
    await writeFile(secret, 'SECRET-ONE\n');
    const linked = await gorootWith('linked', (path) => symlink(secret, path));
    const r = await verify({ GOROOT: linked });
    assert.ok(r.check('goroot-env').message.startsWith(exportedPrefix(linked, 'its VERSION is a symlink, so its content is not quoted')), r.check('goroot-env').message);
    assert.doesNotMatch(r.output, /SECRET/);

    const odd = await gorootWith('odd', (path) => writeFile(path, 'go1.21.13\x1b[2J\n'));
    const escaped = await verify({ GOROOT: odd });
    assert.ok(escaped.check('goroot-env').message.startsWith(exportedPrefix(odd, 'go1.21.13?[2J')), escaped.check('goroot-env').message);
    assert.doesNotMatch(escaped.output, /[^\P{Cc}\n]/u, 'no control character but newlines');
  });

  it("the selected install's VERSION replaced by a FIFO: install fails naming it, no hang", async () => {
    const versionFile = join(sandbox.home, 'versions', SELECTED, 'VERSION');
    await rename(versionFile, `${versionFile}.saved`);
    makeFifo(versionFile);
    try {
      const check = (await verify()).check('install');
      assert.deepEqual(check, {
        id: 'install',
        ok: false,
        message: `${versionFile} is a FIFO, not a regular file; it should say go${SELECTED}`,
        fix: `gvx install --force ${SELECTED}`,
      });
    } finally {
      await rm(versionFile);
      await rename(`${versionFile}.saved`, versionFile);
    }
  });
});
