// What gvx verify's install check adds about an install's origin: nothing when something
// besides the source vouched for it (or nothing is known), a plain statement otherwise.

import assert from 'node:assert/strict';
import type { InstallRecord } from '../../lib/store/install-record.js';
import { describeUnverifiedOrigin } from '../../lib/verify/install-provenance.js';

describe('verify/install-provenance: describeUnverifiedOrigin', () => {
  const base: InstallRecord = { version: '1.22.5', source: 'https://dl.google.com/go/go1.22.5.linux-amd64.tar.gz', sha256: 'ab'.repeat(32), installedAt: '2024-01-01T00:00:00.000Z', verified: true, verifiedBy: 'sha256' };

  it('nothing for a verified install or when there is no record', () => {
    assert.equal(describeUnverifiedOrigin(base), undefined);
    assert.equal(describeUnverifiedOrigin({ ...base, verifiedBy: 'h1' }), undefined);
    assert.equal(describeUnverifiedOrigin(undefined), undefined);
  });

  it('names --no-verify, an unlisted release and a checksum only the mirror gave', () => {
    assert.equal(describeUnverifiedOrigin({ ...base, source: '/tmp/go1.22.5.linux-amd64.tar.gz', verified: false, verifiedBy: undefined }), 'UNVERIFIED: installed from /tmp/go1.22.5.linux-amd64.tar.gz with --no-verify, no checksum checked');
    assert.equal(
      describeUnverifiedOrigin({ ...base, version: '1.99.0', source: 'http://m/go1.99.0.linux-amd64.tar.gz', verified: false, verifiedBy: undefined, mirrorChecksum: 'unlisted' }),
      "UNVERIFIED: the official release index did not list go1.99.0; installed with --allow-unlisted from http://m/go1.99.0.linux-amd64.tar.gz, checked only against the mirror's own .sha256",
    );
    assert.equal(
      describeUnverifiedOrigin({ ...base, source: 'http://m/go1.22.5.linux-amd64.tar.gz', mirrorChecksum: 'not-cross-checked' }),
      "checksum from the mirror's own .sha256 only (http://m/go1.22.5.linux-amd64.tar.gz): the official release index was not reachable to cross-check it",
    );
  });
});
