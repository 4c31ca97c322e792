import assert from 'node:assert/strict';
import { parseGoVersion } from '../../lib/version/go-version.js';
import { parseSpec, pickNewest, tryParseSpec } from '../../lib/version/spec.js';

const RELEASES = ['1.23rc1', '1.22.12', '1.22.5', '1.22rc2', '1.21.13', '1.21.0', '1.20.14', '1.20', '1.19.13'].map((v) => parseGoVersion(v));

describe('install specs', () => {
  const cases: [string, string | undefined][] = [
    ['1.22', '1.22.12'],
    ['go1.22', '1.22.12'],
    ['1', '1.22.12'],
    ['latest', '1.22.12'],
    ['stable', '1.22.12'],
    ['1.22.5', '1.22.5'],
    ['go1.22.5', '1.22.5'],
    ['1.23rc1', '1.23rc1'],
    ['1.23', undefined], // only a release candidate exists: a prefix takes stable releases only
    ['1.20', '1.20.14'],
    ['1.20.0', '1.20'], // 1.20 == 1.20.0
    ['1.21.0', '1.21.0'],
    ['1.22.6', undefined],
    ['2', undefined],
  ];
  for (const [input, expected] of cases) {
    it(`${input} -> ${expected ?? 'nothing'}`, () => {
      const picked = pickNewest(parseSpec(input), RELEASES, (v) => v);
      assert.equal(picked?.text, expected);
    });
  }

  for (const bad of ['', ' ', '1.22;rm -rf /', '$(touch x)', '`id`', '../1.22', '1.22/', '/usr/local/go', 'go', 'gogo1.22', '1.22.x', '1.*', 'latest1', 'system', '1.22\n1.21', '1.022', 'ref:abc']) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      assert.equal(tryParseSpec(bad), undefined);
      assert.throws(() => parseSpec(bad, '/p/.go-version'), /invalid Go version spec .* in \/p\/\.go-version/);
    });
  }
});
