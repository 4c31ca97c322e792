// What `gvx use` with no SPEC pins for a module requirement (lib/select/requirement-pin.ts).

import assert from 'node:assert/strict';
import { requirementOf } from '../../lib/select/module-requirement.js';
import { pinForRequirement } from '../../lib/select/requirement-pin.js';
import type { ReleaseIndex } from '../../lib/remote/releases.js';
import { GvxError } from '../../lib/errors.js';
import { parseGoVersion } from '../../lib/version/go-version.js';

const index = (...versions: string[]): ReleaseIndex =>
  ({
    releases: versions.map((v) => ({ version: parseGoVersion(v), stable: !/[a-z]/.test(v), files: [] })),
    downloadBase: 'http://127.0.0.1:1',
    fetchedAt: 0,
    fromCacheBecauseOffline: false,
    kind: 'json',
  }) as unknown as ReleaseIndex;
const installed = (...versions: string[]) => versions.map((v) => ({ version: parseGoVersion(v), goroot: `/home/versions/${v}` }));
const req = (go?: string, toolchain?: string) => requirementOf('/p/go.mod', 'go.mod', go ? parseGoVersion(go) : undefined, toolchain ? parseGoVersion(toolchain) : undefined)!;
const INDEX = index('1.23.4', '1.23.0', '1.23rc2', '1.22.12', '1.22.5', '1.22.0', '1.21.13');

describe('pinForRequirement', () => {
  it('a toolchain line above the go line: exactly that version, without the index', () => {
    assert.equal(pinForRequirement(req('1.21.0', '1.22.5'), undefined, []).text, '1.22.5');
  });

  it('a toolchain line at or below the go line: the go line decides', () => {
    assert.equal(pinForRequirement(req('1.22.6', '1.22.5'), INDEX, []).text, '1.22.12');
  });

  it('a go line: the newest stable release of its family >= R in the index, not a newer family', () => {
    assert.equal(pinForRequirement(req('1.22.0'), INDEX, installed('1.23.4')).text, '1.22.12');
    assert.equal(pinForRequirement(req('1.22'), INDEX, []).text, '1.22.12', 'go 1.22 is the language version: any 1.22.x');
  });

  it('a pre-release go line: pre-releases of the family count too', () => {
    assert.equal(pinForRequirement(req('1.23rc1'), index('1.23rc2', '1.22.12'), []).text, '1.23rc2');
    assert.equal(pinForRequirement(req('1.23rc1'), INDEX, []).text, '1.23.4');
  });

  it('offline: among the installed versions', () => {
    assert.equal(pinForRequirement(req('1.22.3'), undefined, installed('1.22.1', '1.22.5', '1.23.4', '1.22rc1')).text, '1.22.5');
  });

  it('nothing of the family satisfies it: an error naming the file, with the install to run when offline', () => {
    assert.throws(() => pinForRequirement(req('1.22.13'), INDEX, []), (e: GvxError) => /no stable Go 1\.22\.x >= 1\.22\.13 in the release index \(\/p\/go\.mod requires it\)/.test(e.message) && e.exitCode === 3);
    assert.throws(() => pinForRequirement(req('1.24.0'), undefined, installed('1.23.4')), (e: GvxError) => /cannot be reached/.test(e.message) && e.hint === 'check the network, or gvx install 1.24');
  });
});
