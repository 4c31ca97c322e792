// How an invalid value is named (lib/select/offending-value.ts), and that the four shell
// resolvers carry the same safe list: resolution-cases.ts checks the messages case by case,
// this checks every one of the 256 bytes against each resolver's list.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_SHOWN_BYTES, SHOWN_CHARACTERS, invalidValueMessage } from '../../lib/select/offending-value.js';
import { fish } from '../../lib/shell/fish.js';
import { powershell } from '../../lib/shell/powershell.js';
import { REPO_ROOT } from '../helpers/env.js';

const OPTIONS = { home: '/h', shimsDir: '/h/shims', gvxArgv: ['/usr/bin/node', '/opt/gvx/bin/gvx'], useOnCd: true };
const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
const SHOWN = ALL_BYTES.filter((c) => SHOWN_CHARACTERS.includes(c));

describe('naming an invalid value', () => {
  it('quotes a safe value, cut at 32 bytes', () => {
    assert.equal(invalidValueMessage('/p/.go-version', '1.22.x'), '/p/.go-version: "1.22.x" is not a valid Go version');
    assert.equal(invalidValueMessage('GVX_GO_VERSION', 'a'.repeat(MAX_SHOWN_BYTES)), `GVX_GO_VERSION: "${'a'.repeat(32)}" is not a valid Go version`);
    assert.equal(invalidValueMessage('GVX_GO_VERSION', 'a'.repeat(1000)), `GVX_GO_VERSION: "${'a'.repeat(32)}…" is not a valid Go version`);
  });

  it('names, without quoting, a value with any other byte, or one it must not show', () => {
    for (const c of ALL_BYTES.filter((b) => !SHOWN_CHARACTERS.includes(b))) {
      assert.equal(invalidValueMessage('/p/.go-version', `1.22${c}`), '/p/.go-version: not a valid Go version (it holds characters that are not shown)', JSON.stringify(c));
    }
    assert.equal(invalidValueMessage('/p/.go-version', '\u20031.22'), '/p/.go-version: not a valid Go version (it holds characters that are not shown)');
    assert.equal(invalidValueMessage('/p/.go-version', undefined), '/p/.go-version: not a valid Go version');
  });

  it('the safe list is printable ASCII without quotes, $, `, \\, ;, &, |, <, >, (, ), *, ?, [, ], {, }, ~, #, !', () => {
    for (const c of '"\'$`\\;&|<>()*?[]{}~#!%=,') assert.ok(!SHOWN_CHARACTERS.includes(c), c);
    assert.ok([...SHOWN_CHARACTERS].every((c) => c >= ' ' && c <= '~'));
  });

  it('resolve.sh (shims, bash and zsh hooks) lists exactly the same bytes', () => {
    const text = readFileSync(join(REPO_ROOT, 'shims', 'resolve.sh'), 'utf8');
    const body = /^_gvx_invalid\(\) \{\n([\s\S]*?)\n\}/m.exec(text)?.[1];
    assert.ok(body, '_gvx_invalid is defined');
    const list = /\*\[!([^\]]*)\]\*\)/.exec(body)?.[1];
    assert.ok(list, 'the case pattern of the safe list');
    assert.deepEqual([...new Set(list.replace('\\ ', ' '))].sort(), [...SHOWN_CHARACTERS].sort());
    assert.match(body, new RegExp(`\\[ \\$\\{#2\\} -gt ${MAX_SHOWN_BYTES} \\] && _gvx_value="\\$\\{2%"\\$\\{2#\\?{${MAX_SHOWN_BYTES}}\\}"\\}…"`), 'cut at 32 bytes');
    assert.match(body, /case \$1 in \/\*\) \[ -L "\$1" \] && return 0 ;; esac/, 'a symlinked file is never quoted');
  });

  for (const shell of [fish, powershell]) {
    it(`${shell.name} matches the same bytes`, async () => {
      const text = await shell.render(OPTIONS);
      const classes = [...text.matchAll(/'\[\^(A-Za-z0-9[^\]]*)\]'/g)].map((m) => m[1]);
      assert.equal(classes.length, 1, 'one safe list');
      const unsafe = new RegExp(`[^${classes[0]}]`);
      assert.deepEqual(
        ALL_BYTES.filter((c) => !unsafe.test(c)),
        SHOWN,
      );
    });
  }
});
