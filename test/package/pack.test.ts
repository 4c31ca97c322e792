// The npm package as a user gets it: `npm pack` of this checkout (its prepack builds the
// bundle), then `npm install -g` of the tarball with an empty cache and --offline, so any
// dependency to fetch or install script to run would show; then the installed gvx installs a
// Go from the synthetic mirror, and its env file and go shim work from that install.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { build } from 'esbuild';
import { fakeToolchain } from '../helpers/archives.js';
import { REPO_ROOT, type RunResult, type Sandbox, makeSandbox, runProcess } from '../helpers/env.js';
import { type Mirror, startMirrorWithIndex } from '../helpers/mirror.js';

const VERSION = '1.22.5';

/** Every file under dir, relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

/** What npm pack needs to build and pack gvx, copied from the checkout (node_modules linked). */
const PACKAGE_SOURCES = ['package.json', 'README.md', 'tsconfig.json', 'tsconfig.build.json', 'bin', 'lib', 'shims', 'scripts'];

async function copySources(dest: string): Promise<void> {
  await mkdir(dest);
  for (const entry of PACKAGE_SOURCES) await cp(join(REPO_ROOT, entry), join(dest, entry), { recursive: true });
  await symlink(join(REPO_ROOT, 'node_modules'), join(dest, 'node_modules'));
}

function succeeded(result: RunResult, what: string): RunResult {
  assert.equal(result.code, 0, `${what} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`);
  return result;
}

describe('the npm package: packed, installed offline, run', function () {
  let sandbox: Sandbox;
  let mirror: Mirror;
  let unpacked: string;
  /** The copy of the sources npm pack ran in. */
  let source: string;
  let prefix: string;
  let installOutput: string;
  /** The installed package's root, as `npm install -g --prefix` lays it out. */
  let installedRoot: string;

  before(async function () {
    this.timeout(120_000);
    sandbox = await makeSandbox();
    sandbox.env.npm_config_update_notifier = 'false'; // else npm may print an upgrade notice
    const packDir = join(sandbox.root, 'pack');
    await mkdir(packDir);
    // npm pack runs prepack (npm run build: the type-check and the bundle). It runs in a copy of
    // the sources, not in the checkout: rebuilding the checkout's dist/bundle would rewrite the
    // files other tests' gvx processes are loading at that moment (the unit run is parallel).
    source = join(sandbox.root, 'source');
    await copySources(source);
    succeeded(await runProcess('npm', ['pack', '--pack-destination', packDir], { env: sandbox.env, cwd: source }), 'npm pack');
    const tarballs = (await readdir(packDir)).filter((name) => name.endsWith('.tgz'));
    assert.equal(tarballs.length, 1, `npm pack wrote ${tarballs.join(', ') || 'no tarball'}`);
    const tarball = join(packDir, tarballs[0]!);

    unpacked = join(sandbox.root, 'unpacked');
    await mkdir(unpacked);
    succeeded(await sandbox.run('tar', ['-xzf', tarball, '-C', unpacked]), 'tar -x');

    // An empty cache and --offline: a dependency to fetch would fail the install (ENOTCACHED).
    prefix = join(sandbox.root, 'prefix');
    const npmrc = join(sandbox.root, 'npmrc');
    await writeFile(npmrc, '');
    const install = succeeded(
      await sandbox.run('npm', ['install', '--global', '--prefix', prefix, '--offline', '--cache', join(sandbox.root, 'npm-cache'), '--userconfig', npmrc, '--no-fund', '--no-audit', tarball]),
      'npm install -g',
    );
    installOutput = install.stdout + install.stderr;
    installedRoot = join(prefix, 'lib', 'node_modules', 'gvx');

    const archive = fakeToolchain(VERSION);
    mirror = await startMirrorWithIndex([{ version: VERSION, files: [{ filename: archive.filename, source: archive.buffer }] }]);
    sandbox.env.GVX_MIRROR = mirror.url;
  });

  after(async () => {
    await mirror?.close();
    await sandbox?.cleanup();
  });

  it('the tarball holds the bin and the bundle: no source maps, no TypeScript sources', async () => {
    const files = await listFiles(join(unpacked, 'package'));
    assert.ok(files.includes('bin/gvx'), files.join('\n'));
    assert.ok(files.includes('dist/bundle/gvx.cjs'), files.join('\n'));
    assert.deepEqual(files.filter((f) => f.endsWith('.map')), []);
    assert.deepEqual(files.filter((f) => f.endsWith('.ts')), []);
    assert.deepEqual(files.filter((f) => f.startsWith('lib/') || f.startsWith('dist/lib/')), []);
    for (const file of files.filter((f) => /\.c?js$/.test(f) || f === 'bin/gvx')) {
      assert.doesNotMatch(await readFile(join(unpacked, 'package', file), 'utf8'), /sourceMappingURL/, `${file} points at a source map`);
    }
  });

  it('every module the package loads is in it, and every module in it is loaded', async () => {
    const root = join(unpacked, 'package');
    const files = await listFiles(root);
    const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string>; dependencies?: object };
    assert.equal(manifest.dependencies, undefined, 'the package declares no dependencies');
    assert.deepEqual(Object.values(manifest.bin), ['bin/gvx']);
    assert.match(await readFile(join(root, 'bin', 'gvx'), 'utf8'), /\('\.\.\/dist\/bundle\/gvx\.cjs'\)/, 'bin/gvx loads the bundle');
    // esbuild follows every require and import() from the bundle's entry, as Node would, and
    // fails on one it cannot resolve inside the package (there is no node_modules to fall back on).
    const { metafile } = await build({
      entryPoints: ['dist/bundle/gvx.cjs'],
      absWorkingDir: root,
      bundle: true,
      platform: 'node',
      outdir: join(sandbox.root, 'resolved'),
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const loaded = Object.keys(metafile.inputs); // relative to root
    assert.deepEqual(loaded.filter((input) => !files.includes(input)), [], 'modules loaded from outside the package');
    assert.deepEqual(files.filter((f) => /\.c?js$/.test(f) && !loaded.includes(f)), [], 'modules nothing loads');
  });

  it('installs offline with nothing to fetch and no install script, and says nothing about scripts', () => {
    assert.doesNotMatch(installOutput, /script/i, installOutput);
    assert.equal(existsSync(join(installedRoot, 'node_modules')), false, 'npm installed dependencies');
    assert.ok(existsSync(join(prefix, 'bin', 'gvx')));
  });

  it('the installed gvx installs a Go, and its env file and go shim work', async () => {
    const gvx = join(prefix, 'bin', 'gvx');
    const version = succeeded(await sandbox.run(gvx, ['--version']), 'gvx --version');
    const manifest = JSON.parse(await readFile(join(installedRoot, 'package.json'), 'utf8')) as { version: string };
    assert.equal(version.stdout, `${manifest.version}\n`);

    const install = succeeded(await sandbox.run(gvx, ['install', VERSION]), `gvx install ${VERSION}`);
    assert.match(install.stdout, new RegExp(`^installed go${VERSION.replace(/\./g, '\\.')} in `));
    // Shims and env files start the installed package, not this checkout.
    const bin = join(installedRoot, 'bin', 'gvx');
    assert.ok((await readFile(join(sandbox.home, 'shims', 'go'), 'utf8')).includes(bin), 'the shim names the installed bin/gvx');
    const envFile = await readFile(join(sandbox.home, 'env.bash'), 'utf8');
    assert.ok(envFile.includes(join(installedRoot, 'dist', 'bundle', 'gvx.cjs')), 'env.bash checks the installed bundle');

    const expected = new RegExp(`^go version go${VERSION.replace(/\./g, '\\.')} `);
    const viaEval = succeeded(
      await sandbox.run('bash', ['--norc', '--noprofile', '-c', `eval "$('${gvx}' env --shell bash)" && command -v go && go version`]),
      'eval "$(gvx env --shell bash)"',
    );
    const [where, goVersion] = viaEval.stdout.split('\n');
    assert.equal(where, join(sandbox.home, 'shims', 'go'));
    assert.match(goVersion!, expected);

    // The rc line: a fresh env file sets up the shell itself, without running gvx (xtrace shows it).
    const viaEnvFile = succeeded(await sandbox.run('bash', ['--norc', '--noprofile', '-x', '-c', `. '${join(sandbox.home, 'env.bash')}' && go version`]), '. env.bash');
    assert.match(viaEnvFile.stdout, expected);
    assert.doesNotMatch(viaEnvFile.stderr, /env --shell bash/, 'env.bash found itself stale and ran gvx env');

    const viaShim = succeeded(await sandbox.run(join(sandbox.home, 'shims', 'go'), ['version']), 'the go shim');
    assert.match(viaShim.stdout, expected);
  });

  it('gvx current loads neither undici nor tar (the bundle keeps them in chunks of their own)', async () => {
    // The build's esbuild metafile (not shipped; npm pack just built it) says what each chunk holds.
    const meta = JSON.parse(await readFile(join(source, 'dist', 'bundle-meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };
    const chunks = new Map(Object.entries(meta.outputs).map(([path, { inputs }]) => [basename(path), Object.keys(inputs)]));
    const shipped = (await readdir(join(installedRoot, 'dist', 'bundle'))).filter((f) => f.endsWith('.cjs'));
    assert.deepEqual(shipped.sort(), [...chunks.keys()].sort(), 'the metafile describes the installed bundle');
    const heavy = (chunk: string) => chunks.get(chunk)!.some((input) => /node_modules\/(undici|tar)\//.test(input));
    assert.ok(shipped.filter(heavy).length > 0, 'the bundle holds undici and tar');

    // Node's debug log names every module file it loads (ESM and CommonJS loaders alike).
    const r = await sandbox.run(join(prefix, 'bin', 'gvx'), ['current'], { env: { GVX_GO_VERSION: VERSION, NODE_DEBUG: 'esm,module' } });
    assert.match(r.stdout, new RegExp(`^go ${VERSION.replace(/\./g, '\\.')} `), r.stderr);
    const loaded = [...new Set([...r.stderr.matchAll(/dist\/bundle\/([\w.-]+\.cjs)/g)].map((m) => m[1]!))];
    assert.ok(loaded.length > 1, `no bundle module in Node's debug log:\n${r.stderr.slice(0, 2000)}`);
    assert.deepEqual(loaded.filter(heavy), []);
  });
});
