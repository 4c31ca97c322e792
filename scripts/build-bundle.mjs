#!/usr/bin/env node
// @ts-check
// Builds what npm ships and bin/gvx runs: lib/ and its dependencies as one esbuild bundle in
// dist/bundle/ (gvx.cjs, the entry, and the chunks it loads), so the package installs with no
// dependencies and no install script. Inlined: the version and the shim templates
// (lib/package-info.ts reads GVX_BUNDLED), so the bundle reads none of the package's files but
// package.json's version line (the env files check it). No source maps: the sources do not
// ship, and the bundle is plain, unminified JavaScript.
//
// Two passes. esbuild splits code only in ES module output, so the first pass bundles as ESM
// with code splitting: each command stays a chunk of its own, loaded only when it runs
// (`gvx current` parses neither undici nor tar). The second turns every chunk into CommonJS
// (static imports become require, import() a require in a promise), because Node 20 loads ES
// modules slowly: each file read asynchronously, in several thread-pool round trips, which cost
// `gvx current` (14 files) ~10 ms more than the same chunks as CommonJS, read synchronously
// (bench/startup). The chunk graph has no cycles (checked below), so require's order of
// evaluation is the ES modules' one.
//
// Plain JavaScript itself (checked with @ts-check in an editor) because it runs before any tsc.
// `npm run build` type-checks lib/ first; `node scripts/build-bundle.mjs` only bundles. Writes
// dist/bundle-meta.json too (esbuild's metafile: which chunk holds which module; not shipped).

import { build, transform } from 'esbuild';
import { builtinModules } from 'node:module';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** lib/package-info.ts (BUNDLE_ENTRY) and bin/gvx name these too. */
const OUT_DIR = join(ROOT, 'dist', 'bundle');
const ENTRY_NAME = 'gvx';
const LICENSES_FILE = 'THIRD-PARTY-LICENSES.txt';
/** What a chunk that uses import.meta.url (lib/package-info.ts) gets instead. */
const META_URL = '__gvx_import_meta_url';

const packageJson = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const templates = Object.fromEntries(['shim.sh', 'resolve.sh'].map((name) => [name, readFileSync(join(ROOT, 'shims', name), 'utf8')]));

const result = await build({
  absWorkingDir: ROOT,
  entryPoints: { [ENTRY_NAME]: 'lib/cli/main.ts' },
  outdir: OUT_DIR,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  define: { GVX_BUNDLED: JSON.stringify({ version: packageJson.version, templates }) },
  keepNames: true, // error classes name themselves after their class (lib/errors.ts)
  legalComments: 'eof',
  sourcemap: false,
  metafile: true,
  write: false,
  logLevel: 'warning',
});
const { outputs } = result.metafile;

// Everything but Node's built-ins must be inside: a user's install has no node_modules.
// (`node:` names all of them, newer ones too: undici probes for node:sqlite.)
const builtins = new Set(builtinModules);
const leftOut = new Set();
for (const output of Object.values(outputs)) {
  for (const { path, external } of output.imports) if (external && !path.startsWith('node:') && !builtins.has(path)) leftOut.add(path);
}
if (leftOut.size > 0) fail(`the bundle would load from node_modules at run time: ${[...leftOut].join(', ')}`);

// A cycle of static imports would make require hand a chunk another one's unfinished exports.
const visiting = new Set();
const done = new Set();
/** @param {string} chunk @param {string[]} path */
function checkAcyclic(chunk, path) {
  if (done.has(chunk)) return;
  if (visiting.has(chunk)) fail(`the chunks import each other in a cycle: ${[...path, chunk].join(' -> ')}`);
  visiting.add(chunk);
  for (const { path: next, kind } of outputs[chunk]?.imports ?? []) if (kind === 'import-statement' && outputs[next]) checkAcyclic(next, [...path, chunk]);
  visiting.delete(chunk);
  done.add(chunk);
}
for (const chunk of Object.keys(outputs)) checkAcyclic(chunk, []);

const commonJs = await Promise.all(
  result.outputFiles.map(async (file) => {
    const usesMetaUrl = file.text.includes('import.meta.url');
    const { code } = await transform(file.text, {
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      supported: { 'dynamic-import': false },
      legalComments: 'eof',
      logLevel: 'warning',
      ...(usesMetaUrl ? { define: { 'import.meta.url': META_URL }, banner: `const ${META_URL} = require("node:url").pathToFileURL(__filename).href;` } : {}),
    });
    return { path: file.path, code };
  }),
);

// Chunks first, the entry last: a gvx starting meanwhile never finds an entry whose chunks are
// not there yet. A file whose content did not change is not rewritten (a gvx running meanwhile
// may be reading it). Then chunks of earlier builds (hashed names) go.
mkdirSync(OUT_DIR, { recursive: true });
const entryPath = join(OUT_DIR, `${ENTRY_NAME}.cjs`);
commonJs.sort((a, b) => Number(a.path === entryPath) - Number(b.path === entryPath));
for (const file of commonJs) if (!existsSync(file.path) || readFileSync(file.path, 'utf8') !== file.code) writeFileSync(file.path, file.code);
writeFileSync(join(OUT_DIR, LICENSES_FILE), thirdPartyLicenses(Object.keys(result.metafile.inputs)));
const written = new Set([...commonJs.map((f) => basename(f.path)), LICENSES_FILE]);
for (const name of readdirSync(OUT_DIR)) if (!written.has(name)) rmSync(join(OUT_DIR, name), { recursive: true, force: true });
writeFileSync(join(ROOT, 'dist', 'bundle-meta.json'), JSON.stringify(result.metafile, null, 1));

/** @param {string} message @returns {never} */
function fail(message) {
  console.error(`build-bundle: ${message}`);
  process.exit(1);
}

/**
 * The licence of every package the bundle holds code of, for the notices their licences ask
 * to keep with copies (their source files mostly carry none).
 * @param {string[]} inputs the bundle's input files, relative to ROOT
 */
function thirdPartyLicenses(inputs) {
  const packages = new Set();
  for (const input of inputs) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  const sections = [...packages].sort().map((dir) => {
    const meta = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(join(ROOT, dir)).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
    const text = licenseFile ? readFileSync(join(ROOT, dir, licenseFile), 'utf8').trim() : `${meta.license} (the package ships no licence file)`;
    return `${meta.name}@${meta.version} (${meta.license}), ${relative(ROOT, dir)}\n\n${text}\n`;
  });
  return `Third-party code in gvx's bundle (dist/bundle/), with the licences it is used under.\n\n${sections.join(`\n${'-'.repeat(72)}\n\n`)}`;
}
