// Reading versions/<v>/.gvx-install.json back: a record gvx wrote comes back as written; no
// record, or one that does not parse, means nothing is known of the install's origin.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInstallRecord } from '../../lib/store/install-record.js';
import { INSTALL_RECORD } from '../../lib/store/layout.js';

describe('store/install-record: readInstallRecord', () => {
  let goroot: string;
  beforeEach(async () => {
    goroot = await mkdtemp(join(tmpdir(), 'gvx-record-'));
  });
  afterEach(() => rm(goroot, { recursive: true, force: true }));

  it('returns the record as written', async () => {
    const record = { version: '1.99.0', source: 'http://127.0.0.1:9/go1.99.0.linux-amd64.tar.gz', sha256: 'ab'.repeat(32), installedAt: '2024-01-01T00:00:00.000Z', verified: false, mirrorChecksum: 'unlisted' };
    await writeFile(join(goroot, INSTALL_RECORD), `${JSON.stringify(record, null, 2)}\n`);
    assert.deepEqual(await readInstallRecord(goroot), record);
  });

  it('undefined for no record, text that is not JSON, JSON null, or a record without "verified"', async () => {
    assert.equal(await readInstallRecord(goroot), undefined);
    for (const text of ['{not json', 'null', '{"version":"1.22.5"}', '[]']) {
      await writeFile(join(goroot, INSTALL_RECORD), text);
      assert.equal(await readInstallRecord(goroot), undefined, text);
    }
  });
});
