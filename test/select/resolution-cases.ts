// One table of selection cases: the contract every resolver follows. resolver-contract.ts runs
// each case through all of them (resolvers.test.ts: the CLI, the sh shim and the bash hook;
// resolvers-zsh-fish.e2e.test.ts: the zsh and fish hooks); resolution-check.ts runs the plain
// ones through the TypeScript API and the shim with Debian's real Go linked in
// (resolution-real.e2e.test.ts).
// A case is a directory tree, an environment, installed versions and a default, and the
// expected answer: a version with its origin, or one of the errors, with the exact message
// every resolver gives for it when the case names one (MESSAGE_CASES are about that).

import { chmodSync, symlinkSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { makeFifo } from '../helpers/fifo.js';

export interface ResolutionCase {
  readonly name: string;
  /** Files to create, relative to the case's project root. */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  /** Directory (relative to the project root) the resolution runs in. */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly installed: readonly string[];
  readonly defaultSpec?: string;
  /** The exact content of GVX_HOME/default (when the case is about that file). */
  readonly defaultFile?: string;
  /**
   * The error every resolver reports, exactly (after "gvx: error: " for the CLI and the shim);
   * <project>, <cwd> and <home> stand for the case's directories.
   */
  readonly message?: string;
  readonly expect:
    | { readonly version: string; readonly origin: 'env' | 'file' | 'go.mod' | 'go.work' | 'default'; readonly file?: string }
    | { readonly error: Exclude<ResolutionError, 'unsatisfied'> }
    | { readonly error: 'unsatisfied'; readonly install: string };
}

/**
 * invalid: a file or GVX_GO_VERSION that is not a usable spec; no-cwd: the cwd is gone;
 * bad-home: GVX_HOME is relative or holds a ':'; unsatisfied: a module's requirement that no
 * installed version meets (install: what `gvx install` should get).
 */
export type ResolutionError = 'invalid' | 'not-installed' | 'none' | 'no-cwd' | 'bad-home' | 'unsatisfied';

/** A case that needs more than plain files: symlinks, FIFOs, permissions, a deleted cwd. */
export interface SpecialCase extends ResolutionCase {
  /** Runs after the plain files are written; paths are absolute. */
  readonly prepare: (dirs: { readonly base: string; readonly project: string; readonly cwd: string }) => void;
  /**
   * Resolve without root's permission override (CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH
   * dropped): permission cases mean nothing to root, and the tests run as root in CI.
   */
  readonly unprivileged?: boolean;
  /** Never printed by any resolver (a secret behind a symlink). */
  readonly secret?: string;
  /** The logical cwd (PWD) differs from the physical one: relative to the case's base. */
  readonly logicalCwd?: string;
  /** The cwd is removed after the resolver's process has entered it. */
  readonly deleteCwd?: boolean;
}

const DEEP = 'a/b/c/d/e/f/g';
const MIB = 1 << 20;
const TOO_LARGE = (file: string) => `<project>/${file}: not a valid Go version file (larger than 4096 bytes)`;

export const RESOLUTION_CASES: readonly ResolutionCase[] = [
  { name: 'nothing selected, nothing installed', installed: [], expect: { error: 'none' } },
  { name: 'default only', installed: ['1.22.12'], defaultSpec: '1.22.12', expect: { version: '1.22.12', origin: 'default' } },
  { name: 'default as a prefix', installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
  { name: '.go-version in the cwd', files: { '.go-version': '1.22.12\n' }, installed: ['1.21.13', '1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: '.go-version 7 levels up', files: { '.go-version': '1.21.13\n' }, cwd: DEEP, installed: ['1.21.13', '1.22.12'], expect: { version: '1.21.13', origin: 'file', file: '.go-version' } },
  { name: 'nearest file wins over an outer one', files: { '.go-version': '1.21.13\n', 'a/b/.go-version': '1.22.12\n' }, cwd: DEEP, installed: ['1.21.13', '1.22.12'], expect: { version: '1.22.12', origin: 'file', file: 'a/b/.go-version' } },
  { name: 'go prefix', files: { '.go-version': 'go1.22.12\n' }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'CRLF and surrounding blanks', files: { '.go-version': '  1.22.12 \r\n' }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'comments and blank lines', files: { '.go-version': '# pinned by CI\n\n1.21 # LTS\n\n' }, installed: ['1.21.13', '1.22.12'], expect: { version: '1.21.13', origin: 'file', file: '.go-version' } },
  { name: 'no trailing newline', files: { '.go-version': '1.22.12' }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'prefix resolves to the newest installed patch', files: { '.go-version': '1.22\n' }, installed: ['1.22.5', '1.22.12', '1.21.13'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'prefix skips pre-releases', files: { '.go-version': '1.23\n' }, installed: ['1.23rc1', '1.22.12'], expect: { error: 'not-installed' } },
  { name: 'major prefix', files: { '.go-version': '1\n' }, installed: ['1.21.13', '1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'latest', files: { '.go-version': 'latest\n' }, installed: ['1.21.13', '1.22.12', '1.23rc1'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'exact pre-release', files: { '.go-version': '1.23rc1\n' }, installed: ['1.23rc1', '1.22.12'], expect: { version: '1.23rc1', origin: 'file', file: '.go-version' } },
  { name: '1.20.0 finds go1.20', files: { '.go-version': '1.20.0\n' }, installed: ['1.20', '1.21.13'], expect: { version: '1.20', origin: 'file', file: '.go-version' } },
  { name: '1.20 is a prefix even when go1.20 is installed', files: { '.go-version': '1.20\n' }, installed: ['1.20', '1.20.14'], expect: { version: '1.20.14', origin: 'file', file: '.go-version' } },
  { name: 'selected version not installed', files: { '.go-version': '1.23.4\n' }, installed: ['1.22.12'], defaultSpec: '1.22.12', expect: { error: 'not-installed' } },
  { name: '.tool-versions golang line', files: { '.tool-versions': 'nodejs 20.1.0\ngolang 1.21.13\n' }, cwd: 'a', installed: ['1.21.13', '1.22.12'], expect: { version: '1.21.13', origin: 'file', file: '.tool-versions' } },
  { name: '.tool-versions go line, several versions: the first', files: { '.tool-versions': 'go 1.22.12 1.21.13\n' }, installed: ['1.21.13', '1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.tool-versions' } },
  { name: '.go-version beats .tool-versions in one directory', files: { '.tool-versions': 'golang 1.21.13\n', '.go-version': '1.22.12\n' }, installed: ['1.21.13', '1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: '.tool-versions without go is skipped', files: { 'a/.tool-versions': 'nodejs 20.1.0\n', '.go-version': '1.21.13\n' }, cwd: 'a', installed: ['1.21.13', '1.22.12'], expect: { version: '1.21.13', origin: 'file', file: '.go-version' } },
  { name: 'nearer .tool-versions beats an outer .go-version', files: { 'a/.tool-versions': 'golang 1.22.12\n', '.go-version': '1.21.13\n' }, cwd: 'a/b', installed: ['1.21.13', '1.22.12'], expect: { version: '1.22.12', origin: 'file', file: 'a/.tool-versions' } },
  { name: 'env beats the file', files: { '.go-version': '1.21.13\n' }, env: { GVX_GO_VERSION: '1.22.12' }, installed: ['1.21.13', '1.22.12'], expect: { version: '1.22.12', origin: 'env' } },
  { name: 'env prefix', env: { GVX_GO_VERSION: 'go1.21' }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.22.12', expect: { version: '1.21.13', origin: 'env' } },
  { name: 'blank env is ignored', files: { '.go-version': '1.21.13\n' }, env: { GVX_GO_VERSION: '  ' }, installed: ['1.21.13'], expect: { version: '1.21.13', origin: 'file', file: '.go-version' } },
  { name: 'file beats the default', files: { '.go-version': '1.21.13\n' }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.22.12', expect: { version: '1.21.13', origin: 'file', file: '.go-version' } },
  { name: 'invalid env', env: { GVX_GO_VERSION: '$(touch MARKER)' }, installed: ['1.22.12'], message: 'GVX_GO_VERSION: not a valid Go version (it holds characters that are not shown)', expect: { error: 'invalid' } },
  { name: 'command substitution', files: { '.go-version': '$(touch MARKER)\n' }, installed: ['1.22.12'], defaultSpec: '1.22.12', message: '<project>/.go-version: not a valid Go version (it holds characters that are not shown)', expect: { error: 'invalid' } },
  { name: 'backticks', files: { '.go-version': '`touch MARKER`\n' }, installed: ['1.22.12'], message: '<project>/.go-version: not a valid Go version (it holds characters that are not shown)', expect: { error: 'invalid' } },
  { name: 'semicolon', files: { '.go-version': '1.22.12; touch MARKER\n' }, installed: ['1.22.12'], message: '<project>/.go-version: not a valid Go version (it holds characters that are not shown)', expect: { error: 'invalid' } },
  { name: 'and-and', files: { '.go-version': '1.22.12 && touch MARKER\n' }, installed: ['1.22.12'], message: '<project>/.go-version: not a valid Go version (it holds characters that are not shown)', expect: { error: 'invalid' } },
  { name: 'path traversal', files: { '.go-version': '../../bin\n' }, installed: ['1.22.12'], message: '<project>/.go-version: "../../bin" is not a valid Go version', expect: { error: 'invalid' } },
  { name: 'a version dir name with a slash', files: { '.go-version': '1.22.12/../1.21.13\n' }, installed: ['1.21.13', '1.22.12'], message: '<project>/.go-version: "1.22.12/../1.21.13" is not a valid Go version', expect: { error: 'invalid' } },
  { name: 'two versions on two lines', files: { '.go-version': '1.22.12\n1.21.13\n' }, installed: ['1.21.13', '1.22.12'], message: '<project>/.go-version: more than one line names a version', expect: { error: 'invalid' } },
  { name: 'empty file', files: { '.go-version': '' }, installed: ['1.22.12'], defaultSpec: '1.22.12', message: '<project>/.go-version: no version in the file', expect: { error: 'invalid' } },
  { name: 'a 1 MB line', files: { '.go-version': `${'1'.repeat(1 << 20)}\n` }, installed: ['1.22.12'], message: '<project>/.go-version: not a valid Go version file (larger than 4096 bytes)', expect: { error: 'invalid' } },
  { name: 'binary bytes', files: { '.go-version': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0xff, 0xfe, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d]) }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'quotes', files: { '.go-version': '"1.22.12"\n' }, installed: ['1.22.12'], message: '<project>/.go-version: not a valid Go version (it holds characters that are not shown)', expect: { error: 'invalid' } },
  { name: 'NUL bytes are dropped like the shell read does', files: { '.go-version': Buffer.from('1.22.\u000012\n') }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'asdf ref: in .tool-versions', files: { '.tool-versions': 'golang ref:abc123\n' }, installed: ['1.22.12'], message: '<project>/.tool-versions: "ref:abc123" is not a valid Go version', expect: { error: 'invalid' } },
  { name: 'a .go-version directory is not a file', files: { '.go-version/keep': '' }, installed: ['1.22.12'], defaultSpec: '1.22.12', expect: { version: '1.22.12', origin: 'default' } },
  // The global default file has the .go-version format, in every resolver.
  { name: 'a default holding only a newline is an error', installed: ['1.22.12'], defaultFile: '\n', message: '<home>/default: no version in the file', expect: { error: 'invalid' } },
  { name: 'a default with two lines is an error', installed: ['1.21.13', '1.22.12'], defaultFile: '1.22.12\n1.21.13\n', message: '<home>/default: more than one line names a version', expect: { error: 'invalid' } },
  { name: 'a default with a comment', installed: ['1.21.13', '1.22.12'], defaultFile: '# set by hand\n1.21\n', expect: { version: '1.21.13', origin: 'default' } },
  { name: 'a default without a newline, CRLF and blanks', installed: ['1.22.12'], defaultFile: ' go1.22.12 \r', expect: { version: '1.22.12', origin: 'default' } },
  // Bytes, not characters, whatever the locale: U+2003 (EM SPACE) is not a blank.
  { name: 'an em space before the version, in a UTF-8 locale', files: { '.go-version': '\u20031.22.12\n' }, env: { LC_ALL: 'C.UTF-8' }, installed: ['1.22.12'], message: '<project>/.go-version: not a valid Go version (it holds characters that are not shown)', expect: { error: 'invalid' } },
  { name: 'an em space after the version, in a UTF-8 locale', files: { '.go-version': '1.22.12\u2003\n' }, env: { LANG: 'C.UTF-8' }, installed: ['1.22.12'], message: '<project>/.go-version: not a valid Go version (it holds characters that are not shown)', expect: { error: 'invalid' } },
  { name: 'a UTF-8 comment is fine in a UTF-8 locale', files: { '.go-version': '# épinglé\n1.22.12\n' }, env: { LC_ALL: 'C.UTF-8' }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'the byte budget counts bytes in a UTF-8 locale', files: { '.go-version': `1.22.12 # ${'é'.repeat(2100)}\n` }, env: { LC_ALL: 'C.UTF-8' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  // The byte budget: a version file is read up to 4096 bytes, NULs not counted.
  { name: 'a 4096-byte file is read', files: { '.go-version': `1.22.12 #${'x'.repeat(4096 - 10)}\n` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'a 4097-byte file is refused', files: { '.go-version': `1.22.12 #${'x'.repeat(4096 - 9)}\n` }, installed: ['1.22.12'], message: '<project>/.go-version: not a valid Go version file (larger than 4096 bytes)', expect: { error: 'invalid' } },
  { name: 'a 4096-byte file without a newline is read', files: { '.go-version': `1.22.12 #${'x'.repeat(4096 - 9)}` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'a million blank lines, then a version', files: { '.go-version': `${'\n'.repeat(1_000_000)}1.21.13\n` }, installed: ['1.21.13'], expect: { error: 'invalid' } },
  { name: 'a 5 MB file of blank lines and spaces', files: { '.go-version': ` \n`.repeat(2_500_000) }, installed: ['1.21.13'], defaultSpec: '1.21.13', expect: { error: 'invalid' } },
  { name: 'NULs do not count against the budget', files: { '.go-version': Buffer.concat([Buffer.alloc(6000), Buffer.from('1.22.12\n')]) }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'a version padded past 4096 bytes is refused', files: { '.go-version': `1.22.12${' '.repeat(5000)}\n` }, installed: ['1.22.12'], message: '<project>/.go-version: not a valid Go version file (larger than 4096 bytes)', expect: { error: 'invalid' } },
  { name: 'a 4000-character comment is fine', files: { '.go-version': `1.22.12 #${'x'.repeat(4000)}\n` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: '.tool-versions: what follows the golang line is not read', files: { '.tool-versions': `golang 1.22.12\nnodejs ${'1'.repeat(5000)}\n` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.tool-versions' } },
  { name: '.tool-versions: a golang line past 4096 bytes is refused', files: { '.tool-versions': `nodejs ${'1'.repeat(5000)}\ngolang 1.22.12\n` }, installed: ['1.22.12'], message: '<project>/.tool-versions: not a valid Go version file (larger than 4096 bytes)', expect: { error: 'invalid' } },
  // Hostile sizes: every read stops at 4097 bytes besides NULs, within the first 1 MiB of raw
  // bytes (the CLI's MAX_RAW_BYTES): past it, a file is refused, whatever follows.
  { name: '1 MiB of NULs: no version in the file', files: { '.go-version': Buffer.alloc(MIB) }, installed: ['1.22.12'], message: '<project>/.go-version: no version in the file', expect: { error: 'invalid' } },
  { name: '1 MiB of NUL padding, then a valid version: refused', files: { '.go-version': Buffer.concat([Buffer.alloc(MIB), Buffer.from('1.22.12\n')]) }, installed: ['1.22.12'], message: TOO_LARGE('.go-version'), expect: { error: 'invalid' } },
  { name: 'a valid version, then NUL padding up to 1 MiB', files: { '.go-version': Buffer.concat([Buffer.from('1.22.12\n'), Buffer.alloc(MIB - 8)]) }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'a valid version, then NUL padding past 1 MiB: refused', files: { '.go-version': Buffer.concat([Buffer.from('1.22.12\n'), Buffer.alloc(MIB)]) }, installed: ['1.22.12'], message: TOO_LARGE('.go-version'), expect: { error: 'invalid' } },
  { name: 'one 16 MB line', files: { '.go-version': '1'.repeat(16 << 20) }, installed: ['1.22.12'], message: TOO_LARGE('.go-version'), expect: { error: 'invalid' } },
  { name: 'a comment line straddling the budget is not read: refused', files: { '.go-version': `1.22.12\n#${'x'.repeat(4096 - 9)}yz\n` }, installed: ['1.22.12'], message: TOO_LARGE('.go-version'), expect: { error: 'invalid' } },
  { name: '.tool-versions: a golang line straddling the budget is refused', files: { '.tool-versions': `${'#'.repeat(4090)}\ngolang 1.22.12\n` }, installed: ['1.22.12'], message: TOO_LARGE('.tool-versions'), expect: { error: 'invalid' } },
  { name: '.tool-versions: NULs between the lines do not count against the budget', files: { '.tool-versions': Buffer.concat([Buffer.from(`nodejs ${'1'.repeat(4000)}\n`), Buffer.alloc(100_000), Buffer.from('golang 1.22.12\n')]) }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.tool-versions' } },
  { name: '.tool-versions: 1 MiB of NUL padding before the golang line is refused', files: { '.tool-versions': Buffer.concat([Buffer.alloc(MIB), Buffer.from('golang 1.22.12\n')]) }, installed: ['1.22.12'], message: TOO_LARGE('.tool-versions'), expect: { error: 'invalid' } },
  { name: '.tool-versions: a golang line, then 16 MB of NULs', files: { '.tool-versions': Buffer.concat([Buffer.from('golang 1.22.12\n'), Buffer.alloc(16 << 20)]) }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.tool-versions' } },
  { name: '.tool-versions: one 16 MB line', files: { '.tool-versions': `golang ${'1'.repeat(16 << 20)}` }, installed: ['1.22.12'], message: TOO_LARGE('.tool-versions'), expect: { error: 'invalid' } },
  // GVX_GO_VERSION is bounded before it is trimmed.
  { name: 'a 100 KB GVX_GO_VERSION', env: { GVX_GO_VERSION: '1'.repeat(100_000) }, installed: ['1.22.12'], defaultSpec: '1.22.12', message: 'GVX_GO_VERSION: not a valid Go version (longer than 256 bytes)', expect: { error: 'invalid' } },
  { name: 'GVX_GO_VERSION padded past 256 bytes', env: { GVX_GO_VERSION: `${' '.repeat(300)}1.22.12` }, installed: ['1.22.12'], message: 'GVX_GO_VERSION: not a valid Go version (longer than 256 bytes)', expect: { error: 'invalid' } },
  // GVX_HOME goes into PATH: a relative one would let a repository plant relhome/shims/go.
  { name: 'a relative GVX_HOME is refused', files: { '.go-version': '1.22.12\n', 'relhome/versions/1.22.12/bin/go': '' }, env: { GVX_HOME: 'relhome' }, installed: ['1.22.12'], expect: { error: 'bad-home' } },
  { name: "a GVX_HOME with a ':' is refused", files: { '.go-version': '1.22.12\n' }, env: { GVX_HOME: '/tmp/a:b' }, installed: ['1.22.12'], expect: { error: 'bad-home' } },
  { name: 'GVX_GO_VERSION with blanks within 256 bytes', env: { GVX_GO_VERSION: ` \t1.22.12${' '.repeat(200)}` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'env' } },
  ...MODULE_CASES(),
  ...MESSAGE_CASES(),
];

// How an invalid value is named (lib/select/offending-value.ts): quoted when every byte is in
// the safe list, cut at 32 bytes and "…"; else said to hold characters that are not shown.
function MESSAGE_CASES(): ResolutionCase[] {
  const shown = (origin: string, value: string) => `${origin}: "${value}" is not a valid Go version`;
  const hidden = (origin: string) => `${origin}: not a valid Go version (it holds characters that are not shown)`;
  const GV = '<project>/.go-version';
  return [
    { name: 'message: a .go-version value is quoted', files: { '.go-version': '1.22.x\n' }, installed: ['1.22.12'], message: shown(GV, '1.22.x'), expect: { error: 'invalid' } },
    { name: 'message: quoted as written, go prefix and all', files: { '.go-version': '  go1.22.x # the CI image\r\n' }, installed: ['1.22.12'], message: shown(GV, 'go1.22.x'), expect: { error: 'invalid' } },
    { name: 'message: a .tool-versions golang system', files: { '.tool-versions': 'nodejs 20.1.0\ngolang system\n' }, cwd: 'a', installed: ['1.22.12'], message: shown('<project>/.tool-versions', 'system'), expect: { error: 'invalid' } },
    { name: 'message: every safe character is shown', files: { '.go-version': 'Az09._+:/@ -x\n' }, installed: ['1.22.12'], message: shown(GV, 'Az09._+:/@ -x'), expect: { error: 'invalid' } },
    { name: 'message: a value that looks like an option', files: { '.go-version': '-n\n' }, installed: ['1.22.12'], message: shown(GV, '-n'), expect: { error: 'invalid' } },
    { name: 'message: 32 bytes are shown whole', files: { '.go-version': `1.22.${'x'.repeat(27)}\n` }, installed: ['1.22.12'], message: shown(GV, `1.22.${'x'.repeat(27)}`), expect: { error: 'invalid' } },
    { name: 'message: 33 bytes are cut at 32', files: { '.go-version': `1.22.${'x'.repeat(27)}y\n` }, installed: ['1.22.12'], message: shown(GV, `1.22.${'x'.repeat(27)}…`), expect: { error: 'invalid' } },
    { name: 'message: a 1000-byte value is cut at 32 bytes', files: { '.go-version': `1.22.${'9'.repeat(995)}\n` }, installed: ['1.22.12'], message: shown(GV, `1.22.${'9'.repeat(27)}…`), expect: { error: 'invalid' } },
    { name: 'message: $(id) is not shown', files: { '.go-version': '$(id)\n' }, installed: ['1.22.12'], message: hidden(GV), expect: { error: 'invalid' } },
    { name: 'message: an ESC byte is not shown', files: { '.go-version': '1.22\u001b[31m\n' }, installed: ['1.22.12'], message: hidden(GV), expect: { error: 'invalid' } },
    { name: 'message: non-UTF-8 bytes are not shown', files: { '.go-version': Buffer.from([0x31, 0x2e, 0x32, 0x32, 0xff, 0xfe, 0x0a]) }, installed: ['1.22.12'], message: hidden(GV), expect: { error: 'invalid' } },
    { name: 'message: non-UTF-8 bytes in a UTF-8 locale', files: { '.go-version': Buffer.from([0x31, 0x2e, 0x32, 0x32, 0xc3, 0x28, 0x0a]) }, env: { LC_ALL: 'C.UTF-8' }, installed: ['1.22.12'], message: hidden(GV), expect: { error: 'invalid' } },
    { name: 'message: a UTF-8 letter in a UTF-8 locale is not shown', files: { '.go-version': '1.22é\n' }, env: { LC_ALL: 'C.UTF-8' }, installed: ['1.22.12'], message: hidden(GV), expect: { error: 'invalid' } },
    { name: 'message: a tab inside the value is not shown', files: { '.go-version': '1.22\t1.23\n' }, installed: ['1.22.12'], message: hidden(GV), expect: { error: 'invalid' } },
    { name: 'message: a backslash is not shown', files: { '.go-version': '1.22\\n\n' }, installed: ['1.22.12'], message: hidden(GV), expect: { error: 'invalid' } },
    { name: 'message: a 33-byte value with a bad byte past 32 is not shown', files: { '.go-version': `1.22.${'x'.repeat(27)}$\n` }, installed: ['1.22.12'], message: hidden(GV), expect: { error: 'invalid' } },
    { name: 'message: GVX_GO_VERSION is quoted', env: { GVX_GO_VERSION: ' 1.22.x ' }, installed: ['1.22.12'], message: shown('GVX_GO_VERSION', '1.22.x'), expect: { error: 'invalid' } },
    { name: 'message: GVX_GO_VERSION $(id) is not shown', env: { GVX_GO_VERSION: '$(id)' }, installed: ['1.22.12'], message: hidden('GVX_GO_VERSION'), expect: { error: 'invalid' } },
    { name: 'message: GVX_GO_VERSION with an ESC byte is not shown', env: { GVX_GO_VERSION: '1.22\u001b]0;pwned\u0007' }, installed: ['1.22.12'], message: hidden('GVX_GO_VERSION'), expect: { error: 'invalid' } },
    { name: 'message: GVX_GO_VERSION of 200 bytes is cut at 32', env: { GVX_GO_VERSION: `1.${'2'.repeat(199)}x` }, installed: ['1.22.12'], message: shown('GVX_GO_VERSION', `1.${'2'.repeat(30)}…`), expect: { error: 'invalid' } },
    { name: 'message: GVX_GO_VERSION of 1000 bytes is refused unread', env: { GVX_GO_VERSION: `1.${'2'.repeat(998)}` }, installed: ['1.22.12'], message: 'GVX_GO_VERSION: not a valid Go version (longer than 256 bytes)', expect: { error: 'invalid' } },
    { name: 'message: the global default is quoted', installed: ['1.22.12'], defaultFile: 'go1.22.x\n', message: shown('<home>/default', 'go1.22.x'), expect: { error: 'invalid' } },
    { name: 'message: a global default with an ESC byte is not shown', installed: ['1.22.12'], defaultFile: '1.22\u001b[2J\n', message: hidden('<home>/default'), expect: { error: 'invalid' } },
  ];
}

// Rule 3: a module with no version file gets the Go its go.work/go.mod asks for.
function MODULE_CASES(): ResolutionCase[] {
  const mod = (go: string, extra = '') => `module example.com/m\n\ngo ${go}\n${extra}`;
  const R122 = mod('1.22.0', '\nrequire example.com/x v1.0.0\n');
  return [
    { name: 'go.mod: the default is too old, the newest installed 1.22 patch runs', files: { 'go.mod': R122 }, installed: ['1.21.13', '1.22.3', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go.mod: the default runs when it satisfies the requirement', files: { 'go.mod': mod('1.21.0') }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.22', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go.mod: the lowest family with a release >= R', files: { 'go.mod': R122 }, installed: ['1.23.5', '1.24.1', '1.23.2'], expect: { version: '1.23.5', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go.mod: a default that is not installed is passed over', files: { 'go.mod': R122 }, installed: ['1.22.3'], defaultSpec: '1.24', expect: { version: '1.22.3', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go.mod: nothing installed satisfies it', files: { 'go.mod': R122 }, installed: ['1.21.13'], defaultSpec: '1.21.13', expect: { error: 'unsatisfied', install: '1.22' } },
    { name: 'go.mod: nothing installed at all', files: { 'go.mod': R122 }, installed: [], expect: { error: 'unsatisfied', install: '1.22' } },
    { name: 'go.mod 6 levels up', files: { 'go.mod': R122 }, cwd: 'a/b/c/d/e/f', installed: ['1.22.12'], defaultSpec: '1.22.12', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'the nearest go.mod is the module', files: { 'go.mod': mod('1.21.0'), 'sub/go.mod': mod('1.23.0') }, cwd: 'sub/pkg', installed: ['1.21.13', '1.23.5'], defaultSpec: '1.21', expect: { version: '1.23.5', origin: 'go.mod', file: 'sub/go.mod' } },
    { name: 'an explicit pin above wins over a nearer go.mod', files: { '.go-version': '1.21.13\n', 'a/go.mod': R122 }, cwd: 'a/b', installed: ['1.21.13', '1.22.12'], expect: { version: '1.21.13', origin: 'file', file: '.go-version' } },
    { name: 'a .tool-versions without go does not pin: go.mod decides', files: { '.tool-versions': 'nodejs 20.1.0\n', 'go.mod': R122 }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'GVX_GO_VERSION wins over go.mod', files: { 'go.mod': R122 }, env: { GVX_GO_VERSION: '1.21' }, installed: ['1.21.13', '1.22.12'], expect: { version: '1.21.13', origin: 'env' } },
    { name: 'toolchain line higher than go: R is the toolchain', files: { 'go.mod': mod('1.22.0', 'toolchain go1.22.12\n') }, installed: ['1.22.3', '1.22.12', '1.23.1'], defaultSpec: '1.22.3', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'toolchain line not installed: install it exactly', files: { 'go.mod': mod('1.22.0', 'toolchain go1.22.12\n') }, installed: ['1.22.3'], defaultSpec: '1.22.3', expect: { error: 'unsatisfied', install: '1.22.12' } },
    { name: 'toolchain line lower than go: R is the go line', files: { 'go.mod': mod('1.22.5', 'toolchain go1.22.1\n') }, installed: ['1.22.3'], expect: { error: 'unsatisfied', install: '1.22' } },
    { name: 'toolchain default counts as absent', files: { 'go.mod': mod('1.22.0', 'toolchain default\n') }, installed: ['1.22.3'], expect: { version: '1.22.3', origin: 'go.mod', file: 'go.mod' } },
    { name: 'toolchain with a +auto suffix', files: { 'go.mod': mod('1.22.0', 'toolchain go1.22.12+auto\n') }, installed: ['1.22.3'], expect: { error: 'unsatisfied', install: '1.22.12' } },
    { name: 'toolchain with a -custom suffix', files: { 'go.mod': mod('1.22.0', 'toolchain go1.22.4-custom\n') }, installed: ['1.22.3', '1.22.4'], expect: { version: '1.22.4', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a toolchain line alone sets R', files: { 'go.mod': 'module m\ntoolchain go1.22.12\n' }, installed: ['1.22.12', '1.23.1'], expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a stable R passes over pre-releases', files: { 'go.mod': mod('1.23.0') }, installed: ['1.23rc2', '1.24.1'], expect: { version: '1.24.1', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a stable R with only a pre-release installed', files: { 'go.mod': mod('1.23.0') }, installed: ['1.23rc2'], expect: { error: 'unsatisfied', install: '1.23' } },
    { name: 'a pre-release R takes pre-releases', files: { 'go.mod': mod('1.23rc1') }, installed: ['1.22.12', '1.23rc2'], expect: { version: '1.23rc2', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a pre-release R: the newest of its family', files: { 'go.mod': mod('1.23rc1') }, installed: ['1.23rc1', '1.23.0', '1.24rc1'], expect: { version: '1.23.0', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a pre-release R not installed: install it exactly', files: { 'go.mod': mod('1.23rc1') }, installed: ['1.22.12'], expect: { error: 'unsatisfied', install: '1.23rc1' } },
    { name: 'a language version (go 1.21) is below 1.21rc1 but stable', files: { 'go.mod': mod('1.21') }, installed: ['1.21rc2', '1.21.0'], expect: { version: '1.21.0', origin: 'go.mod', file: 'go.mod' } },
    { name: 'before 1.21, go 1.20 means the release 1.20', files: { 'go.mod': mod('1.20') }, installed: ['1.19.13', '1.20'], defaultSpec: '1.19', expect: { version: '1.20', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a pre-release default that satisfies R runs', files: { 'go.mod': R122 }, installed: ['1.22.12', '1.23rc1'], defaultSpec: '1.23rc1', expect: { version: '1.23rc1', origin: 'go.mod', file: 'go.mod' } },
    // The go command reads the go and toolchain lines anywhere (cmd/go gover.GoModLookup).
    { name: 'go after a require line is read', files: { 'go.mod': 'module m\n\nrequire x v1\n\ngo 1.23.0\n' }, installed: ['1.22.12', '1.23.5'], defaultSpec: '1.22', expect: { version: '1.23.5', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go after a require block is read', files: { 'go.mod': 'module m\nrequire(\n\tx v1\n)\ngo 1.23.0\n' }, installed: ['1.22.12', '1.23.5'], defaultSpec: '1.22', expect: { version: '1.23.5', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go after a replace block is read', files: { 'go.mod': 'module m\n\nreplace (\n\tx => ../x\n\ty v1 => y v2\n)\n\nexclude z v1\nretract v0.1.0 // oops\n\ngo 1.23.0\n' }, installed: ['1.22.12', '1.23.5'], defaultSpec: '1.22', expect: { version: '1.23.5', origin: 'go.mod', file: 'go.mod' } },
    { name: 'toolchain after require is read', files: { 'go.mod': 'module m\n\ngo 1.22.0\n\nrequire (\n\tx v1\n)\n\ntoolchain go1.23.5\n' }, installed: ['1.22.12', '1.23.2'], expect: { error: 'unsatisfied', install: '1.23.5' } },
    { name: 'a go line inside a block counts, as for the go command', files: { 'go.mod': 'module m\nrequire (\n\tgo 1.23.0\n)\n' }, installed: ['1.22.12', '1.23.5'], defaultSpec: '1.22', expect: { version: '1.23.5', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a real-shaped go.mod: go at line 189 after 180 requires', files: { 'go.mod': `module example.com/site\n\nrequire (\n${Array.from({ length: 180 }, (_, i) => `\tgithub.com/org${i}/lib${i} v0.${i}.1 // indirect\n`).join('')})\n\nreplace example.com/a => ./a\n\ngo 1.23.0\n` }, installed: ['1.22.12', '1.23.5'], defaultSpec: '1.22', expect: { version: '1.23.5', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a 30 KB go.mod with go at the end', files: { 'go.mod': `module m\n\nrequire (\n${Array.from({ length: 800 }, (_, i) => `\texample.com/dependency/${String(i).padStart(5, '0')} v1.2.3\n`).join('')})\n\ngo 1.23.0\n` }, installed: ['1.22.12', '1.23.5'], defaultSpec: '1.22', expect: { version: '1.23.5', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go alone is not a go line: the next one is', files: { 'go.mod': 'module m\ngo\ngo//1.99\ngo\v1.99.0\ngolang 1.99\n  go 1.23.0  \n' }, installed: ['1.22.12', '1.23.5'], defaultSpec: '1.22', expect: { version: '1.23.5', origin: 'go.mod', file: 'go.mod' } },
    { name: 'comments are cut: a commented go line is not read', files: { 'go.mod': 'module m // go 1.99.0\n// go 1.99.0\ngo 1.22.0 // the minimum\n' }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'CRLF go.mod', files: { 'go.mod': 'module m\r\n\r\ngo 1.22.0\r\n' }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'the first go line counts, even when it is not a version', files: { 'go.mod': 'module m\ngo 1.22.x\ngo 1.22.0\ngo 1.23.0\n' }, installed: ['1.21.13', '1.22.12', '1.23.5'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'the first go line counts: later ones are not read', files: { 'go.mod': 'module m\ngo 1.22.0\nrequire x v1\ngo 1.23.0\n' }, installed: ['1.22.12', '1.23.5'], expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'the first toolchain line counts, even when it is default', files: { 'go.mod': 'module m\ngo 1.22.0\ntoolchain default\ntoolchain go1.23.5\n' }, installed: ['1.22.12', '1.23.5'], expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a go.mod without a go line: the default', files: { 'go.mod': 'module m\n' }, installed: ['1.21.13'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'a go.mod without a go line and no default: nothing', files: { 'go.mod': 'module m\n' }, installed: ['1.21.13'], expect: { error: 'none' } },
    { name: 'go.mod: shell syntax in the go line is data', files: { 'go.mod': 'module m\ngo $(touch MARKER)\ngo `touch MARKER`\ngo 1.22.0;touch${IFS}MARKER\n' }, installed: ['1.21.13'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: a 10-digit number is not a version', files: { 'go.mod': mod('1.1234567890') }, installed: ['1.21.13'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: a leading zero is not a version', files: { 'go.mod': mod('1.022.0') }, installed: ['1.21.13'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: an em space before go is not a blank, in a UTF-8 locale', files: { 'go.mod': 'module m\n\u2003go 1.22.0\n' }, env: { LC_ALL: 'C.UTF-8' }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: an em space after go is not a blank, in a UTF-8 locale', files: { 'go.mod': 'module m\ngo\u20031.22.0\n' }, env: { LANG: 'C.UTF-8' }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: a NUL is a byte like any other (not dropped)', files: { 'go.mod': Buffer.from('module m\ngo 1.22.\u00000\n') }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: NUL padding before the go line', files: { 'go.mod': Buffer.concat([Buffer.from('module m\n'), Buffer.alloc(30000), Buffer.from('\ngo 1.22.0\n')]) }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go.mod: 1 MB of NULs before the go line (past the budget)', files: { 'go.mod': Buffer.concat([Buffer.from('module m\n'), Buffer.alloc(1 << 20), Buffer.from('\ngo 1.22.0\n')]) }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: a go line past 64 KiB is not read', files: { 'go.mod': `module m\n// ${'x'.repeat(65536)}\ngo 1.22.0\n` }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: a go line whose newline is the 65536th byte is read', files: { 'go.mod': `module m\n// ${'x'.repeat(65536 - 23)}\ngo 1.22.0\n${'y'.repeat(100)}` }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go.mod: a go line whose newline is the 65537th byte is not read', files: { 'go.mod': `module m\n// ${'x'.repeat(65536 - 22)}\ngo 1.22.0\n${'y'.repeat(100)}` }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: a file of exactly 64 KiB ending in the go line without a newline is read', files: { 'go.mod': `module m\n// ${'x'.repeat(65536 - 22)}\ngo 1.22.0` }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go.mod: a 1 MB single line', files: { 'go.mod': `module ${'m'.repeat(1 << 20)}\ngo 1.22.0\n` }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.21.13', origin: 'default' } },
    { name: 'go.mod: a 16 MB single line after the go line', files: { 'go.mod': `module m\ngo 1.22.0\n// ${'m'.repeat(16 << 20)}\n` }, installed: ['1.21.13', '1.22.12'], defaultSpec: '1.21', expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go.mod: 600 requires before the go line', files: { 'go.mod': `module m\n\nrequire (\n${Array.from({ length: 600 }, (_, i) => `\texample.com/dep${i} v1.0.${i}\n`).join('')})\n\ngo 1.22.0\n` }, cwd: 'a/b/c/d/e/f', installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'go.mod: 600 requires after the go line', files: { 'go.mod': mod('1.22.0', `require (\n${Array.from({ length: 600 }, (_, i) => `\texample.com/dep${i} v1.0.${i}\n`).join('')})\n`) }, cwd: 'a/b/c/d/e/f', installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'a go.mod directory is not a file: the outer go.mod', files: { 'go.mod': R122, 'sub/go.mod/keep': '' }, cwd: 'sub', installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' } },
    { name: 'an invalid default is an error in a module too', files: { 'go.mod': R122 }, installed: ['1.22.12'], defaultFile: 'banana\n', message: '<home>/default: "banana" is not a valid Go version', expect: { error: 'invalid' } },
    { name: 'go.work wins over go.mod', files: { 'go.work': 'go 1.23.0\n\nuse ./mod\n', 'mod/go.mod': R122 }, cwd: 'mod', installed: ['1.22.12', '1.23.5'], expect: { version: '1.23.5', origin: 'go.work', file: 'go.work' } },
    { name: 'go.work with use first: its go line counts', files: { 'go.work': 'use ./mod\ngo 1.23.0\n', 'mod/go.mod': R122 }, cwd: 'mod', installed: ['1.22.12', '1.23.5'], defaultSpec: '1.22', expect: { version: '1.23.5', origin: 'go.work', file: 'go.work' } },
    { name: 'go.work with a use block first', files: { 'go.work': 'use (\n\t./mod\n\t./other\n)\n\ngo 1.23.0\n', 'mod/go.mod': R122 }, cwd: 'mod', installed: ['1.22.12', '1.23.5'], expect: { version: '1.23.5', origin: 'go.work', file: 'go.work' } },
    { name: 'go.work with a toolchain line', files: { 'go.work': 'go 1.22.0\ntoolchain go1.23.5\n', 'mod/go.mod': R122 }, cwd: 'mod', installed: ['1.22.12', '1.23.2'], expect: { error: 'unsatisfied', install: '1.23.5' } },
    { name: 'GOWORK=auto: the go.work decides (auto is the default)', files: { 'go.work': 'go 1.23.0\n', 'mod/go.mod': R122 }, cwd: 'mod', env: { GOWORK: 'auto' }, installed: ['1.22.12', '1.23.5'], expect: { version: '1.23.5', origin: 'go.work', file: 'go.work' } },
    { name: 'GOWORK=off: go.mod decides', files: { 'go.work': 'go 1.23.0\n', 'mod/go.mod': R122 }, cwd: 'mod', env: { GOWORK: 'off' }, installed: ['1.22.12', '1.23.5'], expect: { version: '1.22.12', origin: 'go.mod', file: 'mod/go.mod' } },
    { name: 'a relative GOWORK names no go.work', files: { 'go.work': 'go 1.23.0\n', 'mod/go.mod': R122 }, cwd: 'mod', env: { GOWORK: 'go.work' }, installed: ['1.22.12', '1.23.5'], expect: { version: '1.22.12', origin: 'go.mod', file: 'mod/go.mod' } },
    { name: 'an absolute GOWORK that is not a file: go.mod decides', files: { 'go.work': 'go 1.23.0\n', 'mod/go.mod': R122 }, cwd: 'mod', env: { GOWORK: '/nonexistent/go.work' }, installed: ['1.22.12', '1.23.5'], expect: { version: '1.22.12', origin: 'go.mod', file: 'mod/go.mod' } },
  ];
}

// Hostile trees a cloned repository can hold, and cwds a shell can be left in.
/**
 * A go.work (go 1.23.0) above mod/go.mod (go 1.22.0), resolved in mod with GOENV naming a go env
 * file of `goEnv`: which file decides. (Special only for <project> in the environment.)
 */
function goEnvFileCase(name: string, goEnv: string, env: Record<string, string>, decides: 'go.mod' | 'go.work'): SpecialCase {
  return {
    name,
    files: { 'go.work': 'go 1.23.0\n', 'mod/go.mod': 'module m\ngo 1.22.0\n', 'go.env': goEnv },
    cwd: 'mod',
    env: { GOENV: '<project>/go.env', ...env },
    prepare: () => {},
    installed: ['1.22.12', '1.23.5'],
    expect: decides === 'go.mod' ? { version: '1.22.12', origin: 'go.mod', file: 'mod/go.mod' } : { version: '1.23.5', origin: 'go.work', file: 'go.work' },
  };
}

export const SPECIAL_CASES: readonly SpecialCase[] = [
  {
    name: 'a symlinked directory: the logical cwd ($PWD) decides, as in the shell',
    files: { 'physical/.go-version': '1.22.12\n', 'physical/proj/keep': '', 'logical/.go-version': '1.21.13\n' },
    cwd: 'physical/proj',
    logicalCwd: 'project/logical/proj',
    prepare: ({ project }) => symlinkSync(join(project, 'physical/proj'), join(project, 'logical/proj')),
    installed: ['1.21.13', '1.22.12'],
    expect: { version: '1.21.13', origin: 'file', file: 'logical/.go-version' },
  },
  {
    name: 'a stale PWD that names another directory is not used',
    files: { '.go-version': '1.22.12\n', 'other/.go-version': '1.21.13\n' },
    logicalCwd: 'project/other',
    prepare: () => {},
    installed: ['1.21.13', '1.22.12'],
    expect: { version: '1.22.12', origin: 'file', file: '.go-version' },
    // (the shells recompute PWD at start-up; the hooks' own PWD is always right)
  },
  {
    name: 'a FIFO .go-version is skipped, never opened for a blocking read',
    prepare: ({ cwd }) => makeFifo(join(cwd, '.go-version')),
    installed: ['1.22.12'],
    defaultSpec: '1.22.12',
    expect: { version: '1.22.12', origin: 'default' },
  },
  {
    name: 'a .go-version symlinked to /dev/zero is skipped',
    prepare: ({ cwd }) => symlinkSync('/dev/zero', join(cwd, '.go-version')),
    installed: ['1.22.12'],
    defaultSpec: '1.22.12',
    expect: { version: '1.22.12', origin: 'default' },
  },
  {
    name: 'a .go-version symlinked to /dev/urandom is skipped',
    prepare: ({ cwd }) => symlinkSync('/dev/urandom', join(cwd, '.go-version')),
    installed: ['1.22.12'],
    defaultSpec: '1.22.12',
    expect: { version: '1.22.12', origin: 'default' },
  },
  {
    name: 'a .go-version symlinked to /dev/stdin is skipped',
    files: { '.tool-versions': 'golang 1.21.13\n' },
    prepare: ({ cwd }) => symlinkSync('/dev/stdin', join(cwd, '.go-version')),
    installed: ['1.21.13', '1.22.12'],
    expect: { version: '1.21.13', origin: 'file', file: '.tool-versions' },
  },
  {
    name: 'a self-looping .go-version symlink is skipped',
    prepare: ({ cwd }) => symlinkSync('.go-version', join(cwd, '.go-version')),
    installed: ['1.22.12'],
    defaultSpec: '1.22.12',
    expect: { version: '1.22.12', origin: 'default' },
  },
  {
    name: 'a .go-version symlinked to a secret: refused, and the secret is never printed',
    files: { 'secret.env': 'SECRET_TOKEN=hunter2-abc\n' },
    prepare: ({ cwd, project }) => symlinkSync(join(project, 'secret.env'), join(cwd, '.go-version')),
    cwd: 'app',
    secret: 'hunter2',
    installed: ['1.22.12'],
    message: '<cwd>/.go-version: not a valid Go version',
    expect: { error: 'invalid' },
  },
  {
    name: 'message: a symlinked .go-version is never quoted, even with a safe value',
    files: { 'shared/go-version': '1.22.x-hunter2\n' },
    prepare: ({ cwd, project }) => symlinkSync(join(project, 'shared/go-version'), join(cwd, '.go-version')),
    cwd: 'app',
    secret: 'hunter2',
    installed: ['1.22.12'],
    message: '<cwd>/.go-version: not a valid Go version',
    expect: { error: 'invalid' },
  },
  {
    name: 'message: a symlinked .tool-versions is never quoted',
    files: { 'shared/tool-versions': 'golang hunter2\n' },
    prepare: ({ cwd, project }) => symlinkSync(join(project, 'shared/tool-versions'), join(cwd, '.tool-versions')),
    cwd: 'app',
    secret: 'hunter2',
    installed: ['1.22.12'],
    message: '<cwd>/.tool-versions: not a valid Go version',
    expect: { error: 'invalid' },
  },
  {
    name: 'message: a symlinked global default is never quoted',
    files: { 'shared/default': 'hunter2\n' },
    prepare: ({ base, project }) => symlinkSync(join(project, 'shared/default'), join(base, 'home', 'default')),
    secret: 'hunter2',
    installed: ['1.22.12'],
    message: '<home>/default: not a valid Go version',
    expect: { error: 'invalid' },
  },
  {
    name: 'a .go-version symlinked to a regular file with a version is used',
    files: { 'shared/go-version': '1.21.13\n' },
    prepare: ({ cwd, project }) => symlinkSync(join(project, 'shared/go-version'), join(cwd, '.go-version')),
    cwd: 'app',
    installed: ['1.21.13', '1.22.12'],
    expect: { version: '1.21.13', origin: 'file', file: 'app/.go-version' },
  },
  {
    name: 'a deleted cwd is an error at once, not an endless walk',
    files: { '.go-version': '1.22.12\n' },
    cwd: 'gone',
    prepare: () => {},
    deleteCwd: true,
    installed: ['1.22.12'],
    expect: { error: 'no-cwd' },
  },
  {
    name: 'a deleted cwd with GVX_GO_VERSION set still resolves',
    cwd: 'gone',
    prepare: () => {},
    deleteCwd: true,
    env: { GVX_GO_VERSION: '1.22' },
    installed: ['1.22.12'],
    expect: { version: '1.22.12', origin: 'env' },
  },
  {
    name: 'an unreadable .go-version is an error naming it (not walked past)',
    files: { '.go-version': '1.21.13\n', 'app/.go-version': '1.22.12\n' },
    cwd: 'app',
    prepare: ({ cwd }) => chmodSync(join(cwd, '.go-version'), 0o000),
    unprivileged: true,
    installed: ['1.21.13', '1.22.12'],
    message: '<cwd>/.go-version: cannot read it (permission denied)',
    expect: { error: 'invalid' },
  },
  {
    name: 'a directory above the cwd that cannot be searched: the cwd cannot be reached',
    files: { '.go-version': '1.21.13\n', 'locked/app/keep': '' },
    cwd: 'locked/app',
    prepare: ({ project }) => chmodSync(join(project, 'locked'), 0o000),
    unprivileged: true,
    installed: ['1.21.13'],
    expect: { error: 'no-cwd' },
  },
  {
    name: 'a directory that may be searched but not listed is walked through',
    files: { '.go-version': '1.21.13\n', 'unlisted/app/keep': '' },
    cwd: 'unlisted/app',
    prepare: ({ project }) => chmodSync(join(project, 'unlisted'), 0o111),
    unprivileged: true,
    installed: ['1.21.13'],
    expect: { version: '1.21.13', origin: 'file', file: '.go-version' },
  },
  // Sparse files: 64 GiB of NULs that take no disk. A resolver that read on would hang here.
  {
    name: 'a sparse 64 GiB .go-version is refused after its first 1 MiB',
    files: { '.go-version': '' },
    prepare: ({ cwd }) => truncateSync(join(cwd, '.go-version'), 64 * 2 ** 30),
    installed: ['1.22.12'],
    defaultSpec: '1.22.12',
    message: '<cwd>/.go-version: not a valid Go version file (larger than 4096 bytes)',
    expect: { error: 'invalid' },
  },
  {
    name: 'a .tool-versions golang line before a 64 GiB hole is read',
    files: { '.tool-versions': 'golang 1.22.12\n' },
    prepare: ({ cwd }) => truncateSync(join(cwd, '.tool-versions'), 64 * 2 ** 30),
    installed: ['1.22.12'],
    expect: { version: '1.22.12', origin: 'file', file: '.tool-versions' },
  },
  // GOWORK as the go command reads it: the environment, else the go env file (go env -w).
  goEnvFileCase('GOWORK=off in the go env file: go.mod decides', 'GOPRIVATE=example.com\nGOWORK=off\n', {}, 'go.mod'),
  goEnvFileCase("the environment's GOWORK=auto wins over the go env file's off", 'GOWORK=off\n', { GOWORK: 'auto' }, 'go.work'),
  goEnvFileCase('the last GOWORK line of the go env file wins (empty: unset)', 'GOWORK=off\nGOWORK=\n', {}, 'go.work'),
  {
    name: 'an absolute GOWORK names the go.work, wherever it is',
    files: { 'elsewhere/go.work': 'go 1.23.0\n', 'mod/go.mod': 'module m\ngo 1.22.0\n' },
    cwd: 'mod',
    env: { GOWORK: '<project>/elsewhere/go.work' },
    prepare: () => {},
    installed: ['1.22.12', '1.23.5'],
    expect: { version: '1.23.5', origin: 'go.work', file: 'elsewhere/go.work' },
  },
  {
    name: 'a FIFO go.mod is skipped: the outer go.mod',
    files: { 'go.mod': 'module m\ngo 1.22.0\n' },
    cwd: 'sub',
    prepare: ({ cwd }) => makeFifo(join(cwd, 'go.mod')),
    installed: ['1.22.12'],
    expect: { version: '1.22.12', origin: 'go.mod', file: 'go.mod' },
  },
  {
    name: 'a go.mod symlinked to /dev/zero is skipped',
    cwd: 'sub',
    prepare: ({ cwd }) => symlinkSync('/dev/zero', join(cwd, 'go.mod')),
    installed: ['1.22.12'],
    defaultSpec: '1.22.12',
    expect: { version: '1.22.12', origin: 'default' },
  },
  {
    name: 'a go.mod symlinked to a secret: its content is never printed',
    files: { 'secret.env': 'go 1.22.0 hunter2-abc\ntoolchain hunter2\n' },
    cwd: 'app',
    prepare: ({ cwd, project }) => symlinkSync(join(project, 'secret.env'), join(cwd, 'go.mod')),
    secret: 'hunter2',
    installed: ['1.22.12'],
    defaultSpec: '1.22.12',
    expect: { version: '1.22.12', origin: 'default' },
  },
  {
    name: 'an unreadable go.mod is an error naming it',
    files: { 'go.mod': 'module m\ngo 1.22.0\n' },
    prepare: ({ cwd }) => chmodSync(join(cwd, 'go.mod'), 0o000),
    unprivileged: true,
    installed: ['1.22.12'],
    defaultSpec: '1.22.12',
    expect: { error: 'invalid' },
  },
];

