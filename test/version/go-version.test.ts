import assert from 'node:assert/strict';
import { compareGoVersions, parseGoVersion, tryParseGoVersion } from '../../lib/version/go-version.js';
import { GvxError } from '../../lib/errors.js';

// [a, relation, b]: Go's own ordering (go/version.Compare).
const ORDER: [string, '<' | '=' | '>', string][] = [
  ['1.21', '<', '1.21rc1'],
  ['1.21rc1', '<', '1.21rc2'],
  ['1.21rc2', '<', '1.21.0'],
  ['1.21.0', '<', '1.21.1'],
  ['1.21', '<', '1.21.0'],
  ['1.20', '=', '1.20.0'],
  ['go1.20', '=', '1.20.0'],
  ['1.18beta1', '<', '1.18beta2'],
  ['1.18beta2', '<', '1.18rc1'],
  ['1.18rc1', '<', '1.18'],
  ['1.18alpha1', '<', '1.18beta1'],
  ['1.5', '<', '1.10'],
  ['1.9.7', '<', '1.10'],
  ['1.10', '<', '1.10.1'],
  ['1.22.12', '>', '1.22.2'],
  ['1.22.2', '<', '1.22.10'],
  ['1.2', '<', '1.19'],
  ['1', '=', '1.0.0'],
  ['1', '=', '1.0'],
  ['1', '<', '1.1'],
  ['2', '>', '1.99.99'],
  ['1.100', '>', '1.99'],
  ['1.22rc1', '<', '1.22.0'],
  ['1.22rc1', '>', '1.21.13'],
  ['1.23.0', '>', '1.22.12'],
  ['go1.22.5', '=', '1.22.5'],
  ['1.21.0', '=', '1.21.0'],
  ['1.19', '<', '1.19.1'],
  ['1.19', '=', '1.19.0'],
  ['1.21', '>', '1.20.14'],
  ['1.18beta2', '>', '1.17.13'],
  ['10.0', '>', '9.99'],
];

const INVALID = ['', 'go', '1.', '.1', '1..2', '01.2', '1.02', '1.2.03', '1.21.3rc1', '1.21rc', '1.21rc01', '1.21foo1', 'v1.21', '1.21-rc1', '1,21', ' 1.21', '1.21 ', '1.21/..', '../1.21', '$(id)', 'latest', 'go1.21\n', '1.21.0.0', '１.21'];

describe('Go versions (go/version semantics)', () => {
  for (const [a, relation, b] of ORDER) {
    it(`${a} ${relation} ${b}`, () => {
      const expected = relation === '<' ? -1 : relation === '=' ? 0 : 1;
      assert.equal(Math.sign(compareGoVersions(a, b)), expected);
      assert.equal(Math.sign(compareGoVersions(b, a)), expected === 0 ? 0 : -expected, 'antisymmetric');
    });
  }

  for (const text of INVALID) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      assert.equal(tryParseGoVersion(text), undefined);
      assert.throws(() => parseGoVersion(text), (error: unknown) => error instanceof GvxError && error.code === 'E_INVALID_SPEC' && /invalid Go version/.test(error.message));
    });
  }

  it('keeps the text without the go prefix and splits the parts', () => {
    assert.deepEqual(parseGoVersion('go1.23rc2'), { text: '1.23rc2', major: '1', minor: '23', patch: '', kind: 'rc', pre: '2' });
    assert.equal(parseGoVersion('1.20').patch, '0');
    assert.equal(parseGoVersion('1.21').patch, '');
  });

  it('sorts a shuffled list into Go order', () => {
    const sorted = ['1.21.1', '1.21rc2', '1.20', '1.21.0', '1.21', '1.21rc1', '1.5', '1.10'];
    const expected = ['1.5', '1.10', '1.20', '1.21', '1.21rc1', '1.21rc2', '1.21.0', '1.21.1'];
    assert.deepEqual([...sorted].sort(compareGoVersions), expected);
  });
});
