// Runs the benchmarks in bench/ one after another and prints a summary. Each module exports
// `name` and `run()` (see types.ts); one that is not compiled or exports no run() is skipped
// with a message. `npm run bench` builds (the bundle bin/gvx runs, and dist/ for these files)
// and runs them all; `npm run bench -- install` runs only the ones named.
// Targets missed print FAIL but do not fail the process (timings are noisy); a benchmark
// that crashes does (exit 1).

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult, Benchmark } from './types.js';

const MODULES = ['install', 'shim', 'hook', 'startup'];

/** A benchmark module, or why it is skipped. */
async function load(file: string): Promise<Benchmark | string> {
  const url = new URL(`./${file}.js`, import.meta.url);
  if (!existsSync(fileURLToPath(url))) return `skipped: ${fileURLToPath(url)} is missing (npm run bench compiles bench/${file}.ts)`;
  const mod = (await import(url.href)) as Partial<Benchmark>;
  if (typeof mod.run !== 'function') return `skipped: bench/${file}.ts exports no run()`;
  return { name: typeof mod.name === 'string' ? mod.name : file, run: mod.run };
}

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a) => !MODULES.includes(a));
  if (unknown.length > 0) {
    console.error(`bench: unknown benchmark ${unknown.join(', ')} (known: ${MODULES.join(', ')})`);
    return 2;
  }
  const chosen = argv.length > 0 ? argv : MODULES;
  const rows: { name: string; verdict: string; summary: string }[] = [];
  let crashed = false;
  for (const file of chosen) {
    let bench: Benchmark | string;
    try {
      bench = await load(file);
    } catch (error) {
      bench = `error loading bench/${file}: ${(error as Error).message}`;
      crashed = true;
    }
    if (typeof bench === 'string') {
      console.log(`\n== ${file}: ${bench}`);
      rows.push({ name: file, verdict: crashed ? 'ERROR' : 'SKIP', summary: bench });
      continue;
    }
    console.log(`\n== ${bench.name}`);
    let result: BenchResult;
    try {
      result = await bench.run();
    } catch (error) {
      crashed = true;
      console.error((error as Error).stack ?? String(error));
      rows.push({ name: bench.name, verdict: 'ERROR', summary: (error as Error).message ?? String(error) });
      continue;
    }
    const verdict = result.pass === undefined ? 'N/A' : result.pass ? 'PASS' : 'FAIL';
    rows.push({ name: bench.name, verdict, summary: result.summary });
    if (result.figures) console.log(`figures: ${JSON.stringify(result.figures)}`);
  }
  console.log('\n== summary');
  const width = Math.max(...rows.map((r) => r.name.length));
  for (const row of rows) console.log(`${row.name.padEnd(width)}  ${row.verdict.padEnd(5)}  ${row.summary}`);
  return crashed ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
