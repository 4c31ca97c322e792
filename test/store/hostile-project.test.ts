// `gvx use` in a hostile clone, through the real CLI: the repository commits symlinks at the
// temp names gvx might write (`.go-version.<pid>.tmp` for a range of pids) and at
// .go-version itself, all pointing at a victim file. gvx is started with `sh -c '…; exec
// node bin/gvx …'`, so `$$` in the shell is the pid gvx will run with: the links planted at
// `<name>.$$.tmp` are exactly where the old `<path>.<pid>.tmp` scheme would have written,
// in the project and in GVX_HOME (default, aliases, shims, release index cache).

import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakeToolchain } from '../helpers/archives.js';
import { GVX_BIN, type Sandbox, makeSandbox } from '../helpers/env.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';

const VICTIM_TEXT = 'precious: must never change\n';

/** sh: plant links at this process's own pid-named temp names, then become gvx (same pid). */
const PLANT_AND_EXEC = `
set -e
v="$VICTIM"
ln -s "$v" ".go-version.$$.tmp"
mkdir -p "$GVX_HOME/aliases" "$GVX_HOME/shims" "$GVX_HOME/cache"
ln -s "$v" "$GVX_HOME/default.$$.tmp"
for spec in 1.21 1 latest stable; do ln -s "$v" "$GVX_HOME/aliases/.$spec.$$.tmp"; done
for tool in go gofmt; do ln -s "$v" "$GVX_HOME/shims/$tool.$$.tmp"; done
ln -s "$v" "$GVX_HOME/cache/releases.json.$$.tmp"
exec "$@"
`;

describe('gvx use in a clone with planted symlinks (CLI)', function () {
  let mirror: Mirror;
  let sandbox: Sandbox;
  let victim: string;
  const archive = fakeToolchain('1.21.9');

  beforeEach(async () => {
    mirror = await startMirrorWithIndex([{ version: '1.21.9', files: [{ filename: archive.filename, source: archive.buffer }] }]);
    sandbox = await makeSandbox();
    sandbox.env.GVX_MIRROR = mirror.url;
    victim = join(sandbox.root, 'victim.txt');
    writeFileSync(victim, VICTIM_TEXT);
    sandbox.env.VICTIM = victim;
  });
  afterEach(async () => {
    await mirror.close();
    await sandbox.cleanup();
  });

  const runPlanted = (args: string[], cwd: string) =>
    sandbox.run('sh', ['-c', PLANT_AND_EXEC, 'sh', process.execPath, GVX_BIN, ...args], { cwd });

  const victimUnchanged = () => assert.equal(readFileSync(victim, 'utf8'), VICTIM_TEXT, 'the victim was written through a planted symlink');
  const assertRegularFile = (path: string, content: string) => {
    assert.ok(lstatSync(path).isFile(), `${path} must be a regular file`);
    assert.equal(readFileSync(path, 'utf8'), content);
  };

  it('gvx use 1.21 (installing it) writes .go-version, aliases, shims and cache without touching the victim', async () => {
    const project = join(sandbox.root, 'clone');
    mkdirSync(project);
    // What the repository commits: links for many pids, and .go-version itself a link.
    for (let pid = 1; pid <= 64; pid++) symlinkSync(victim, join(project, `.go-version.${pid}.tmp`));
    symlinkSync(victim, join(project, '.go-version'));

    const used = await runPlanted(['use', '--quiet', '1.21'], project);
    assert.equal(used.code, 0, used.stderr);
    victimUnchanged();
    assertRegularFile(join(project, '.go-version'), '1.21\n');
    for (const spec of ['1.21', '1', 'latest', 'stable']) assertRegularFile(join(sandbox.home, 'aliases', spec), '1.21.9\n');
    for (const tool of ['go', 'gofmt']) assert.ok(lstatSync(join(sandbox.home, 'shims', tool)).isFile());
    assert.ok(lstatSync(join(sandbox.home, 'cache', 'releases.json')).isFile());
    assertRegularFile(join(sandbox.home, 'default'), '1.21.9\n'); // the first install became the default
    const leftovers = readdirSync(project).filter((n) => !lstatSync(join(project, n)).isSymbolicLink() && n !== '.go-version');
    assert.deepEqual(leftovers, [], 'no temp file left in the project');
  });

  it('gvx use --global replaces a default that is a symlink, and ignores planted temp names', async () => {
    assert.equal((await sandbox.runGvx(['install', '--quiet', '1.21.9'])).code, 0);
    const defaultFile = join(sandbox.home, 'default');
    rmSync(defaultFile);
    symlinkSync(victim, defaultFile);
    const used = await runPlanted(['use', '--quiet', '--global', '1.21'], sandbox.cwd);
    assert.equal(used.code, 0, used.stderr);
    victimUnchanged();
    assertRegularFile(defaultFile, '1.21\n');
  });
});
