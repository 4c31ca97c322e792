// After an install, while the shims are not on PATH, gvx names the one line to put in the rc
// file of the user's shell (as rustup does after its first install), and that line, sourced,
// puts the shims first on PATH. Not said after a no-op, under --quiet, or once PATH has them.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';

const VERSIONS = ['1.23.4', '1.22.12', '1.22.5', '1.21.13'];
const BASH_LINE = 'gvx: to set up bash in every new shell, put this line in ~/.bashrc: . "$HOME/.local/share/gvx/env.bash"';

describe('gvx install: the rc line to add', function () {
  this.timeout(60_000);
  let mirror: Mirror;
  let sandbox: Sandbox;
  let shimsDir: string;
  before(async () => {
    mirror = await startMirrorWithIndex(
      VERSIONS.map((version) => {
        const archive = fakeToolchain(version);
        return { version, files: [{ filename: archive.filename, source: archive.buffer }] };
      }),
    );
  });
  after(async () => mirror?.close());
  beforeEach(async () => {
    sandbox = await makeSandbox();
    // The default GVX_HOME on Linux, so the line reads as the README shows it.
    const home = join(sandbox.userHome, '.local', 'share', 'gvx');
    Object.assign(sandbox.env, { GVX_MIRROR: mirror.url, GVX_HOME: home, SHELL: '/bin/bash' });
    shimsDir = join(home, 'shims');
  });
  afterEach(async () => sandbox?.cleanup());

  it('the first install names the line for $SHELL on stderr, and sourcing that line puts the shims first on PATH', async () => {
    const result = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stderr.endsWith(`${BASH_LINE}\n`), result.stderr);
    assert.doesNotMatch(result.stdout, /to set up/);

    const line = BASH_LINE.slice(BASH_LINE.indexOf(': . ') + 2);
    const shell = await sandbox.run('bash', ['-c', `${line}\ncommand -v go`]);
    assert.equal(shell.code, 0, shell.stderr);
    assert.equal(shell.stdout, `${join(shimsDir, 'go')}\n`);
  });

  it("names the user's shell: zsh's line and rc file under SHELL=zsh", async () => {
    const result = await sandbox.runGvx(['install', '1.22.5'], { env: { SHELL: '/usr/bin/zsh' } });
    assert.equal(result.code, 0, result.stderr);
    assert.ok(result.stderr.endsWith('gvx: to set up zsh in every new shell, put this line in ~/.zshrc: . "$HOME/.local/share/gvx/env.zsh"\n'), result.stderr);
  });

  it('says nothing after a no-op, under --quiet, or when the shims are on PATH', async () => {
    assert.equal((await sandbox.runGvx(['install', '1.22.5'])).code, 0);
    const again = await sandbox.runGvx(['install', '1.22.5']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stderr, '');

    const quiet = await sandbox.runGvx(['install', '--quiet', '1.21.13']);
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, '');

    const setUp = await sandbox.runGvx(['install', '1.23.4'], { env: { PATH: `${shimsDir}:${sandbox.env.PATH}` } });
    assert.equal(setUp.code, 0, setUp.stderr);
    assert.match(setUp.stderr, /downloading go1\.23\.4/);
    assert.doesNotMatch(setUp.stderr, /to set up/);
  });
});
