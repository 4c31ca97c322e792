// One table of selection cases: the contract every resolver follows. resolvers.test.ts runs
// each case through all of them (the CLI, the sh shim, the bash, zsh and fish hooks);
// resolution.test.ts runs the plain ones through the TypeScript API and the shim with real Go.
// A case is a directory tree, an environment, installed versions and a default, and the
// expected answer: a version with its origin, or one of the errors.

import { spawnSync } from 'node:child_process';
import { chmodSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

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
  readonly expect:
    | { readonly version: string; readonly origin: 'env' | 'file' | 'default'; readonly file?: string }
    | { readonly error: ResolutionError };
}

/**
 * invalid: a file or GVX_GO_VERSION that is not a usable spec; no-cwd: the cwd is gone;
 * bad-home: GVX_HOME is relative or holds a ':'.
 */
export type ResolutionError = 'invalid' | 'not-installed' | 'none' | 'no-cwd' | 'bad-home';

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
  { name: 'invalid env', env: { GVX_GO_VERSION: '$(touch MARKER)' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'command substitution', files: { '.go-version': '$(touch MARKER)\n' }, installed: ['1.22.12'], defaultSpec: '1.22.12', expect: { error: 'invalid' } },
  { name: 'backticks', files: { '.go-version': '`touch MARKER`\n' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'semicolon', files: { '.go-version': '1.22.12; touch MARKER\n' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'and-and', files: { '.go-version': '1.22.12 && touch MARKER\n' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'path traversal', files: { '.go-version': '../../bin\n' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'a version dir name with a slash', files: { '.go-version': '1.22.12/../1.21.13\n' }, installed: ['1.21.13', '1.22.12'], expect: { error: 'invalid' } },
  { name: 'two versions on two lines', files: { '.go-version': '1.22.12\n1.21.13\n' }, installed: ['1.21.13', '1.22.12'], expect: { error: 'invalid' } },
  { name: 'empty file', files: { '.go-version': '' }, installed: ['1.22.12'], defaultSpec: '1.22.12', expect: { error: 'invalid' } },
  { name: 'a 1 MB line', files: { '.go-version': `${'1'.repeat(1 << 20)}\n` }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'binary bytes', files: { '.go-version': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0xff, 0xfe, 0x0a, 0x1b, 0x5b, 0x33, 0x31, 0x6d]) }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'quotes', files: { '.go-version': '"1.22.12"\n' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'NUL bytes are dropped like the shell read does', files: { '.go-version': Buffer.from('1.22.\u000012\n') }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'asdf ref: in .tool-versions', files: { '.tool-versions': 'golang ref:abc123\n' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'a .go-version directory is not a file', files: { '.go-version/keep': '' }, installed: ['1.22.12'], defaultSpec: '1.22.12', expect: { version: '1.22.12', origin: 'default' } },
  // The global default file has the .go-version format, in every resolver.
  { name: 'a default holding only a newline is an error', installed: ['1.22.12'], defaultFile: '\n', expect: { error: 'invalid' } },
  { name: 'a default with two lines is an error', installed: ['1.21.13', '1.22.12'], defaultFile: '1.22.12\n1.21.13\n', expect: { error: 'invalid' } },
  { name: 'a default with a comment', installed: ['1.21.13', '1.22.12'], defaultFile: '# set by hand\n1.21\n', expect: { version: '1.21.13', origin: 'default' } },
  { name: 'a default without a newline, CRLF and blanks', installed: ['1.22.12'], defaultFile: ' go1.22.12 \r', expect: { version: '1.22.12', origin: 'default' } },
  // Bytes, not characters, whatever the locale: U+2003 (EM SPACE) is not a blank.
  { name: 'an em space before the version, in a UTF-8 locale', files: { '.go-version': '\u20031.22.12\n' }, env: { LC_ALL: 'C.UTF-8' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'an em space after the version, in a UTF-8 locale', files: { '.go-version': '1.22.12\u2003\n' }, env: { LANG: 'C.UTF-8' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'a UTF-8 comment is fine in a UTF-8 locale', files: { '.go-version': '# épinglé\n1.22.12\n' }, env: { LC_ALL: 'C.UTF-8' }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'the byte budget counts bytes in a UTF-8 locale', files: { '.go-version': `1.22.12 # ${'é'.repeat(2100)}\n` }, env: { LC_ALL: 'C.UTF-8' }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  // The byte budget: a version file is read up to 4096 bytes, NULs not counted.
  { name: 'a 4096-byte file is read', files: { '.go-version': `1.22.12 #${'x'.repeat(4096 - 10)}\n` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'a 4097-byte file is refused', files: { '.go-version': `1.22.12 #${'x'.repeat(4096 - 9)}\n` }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'a 4096-byte file without a newline is read', files: { '.go-version': `1.22.12 #${'x'.repeat(4096 - 9)}` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'a million blank lines, then a version', files: { '.go-version': `${'\n'.repeat(1_000_000)}1.21.13\n` }, installed: ['1.21.13'], expect: { error: 'invalid' } },
  { name: 'a 5 MB file of blank lines and spaces', files: { '.go-version': ` \n`.repeat(2_500_000) }, installed: ['1.21.13'], defaultSpec: '1.21.13', expect: { error: 'invalid' } },
  { name: 'NULs do not count against the budget', files: { '.go-version': Buffer.concat([Buffer.alloc(6000), Buffer.from('1.22.12\n')]) }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: 'a version padded past 4096 bytes is refused', files: { '.go-version': `1.22.12${' '.repeat(5000)}\n` }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  { name: 'a 4000-character comment is fine', files: { '.go-version': `1.22.12 #${'x'.repeat(4000)}\n` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.go-version' } },
  { name: '.tool-versions: what follows the golang line is not read', files: { '.tool-versions': `golang 1.22.12\nnodejs ${'1'.repeat(5000)}\n` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'file', file: '.tool-versions' } },
  { name: '.tool-versions: a golang line past 4096 bytes is refused', files: { '.tool-versions': `nodejs ${'1'.repeat(5000)}\ngolang 1.22.12\n` }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  // GVX_GO_VERSION is bounded before it is trimmed.
  { name: 'a 100 KB GVX_GO_VERSION', env: { GVX_GO_VERSION: '1'.repeat(100_000) }, installed: ['1.22.12'], defaultSpec: '1.22.12', expect: { error: 'invalid' } },
  { name: 'GVX_GO_VERSION padded past 256 bytes', env: { GVX_GO_VERSION: `${' '.repeat(300)}1.22.12` }, installed: ['1.22.12'], expect: { error: 'invalid' } },
  // GVX_HOME goes into PATH: a relative one would let a repository plant relhome/shims/go.
  { name: 'a relative GVX_HOME is refused', files: { '.go-version': '1.22.12\n', 'relhome/versions/1.22.12/bin/go': '' }, env: { GVX_HOME: 'relhome' }, installed: ['1.22.12'], expect: { error: 'bad-home' } },
  { name: "a GVX_HOME with a ':' is refused", files: { '.go-version': '1.22.12\n' }, env: { GVX_HOME: '/tmp/a:b' }, installed: ['1.22.12'], expect: { error: 'bad-home' } },
  { name: 'GVX_GO_VERSION with blanks within 256 bytes', env: { GVX_GO_VERSION: ` \t1.22.12${' '.repeat(200)}` }, installed: ['1.22.12'], expect: { version: '1.22.12', origin: 'env' } },
];

// Hostile trees a cloned repository can hold, and cwds a shell can be left in.
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
    prepare: ({ cwd }) => mkfifo(join(cwd, '.go-version')),
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
];

function mkfifo(path: string): void {
  const result = spawnSync('mkfifo', [path]);
  if (result.status !== 0) throw new Error(`mkfifo ${path} failed: ${result.stderr}`);
}
