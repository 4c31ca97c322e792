// A GOTOOLCHAIN written with `go env -w` is kept by the go shim and by `gvx exec`: a real go
// prints it from `go env GOTOOLCHAIN`, and the shim's default (local) applies only when
// neither the environment nor the go env file sets it. Outside a module none of these values
// makes go switch toolchains, so nothing is downloaded (GOPROXY=off besides).

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { shimToolchain } from '../../lib/goenv/toolchain.js';
import { mergeEnv } from '../helpers/env.js';
import { makeRealEnv, type RealEnv } from '../helpers/real-home.js';

describe('GOTOOLCHAIN from go env -w, through the shim (real go)', function () {
  this.timeout(300000);
  let gocache: string;
  let real: RealEnv;
  let version: string;
  let n = 0;

  before(async function () {
    gocache = await mkdtemp('/tmp/gvx-gotoolchain-gocache-');
    real = await makeRealEnv(this, gocache, 1);
    [version] = real.versions as [string];
  });
  after(async () => {
    await real?.sandbox.cleanup();
    if (gocache) await rm(gocache, { recursive: true, force: true });
  });

  /** A fresh directory (also HOME) with these files; the selected go is the installed one. */
  async function scene(files: Record<string, string> = {}) {
    const dir = join(real.sandbox.root, `scene${n++}`);
    await mkdir(dir, { recursive: true });
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), content);
    }
    return { dir, env: { HOME: dir, GVX_GO_VERSION: version, PWD: dir } };
  }

  /** `go env GOTOOLCHAIN` through the shim (and through gvx exec), checked against shimToolchain. */
  async function gotoolchain(dir: string, env: Record<string, string | undefined>, viaExec = false): Promise<string> {
    const args = ['env', 'GOTOOLCHAIN'];
    const r = viaExec ? await real.sandbox.runGvx(['exec', version, '--', 'go', ...args], { cwd: dir, env }) : await real.sandbox.run(join(real.shimsDir, 'go'), args, { cwd: dir, env });
    assert.equal(r.timedOut, false);
    assert.equal(r.code, 0, r.stderr);
    const printed = r.stdout.trim();
    assert.equal(shimToolchain(mergeEnv(real.sandbox.env, env), 'linux').value, printed, 'shimToolchain agrees with go');
    return printed;
  }

  it('no go env file: local', async () => {
    const { dir, env } = await scene();
    assert.equal(await gotoolchain(dir, env), 'local');
    assert.equal(await gotoolchain(dir, env, true), 'local');
  });

  it('$GOENV, ~/.config/go/env and $XDG_CONFIG_HOME/go/env: the file\'s value (also through gvx exec)', async () => {
    const { dir, env } = await scene({ 'env': 'GOTOOLCHAIN=local+path\n', '.config/go/env': 'GOTOOLCHAIN=path\n', 'xdg/go/env': 'GOTOOLCHAIN=auto\n' });
    assert.equal(await gotoolchain(dir, { ...env, GOENV: join(dir, 'env') }), 'local+path');
    assert.equal(await gotoolchain(dir, { ...env, GOENV: join(dir, 'env') }, true), 'local+path');
    assert.equal(await gotoolchain(dir, env), 'path');
    assert.equal(await gotoolchain(dir, env, true), 'path');
    assert.equal(await gotoolchain(dir, { ...env, XDG_CONFIG_HOME: join(dir, 'xdg') }), 'auto');
  });

  it('the environment wins; GOENV=off means no file', async () => {
    const { dir, env } = await scene({ '.config/go/env': 'GOTOOLCHAIN=path\n' });
    assert.equal(await gotoolchain(dir, { ...env, GOTOOLCHAIN: 'local+auto' }), 'local+auto');
    assert.equal(await gotoolchain(dir, { ...env, GOTOOLCHAIN: 'local+auto' }, true), 'local+auto');
    assert.equal(await gotoolchain(dir, { ...env, GOENV: 'off' }), 'local');
  });

  it('the last GOTOOLCHAIN line counts; an empty one leaves the shim\'s local', async () => {
    const later = await scene({ '.config/go/env': 'GOTOOLCHAIN=auto\nGOFLAGS=-mod=mod\nGOTOOLCHAIN=local+path\n' });
    assert.equal(await gotoolchain(later.dir, later.env), 'local+path');
    const empty = await scene({ '.config/go/env': 'GOTOOLCHAIN=auto\nGOTOOLCHAIN=\n' });
    assert.equal(await gotoolchain(empty.dir, empty.env), 'local');
  });

  it('go env -w GOTOOLCHAIN through the shim sticks; go env -u brings back local', async () => {
    const { dir, env } = await scene();
    const shim = join(real.shimsDir, 'go');
    // go warns that the environment (the shim's GOTOOLCHAIN=local) overrides it: true for this call only.
    assert.equal((await real.sandbox.run(shim, ['env', '-w', 'GOTOOLCHAIN=path'], { cwd: dir, env })).code, 0);
    assert.equal(await gotoolchain(dir, env), 'path');
    assert.equal((await real.sandbox.run(shim, ['env', '-u', 'GOTOOLCHAIN'], { cwd: dir, env })).code, 0);
    assert.equal(await gotoolchain(dir, env), 'local');
  });
});
