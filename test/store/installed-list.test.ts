// GVX_HOME/installed: the installed versions in Go's order with integer sort keys, which the
// shell resolvers read to choose for a go.mod (rule 3). It must match the inventory, and a
// home written by an older gvx (versions, no list) gets one as soon as new shims are written.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureShims } from '../../lib/shell/shims.js';
import { installedListText, sortKey } from '../../lib/store/aliases.js';
import { listInstalled } from '../../lib/store/inventory.js';
import { HomeLayout } from '../../lib/store/layout.js';
import { compareGoVersions, parseGoVersion } from '../../lib/version/go-version.js';

describe('store: the installed list the shims read', () => {
  it('sort keys order versions as Go does', () => {
    const versions = ['1.21', '1.21rc1', '1.21rc2', '1.21.0', '1.21.13', '1.20', '1.20.14', '1.18beta1', '1.18beta2', '1.18rc1', '1.18', '1.22alpha1', '1.9.3', '1.10'];
    const byKey = (v: string) => sortKey(parseGoVersion(v)).split(' ').map(Number);
    const keyOrder = [...versions].sort((a, b) => {
      const [x, y] = [byKey(a), byKey(b)];
      for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
      return 0;
    });
    assert.deepEqual(keyOrder, [...versions].sort(compareGoVersions));
    assert.equal(sortKey(parseGoVersion('1.21')), '1 21 0 0', 'a language version sorts below its pre-releases');
    assert.equal(sortKey(parseGoVersion('1.20')), '1 20 4 0', 'before 1.21, 1.20 is the release 1.20.0');
    assert.equal(sortKey(parseGoVersion('1.23rc2')), '1 23 3 2');
  });

  it('lists oldest first, and a home from an older gvx gets the list when new shims are written', async () => {
    const home = await mkdtemp(join(tmpdir(), 'gvx-installed-'));
    try {
      const layout = new HomeLayout(home);
      for (const v of ['1.22.12', '1.21.13', '1.23rc1']) {
        await mkdir(join(layout.versionDir(v), 'bin'), { recursive: true });
        await writeFile(join(layout.versionDir(v), 'bin', 'go'), '');
      }
      assert.equal(installedListText(await listInstalled(layout)), '1 21 4 13 1.21.13\n1 22 4 12 1.22.12\n1 23 3 1 1.23rc1\n');
      await ensureShims(layout);
      assert.equal(await readFile(layout.installedList, 'utf8'), '1 21 4 13 1.21.13\n1 22 4 12 1.22.12\n1 23 3 1 1.23rc1\n');
      assert.equal(await readFile(layout.alias('1.22'), 'utf8'), '1.22.12\n');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
