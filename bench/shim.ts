// bench/shim: what the POSIX shim adds to a `go` call (gvx's own start-up: bench/startup).
//  - `go version` through the gvx shim versus the real binary run directly, from a directory
//    6 levels below a `.go-version` that holds a partial spec ("1.22", so the alias table is
//    read too). Alternating pairs (shim-direct, direct-shim, ...); median of the per-pair
//    differences in ms and the ratio of the medians. Target: overhead <= 1 ms.
//    A third program, a two-line sh script that only execs the same binary, is timed in the
//    same rotation: shim minus that floor is what resolution itself costs, the rest is the
//    price of starting any sh script (one extra exec), which no sh shim can avoid.
//  - the same from 6 levels below a go.mod with 600 require lines and its go line at the end,
//    and no version file (rule 3: the common case of a Go repository). The shim finds the go
//    line in its parse cache (GVX_HOME/cache/modules-2). Target: at most 0.5 ms more than with
//    the .go-version (the two overheads' difference), and overhead <= 1 ms.
//  - the same right after the go.mod was touched (a cache miss: the shim reads and parses the
//    file, forking head and tr), for information.
// The Go is the real 1.22 release, installed by gvx from a local mirror.
// GVX_BENCH_PAIRS sets the number of shim rounds (default 120, minimum 30): the module figure is
// the difference of two medians of a few ms each, and 40 rounds left it about 1 ms wide.

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { goArchive, repoRoot, serveRelease } from './real-release.js';
import { type BenchResult, median } from './types.js';
import { runSync } from '../test/helpers/run-sync.js';

export const name = 'shim';

const TARGET_OVERHEAD_MS = 1;
const TARGET_MODULE_EXTRA_MS = 0.5;

/** Wall time of one run in ms; throws unless it exits 0 and prints `expect`. */
function timeOnce(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, expect?: RegExp): number {
  const started = performance.now();
  const r = runSync(cmd, args, { cwd, env });
  const ms = performance.now() - started;
  if (r.status !== 0 || (expect && !expect.test(r.stdout))) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${r.stdout}${r.stderr}${r.error?.message ?? ''}`);
  }
  return ms;
}

/** Rounds of every runner, the order rotating each round; samples per runner. */
function rotate(rounds: number, runners: Array<() => number>): number[][] {
  const samples = runners.map(() => [] as number[]);
  for (let i = 0; i < rounds; i++) {
    for (let k = 0; k < runners.length; k++) {
      const j = (i + k) % runners.length;
      samples[j]!.push(runners[j]!());
    }
  }
  return samples;
}

export async function run(): Promise<BenchResult> {
  const pairs = Math.max(30, Number(process.env.GVX_BENCH_PAIRS) || 120);
  const archive = await goArchive();
  const { server, url } = await serveRelease(archive);
  const work = mkdtempSync(join(tmpdir(), 'gvx-bench-shim-'));
  try {
    const home = join(work, 'home');
    const gvx = join(repoRoot, 'bin', 'gvx');
    const env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin', HOME: work, LANG: 'C', GVX_HOME: home, GVX_MIRROR: url, NO_COLOR: '1' };
    // Asynchronous: the mirror answers from this process's event loop.
    await promisify(execFile)(process.execPath, [gvx, 'install', '--quiet', '1.22'], { env }).catch((error: Error & { stderr?: string }) => {
      throw new Error(`gvx install 1.22 failed: ${error.stderr ?? error.message}`);
    });

    const project = join(work, 'project');
    const cwd = join(project, 'a/b/c/d/e/f');
    mkdirSync(cwd, { recursive: true });
    writeFileSync(join(project, '.go-version'), '1.22\n');
    const module = join(work, 'module');
    const moduleCwd = join(module, 'a/b/c/d/e/f');
    mkdirSync(moduleCwd, { recursive: true });
    const requires = Array.from({ length: 600 }, (_, i) => `\texample.com/dependency${i} v1.${i}.0\n`).join('');
    const goMod = join(module, 'go.mod');
    writeFileSync(goMod, `module example.com/bench\n\nrequire (\n${requires})\n\ngo 1.22.0\n`);
    const moduleEnv = { ...env, PWD: moduleCwd };
    const runEnv = { ...env, PWD: cwd };
    const shim = join(home, 'shims', 'go');
    const direct = join(home, 'versions', archive.version, 'bin', 'go');
    const expect = new RegExp(`^go version go${archive.version.replace(/\./g, '\\.')} `);

    // Warm-up: page cache for the go binary and the shim.
    for (let i = 0; i < 3; i++) {
      timeOnce(shim, ['version'], cwd, runEnv, expect);
      timeOnce(direct, ['version'], cwd, runEnv, expect);
    }

    const floor = join(work, 'exec-only.sh');
    writeFileSync(floor, `#!/bin/sh\nexec '${direct}' "$@"\n`, { mode: 0o755 });

    const [viaShim, viaDirect, viaFloor] = rotate(pairs, [
      () => timeOnce(shim, ['version'], cwd, runEnv, expect),
      () => timeOnce(direct, ['version'], cwd, runEnv, expect),
      () => timeOnce(floor, ['version'], cwd, runEnv, expect),
    ]) as [number[], number[], number[]];
    const [viaShimInModule, viaDirectInModule] = rotate(pairs, [
      () => timeOnce(shim, ['version'], moduleCwd, moduleEnv, expect),
      () => timeOnce(direct, ['version'], moduleCwd, moduleEnv, expect),
    ]) as [number[], number[]];
    const [viaShimCold, viaDirectCold] = rotate(pairs, [
      () => {
        const now = new Date();
        utimesSync(goMod, now, now); // newer than the cache's stamp: the shim parses the file again
        return timeOnce(shim, ['version'], moduleCwd, moduleEnv, expect);
      },
      () => timeOnce(direct, ['version'], moduleCwd, moduleEnv, expect),
    ]) as [number[], number[]];
    const moduleOverhead = median(viaShimInModule.map((s, i) => s - viaDirectInModule[i]!));
    const coldOverhead = median(viaShimCold.map((s, i) => s - viaDirectCold[i]!));
    const overhead = median(viaShim.map((s, i) => s - viaDirect[i]!));
    const resolution = median(viaShim.map((s, i) => s - viaFloor[i]!));
    const shimRatio = median(viaShim) / median(viaDirect);
    console.log(
      `go version, ${pairs} rounds, 6 levels below .go-version (1.22): shim ${median(viaShim).toFixed(2)} ms, ` +
        `direct ${median(viaDirect).toFixed(2)} ms, exec-only sh script ${median(viaFloor).toFixed(2)} ms`,
    );
    console.log(
      `shim overhead: ${overhead.toFixed(2)} ms median (target <= ${TARGET_OVERHEAD_MS}), ratio ${shimRatio.toFixed(3)}; ` +
        `of which resolution (shim - exec-only sh) ${resolution.toFixed(2)} ms`,
    );

    const moduleExtra = moduleOverhead - overhead;
    console.log(
      `go version, ${pairs} rounds, 6 levels below a go.mod (600 requires, then go 1.22.0), no version file: ` +
        `shim ${median(viaShimInModule).toFixed(2)} ms, direct ${median(viaDirectInModule).toFixed(2)} ms; ` +
        `overhead ${moduleOverhead.toFixed(2)} ms median (target <= ${TARGET_OVERHEAD_MS}), ` +
        `${moduleExtra.toFixed(2)} ms more than with .go-version (target <= ${TARGET_MODULE_EXTRA_MS})`,
    );
    console.log(`the same, go.mod touched before each call (parse cache miss): overhead ${coldOverhead.toFixed(2)} ms median (no target)`);

    const pass = overhead <= TARGET_OVERHEAD_MS && moduleOverhead <= TARGET_OVERHEAD_MS && moduleExtra <= TARGET_MODULE_EXTRA_MS;
    return {
      pass,
      summary:
        `shim overhead ${overhead.toFixed(2)} ms median (target <= ${TARGET_OVERHEAD_MS}), ratio ${shimRatio.toFixed(3)}, ` +
        `resolution ${resolution.toFixed(2)} ms; in a go.mod module ${moduleOverhead.toFixed(2)} ms ` +
        `(${moduleExtra.toFixed(2)} ms more, target <= ${TARGET_MODULE_EXTRA_MS}; cache miss ${coldOverhead.toFixed(2)} ms)`,
      figures: {
        pairs,
        shimMedianMs: median(viaShim),
        directMedianMs: median(viaDirect),
        execOnlyShMedianMs: median(viaFloor),
        overheadMs: overhead,
        resolutionMs: resolution,
        moduleOverheadMs: moduleOverhead,
        moduleExtraMs: moduleExtra,
        moduleCacheMissOverheadMs: coldOverhead,
        shimRatio,
      },
    };
  } finally {
    server.close();
    server.closeAllConnections();
    rmSync(work, { recursive: true, force: true });
  }
}
