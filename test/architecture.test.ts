// The shape of lib/ that ARCHITECTURE.md describes, checked: every import points down the layer
// list below (or stays inside its own area), and no file reaches itself through its imports.
// Dynamic `import()` and `import type` count too: a lazy import is still a dependency a
// newcomer must understand, and a type-only cycle still ties two files together.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { REPO_ROOT } from './helpers/env.js';

const LIB = join(REPO_ROOT, 'lib');

/**
 * Lowest first. An area is a folder of lib/; the files at lib/'s top level form the area
 * "base". A file may import from its own area and from areas in lower layers only.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['base'], // errors, error codes, config, debug tracing, small formatting helpers
  ['version'], // Go version and spec grammar
  ['archive', 'goenv', 'net', 'store'], // primitives: unpacking, go env files, HTTP, GVX_HOME
  ['goproxy', 'remote', 'shell'], // module proxy protocol, release index, shell code and shims
  ['sumdb'], // checksum database (asks GOPROXY's proxies)
  ['install', 'select'], // the install pipeline; which Go a directory selects
  ['verify'], // the verifier, doctor and tools (ask the selected go about itself)
  ['cli'], // commands: parse, call the layers below, print
];

const LAYER_OF = new Map(LAYERS.flatMap((areas, layer) => areas.map((area) => [area, layer] as const)));

function libFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return libFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

function areaOf(file: string): string {
  const parts = relative(LIB, file).split(sep);
  return parts.length > 1 ? parts[0]! : 'base';
}

/** The lib/ files a file imports, statically, dynamically or for types only. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles
    .map((imported) => imported.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(file), name.replace(/\.js$/, '.ts')));
}

const FILES = libFiles(LIB);
const GRAPH = new Map(FILES.map((file) => [file, importsOf(file)]));
const show = (file: string): string => relative(REPO_ROOT, file);

describe('architecture of lib/', () => {
  it('finds the files and their imports (the check below is not vacuous)', () => {
    assert.ok(FILES.length > 100, `${FILES.length} files`);
    assert.ok(GRAPH.get(join(LIB, 'cli', 'main.ts'))!.length > 5);
  });

  it('every relative import names a file that exists', () => {
    const missing = [...GRAPH].flatMap(([file, imports]) => imports.filter((target) => !GRAPH.has(target)).map((target) => `${show(file)} -> ${show(target)}`));
    assert.deepEqual(missing, []);
  });

  it('every area is in the layer list', () => {
    const unknown = [...new Set(FILES.map(areaOf))].filter((area) => !LAYER_OF.has(area));
    assert.deepEqual(unknown, [], 'add the new folder to LAYERS here and to ARCHITECTURE.md');
  });

  it('imports point down the layers, never up or sideways into another area', () => {
    const wrong: string[] = [];
    for (const [file, imports] of GRAPH) {
      const from = areaOf(file);
      for (const target of imports) {
        const to = areaOf(target);
        if (to !== from && !(LAYER_OF.get(to)! < LAYER_OF.get(from)!)) wrong.push(`${show(file)} (${from}) -> ${show(target)} (${to})`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('no file imports itself through a cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string): void => {
      state.set(file, 'open');
      stack.push(file);
      for (const target of GRAPH.get(file) ?? []) {
        if (state.get(target) === 'open') cycles.push([...stack.slice(stack.indexOf(target)), target].map(show).join(' -> '));
        else if (!state.has(target)) visit(target);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of FILES) if (!state.has(file)) visit(file);
    assert.deepEqual(cycles, []);
  });
});

describe('how tests and benchmarks start children they wait for', () => {
  const tsFiles = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return tsFiles(path);
      return entry.name.endsWith('.ts') ? [path] : [];
    });
  const HELPER = join(REPO_ROOT, 'test', 'helpers', 'run-sync.ts');
  const files = [...tsFiles(join(REPO_ROOT, 'test')), ...tsFiles(join(REPO_ROOT, 'bench'))].filter((f) => f !== HELPER && f !== join(REPO_ROOT, 'test', 'architecture.test.ts'));

  it('only through test/helpers/run-sync.ts (no terminal, a timeout): a bare spawnSync lets an interactive shell wait on the terminal', () => {
    assert.ok(files.length > 100, `${files.length} files`);
    const bare = files.filter((file) => /\b(spawnSync|execFileSync|execSync)\b/.test(readFileSync(file, 'utf8'))).map(show);
    assert.deepEqual(bare, []);
  });
});
