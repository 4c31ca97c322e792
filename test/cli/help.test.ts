// Help and command-line mistakes, through the built CLI: `gvx help <command>`, the version
// spellings, "did you mean" for a mistyped command or option, and parseArgs errors told in
// gvx's words followed by the command's usage (exit 2).

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editDistance, nearestNames } from '../../lib/cli/nearest-names.js';
import { REPO_ROOT, type Sandbox, makeSandbox } from '../helpers/env.js';

const INSTALL_USAGE = [
  'usage: gvx install [SPEC...] [--source go.dev|goproxy] [--allow-unlisted] [--force] [--quiet] [--json]',
  '       gvx install --archive FILE [--sha256 HEX | --no-verify] [--force]',
].join('\n');

describe('gvx help and command-line errors', function () {
  this.timeout(60_000);
  let sandbox: Sandbox;
  before(async () => {
    sandbox = await makeSandbox();
  });
  after(() => sandbox?.cleanup());

  it('gvx help install prints exactly what gvx install --help prints; an alias works too', async () => {
    const viaHelp = await sandbox.runGvx(['help', 'install']);
    const viaFlag = await sandbox.runGvx(['install', '--help']);
    assert.equal(viaHelp.code, 0, viaHelp.stderr);
    assert.equal(viaHelp.stdout, viaFlag.stdout);
    assert.ok(viaHelp.stdout.startsWith(`${INSTALL_USAGE}\n\ninstall Go releases`), viaHelp.stdout);
    assert.equal(viaHelp.stderr, '');
    assert.equal((await sandbox.runGvx(['help', 'list'])).stdout, (await sandbox.runGvx(['ls', '--help'])).stdout);
  });

  it('gvx help bogus is an unknown command (exit 2); gvx help alone is the general help', async () => {
    const bogus = await sandbox.runGvx(['help', 'bogus']);
    assert.equal(bogus.code, 2);
    assert.equal(bogus.stdout, '');
    assert.equal(bogus.stderr, 'gvx: error: unknown command "bogus"\nhint: gvx --help lists the commands\n');
    const general = await sandbox.runGvx(['help']);
    assert.equal(general.code, 0);
    assert.equal(general.stdout, (await sandbox.runGvx(['--help'])).stdout);
  });

  it('the general help lists --version and help <command>', async () => {
    const help = await sandbox.runGvx(['--help']);
    assert.match(help.stdout, /^ +gvx --version +\S/m);
    assert.match(help.stdout, /^ +gvx help <command> +\S/m);
    // completions.e2e.test.ts reads the command list as the lines "  <name> …": these are not in it.
    const listed = [...help.stdout.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]);
    assert.ok(!listed.includes('help') && !listed.includes('gvx'), listed.join(' '));
  });

  it('version, -v, --version and -V all print the version', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    for (const spelling of ['version', '-v', '--version', '-V']) {
      const result = await sandbox.runGvx([spelling]);
      assert.equal(result.code, 0, spelling);
      assert.equal(result.stdout, `${version}\n`, spelling);
      assert.equal(result.stderr, '', spelling);
    }
  });

  it('a mistyped command suggests the nearest ones (exit 2); nothing close keeps the --help hint', async () => {
    const typo = await sandbox.runGvx(['isntall', '1.22']);
    assert.equal(typo.code, 2);
    assert.equal(typo.stderr, 'gvx: error: unknown command "isntall"\nhint: did you mean "install"?\n');
    assert.match((await sandbox.runGvx(['unistall'])).stderr, /^hint: did you mean "uninstall"\?$/m);
    assert.match((await sandbox.runGvx(['ls-'])).stderr, /^hint: did you mean "ls-remote" or "ls"\?$/m);
    assert.match((await sandbox.runGvx(['verison'])).stderr, /^hint: did you mean "version"\?$/m);
    const far = await sandbox.runGvx(['zzzz']);
    assert.equal(far.code, 2);
    assert.equal(far.stderr, 'gvx: error: unknown command "zzzz"\nhint: gvx --help lists the commands\n');
    const inherited = await sandbox.runGvx(['toString']);
    assert.equal(inherited.code, 2, 'a name on Object.prototype is no command');
    assert.match(inherited.stderr, /^gvx: error: unknown command "toString"$/m);
  });

  it('an unknown option names the flag and prints the usage (exit 2), long or short', async () => {
    const long = await sandbox.runGvx(['install', '--bogus']);
    assert.equal(long.code, 2);
    assert.equal(long.stdout, '');
    assert.equal(long.stderr, `gvx: error: install: unknown option "--bogus"\n${INSTALL_USAGE}\n`);
    const short = await sandbox.runGvx(['install', '-x']);
    assert.equal(short.code, 2);
    assert.equal(short.stderr, `gvx: error: install: unknown option "-x"\n${INSTALL_USAGE}\n`);
    const grouped = await sandbox.runGvx(['install', '-fx']);
    assert.match(grouped.stderr, /^gvx: error: install: unknown option "-x" \(in "-fx"\)$/m);
    const near = await sandbox.runGvx(['install', '--forc']);
    assert.equal(near.stderr, `gvx: error: install: unknown option "--forc"\nhint: did you mean "--force"?\n${INSTALL_USAGE}\n`);
    for (const result of [long, short, grouped, near]) assert.doesNotMatch(result.stderr, /Unknown option|To specify a positional|^\s+at /m);
  });

  it('a missing or unwanted option value is said plainly, with the usage (exit 2)', async () => {
    const missing = await sandbox.runGvx(['install', '--archive', 'x.tar.gz', '--sha256']);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, `gvx: error: install: option "--sha256" needs a value\n${INSTALL_USAGE}\n`);
    const swallowed = await sandbox.runGvx(['install', '--sha256', '--force']);
    assert.equal(swallowed.code, 2);
    assert.match(swallowed.stderr, /^gvx: error: install: option "--sha256" needs a value, and "--force" looks like another option\nhint: give --sha256 its value \(one that starts with "-" is written --sha256=--force\)\nusage: gvx install /);
    const unwanted = await sandbox.runGvx(['install', '--force=yes']);
    assert.equal(unwanted.code, 2);
    assert.equal(unwanted.stderr, `gvx: error: install: option "--force" takes no value (got "--force=yes")\n${INSTALL_USAGE}\n`);
  });

  it('an extra argument prints the usage of that command, every line of it', async () => {
    const result = await sandbox.runGvx(['shell', '1.22', '1.23']);
    assert.equal(result.code, 2);
    assert.equal(
      result.stderr,
      [
        'gvx: error: shell: unexpected argument "1.23"',
        'usage: gvx shell SPEC [--install]    select SPEC in this shell (installed already, or --install / GVX_AUTO_INSTALL=1)',
        '       gvx shell --unset             back to .go-version / the default',
        "       gvx shell                     show this shell's selection",
        '',
      ].join('\n'),
    );
  });

  it('errors a command raises itself show no usage: only parse errors do', async () => {
    const result = await sandbox.runGvx(['uninstall']);
    assert.equal(result.code, 2);
    assert.equal(result.stderr, 'gvx: error: uninstall: which version?\nhint: gvx ls lists them; gvx uninstall 1.21.13\n');
  });
});

describe('nearest names', () => {
  it('counts an adjacent swap as one edit', () => {
    assert.equal(editDistance('isntall', 'install'), 1);
    assert.equal(editDistance('install', 'install'), 0);
    assert.equal(editDistance('', 'ls'), 2);
    assert.equal(editDistance('kitten', 'sitting'), 3);
  });

  it('names that begin with what was typed first, then the closest tier; below six letters one edit only', () => {
    const names = ['install', 'uninstall', 'ls', 'list', 'ls-remote', 'use', 'which'];
    assert.deepEqual(nearestNames('unistall', names), ['uninstall']);
    assert.deepEqual(nearestNames('lst', names), ['ls', 'list']);
    assert.deepEqual(nearestNames('ab', names), []);
    assert.deepEqual(nearestNames('inst', names), ['install']);
    assert.deepEqual(nearestNames('ls-', names), ['ls-remote', 'ls']);
    assert.deepEqual(nearestNames('lsit', names), ['list']);
  });
});
