// An interactive bash with `set -e` (some users keep it on) survives the gvx set-up: sourcing
// env.bash, and the prompt hook after every command, wherever the shell goes: a project, a
// broken .go-version, nothing selected, a version not installed, a deleted directory, and a
// command whose failure `set -e` itself ignores (its status reaches the hook).

import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setupLine } from './interactive.js';
import { type World, makeWorld } from './setup.js';

describe('an interactive bash with set -e keeps running with the gvx hook', function () {
  this.timeout(120000);
  let world: World;
  before(async () => {
    world = await makeWorld();
    await mkdir(join(world.root, 'broken'));
    await writeFile(join(world.root, 'broken', '.go-version'), '$(id)\n');
  });
  after(async () => world?.cleanup());

  it('sources env.bash, then cds around and runs go, and is still there', async () => {
    const sh = await world.start('bash', world.root);
    await sh.run('set -e');
    const setup = await sh.run(setupLine('bash'));
    assert.deepEqual(setup.gvx, []);
    // Each run() throws if the shell exited on the way (it waits for its marker, never a delay).
    const steps: [string, RegExp | undefined][] = [
      [`cd '${world.P}'`, /^gvx: go 1\.21\.13 /],
      [`cd '${join(world.root, 'broken')}'`, /^gvx: error: .*broken\/\.go-version: not a valid Go version/],
      [`cd '${world.fresh}'`, undefined],
      [`cd '${world.Q}'`, /^gvx: go 1\.23\.4 is selected by .* but not installed/],
      [`mkdir '${join(world.root, 'gone')}' && cd '${join(world.root, 'gone')}' && rmdir '${join(world.root, 'gone')}'`, /^gvx: error: the current directory no longer exists/],
      [`cd '${join(world.P, 'other')}'`, /^gvx: go 1\.22\.12 /],
      ['! true', undefined], // $? is 1 at the prompt, and set -e ignores a negated command
      ['false || false || :', undefined],
    ];
    for (const [line, said] of steps) {
      const step = await sh.run(line);
      if (said) assert.match(step.gvx[0] ?? '', said, line);
    }
    const go = await sh.run('go version');
    assert.equal(go.stdout, 'go version go1.22.12 linux/amd64\n');
    const after = await sh.run(`printf '%s\\n' "$-"`);
    assert.match(after.stdout, /e/, 'set -e is still on');
    assert.match(after.stdout, /i/, 'the same interactive shell');
  });
});
