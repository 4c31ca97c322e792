// One table of selection cases, run through both resolvers (issue 3: "one source of truth"):
// the TypeScript API (lib/select) and the real POSIX shim executing a real `go version`.
// A case is a directory tree, an environment, installed versions and a default, and the
// expected answer: a version with its origin, or one of the errors.

export interface ResolutionCase {
  readonly name: string;
  /** Files to create, relative to the case's project root. */
  readonly files?: Readonly<Record<string, string | Buffer>>;
  /** Directory (relative to the project root) the resolution runs in. */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly installed: readonly string[];
  readonly defaultSpec?: string;
  readonly expect:
    | { readonly version: string; readonly origin: 'env' | 'file' | 'default'; readonly file?: string }
    | { readonly error: 'invalid' | 'not-installed' | 'none' };
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
];
