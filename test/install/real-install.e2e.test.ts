// End to end with real Go: `gvx install 1.22` from the local mirror of Debian-repacked
// releases, then the installed toolchain itself answers and builds.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type RealHome, sharedRealHome, tempProject } from '../helpers/real-home.js';
import { runSyncOk } from '../helpers/run-sync.js';

describe('gvx install of real Go releases', function () {
  this.timeout(600000);
  let real: RealHome;
  before(async function () {
    real = await sharedRealHome(this);
  });

  it('installs the newest 1.22.x; its go version, go env GOROOT and a go build agree', async () => {
    const newest = real.versions[0];
    const minor = newest.split('.').slice(0, 2).join('.');
    const again = await real.sandbox.runGvx(['install', minor]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`go${newest.replace(/\./g, '\\.')} is already installed`));

    const goroot = join(real.sandbox.home, 'versions', newest);
    const go = join(goroot, 'bin', 'go');
    const env = { ...real.sandbox.env, GOROOT: '', GOTOOLCHAIN: 'local' };
    delete (env as Record<string, string>).GOROOT; // the toolchain must find its own root
    assert.equal(runSyncOk(go, ['version'], { env }).trim(), `go version go${newest} linux/${process.arch === 'x64' ? 'amd64' : process.arch}`);
    assert.equal(runSyncOk(go, ['env', 'GOROOT'], { env }).trim(), goroot);

    const project = await tempProject();
    writeFileSync(join(project, 'go.mod'), 'module example.com/hello\n\ngo 1.21\n');
    writeFileSync(join(project, 'main.go'), 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("hello from gvx") }\n');
    runSyncOk(go, ['build', '-o', 'hello', '.'], { cwd: project, env });
    assert.equal(runSyncOk(join(project, 'hello'), []), 'hello from gvx\n');

    const record = JSON.parse(readFileSync(join(goroot, '.gvx-install.json'), 'utf8'));
    const archive = real.toolchains.releases.find((r) => r.version === newest)!;
    assert.equal(record.sha256, archive.sha256, 'the recorded hash is the archive the index lists');
  });

  it('the installed tree is the whole release: src, pkg/tool and the same files as the archive', async () => {
    const newest = real.versions[0];
    const goroot = join(real.sandbox.home, 'versions', newest);
    const listing = runSyncOk('tar', ['-tzf', real.toolchains.releases.find((r) => r.version === newest)!.path], { maxBuffer: 64 * 1024 * 1024 })
      .split('\n')
      .filter((l) => l && !l.endsWith('/'));
    const onDisk = runSyncOk('find', ['.', '-type', 'f', '-o', '-type', 'l'], { cwd: goroot, maxBuffer: 64 * 1024 * 1024 })
      .split('\n')
      .filter((l) => l && l !== './.gvx-install.json')
      .map((l) => `go/${l.slice(2)}`);
    assert.equal(onDisk.length, listing.length);
    assert.deepEqual(new Set(onDisk), new Set(listing));
  });
});
