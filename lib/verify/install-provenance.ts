// What gvx verify says of an install's origin, from its install record: nothing for an install
// whose checksum something besides its source vouched for, a line of warning for one that only
// a directory mirror (or nothing, --no-verify) vouches for. It proves nothing about what runs,
// so it never fails the check: it tells the user how far the bytes can be trusted.

import type { InstallRecord } from '../store/install-record.js';

/** Undefined when there is nothing to say (verified, or no record to tell). */
export function describeUnverifiedOrigin(record: InstallRecord | undefined): string | undefined {
  if (!record) return undefined;
  if (record.mirrorChecksum === 'unlisted') {
    return `UNVERIFIED: the official release index did not list go${record.version}; installed with --allow-unlisted from ${record.source}, checked only against the mirror's own .sha256`;
  }
  if (record.mirrorChecksum === 'not-cross-checked') {
    return `checksum from the mirror's own .sha256 only (${record.source}): the official release index was not reachable to cross-check it`;
  }
  if (!record.verified) return `UNVERIFIED: installed from ${record.source} with --no-verify, no checksum checked`;
  return undefined;
}
