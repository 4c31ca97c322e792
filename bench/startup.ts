// bench/startup: what starting gvx costs on top of starting Node. `gvx current` (the command a
// prompt or a script runs most) in a home with one installed version and a global default, no
// network, versus `node -e 0`, in alternating runs; the ratio of the medians. Target <= 1.5
// (start-up imports stay lazy: `gvx current` loads neither undici nor tar). bin/gvx runs the
// shipped bundle, so this times what a user's install runs; `npm run bench` builds it first.
// GVX_BENCH_STARTS sets the number of runs of each (default 40, minimum 20).

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureShellFiles } from '../lib/shell/env-file.js';
import { gvxArgv } from '../lib/package-info.js';
import { writeAliases } from '../lib/store/aliases.js';
import { writeDefault } from '../lib/store/default-version.js';
import { listInstalled } from '../lib/store/inventory.js';
import { HomeLayout } from '../lib/store/layout.js';
import { parseSpec } from '../lib/version/spec.js';
import { type BenchResult, median } from './types.js';
import { runSync } from '../test/helpers/run-sync.js';

export const name = 'startup';

const TARGET_RATIO = 1.5;
const VERSION = '1.22.12';
const WARM_UPS = 3;

/** Wall time of one run in ms; throws unless it exits 0 and its stdout matches `expect`. */
function timeOnce(argv: readonly string[], cwd: string, env: NodeJS.ProcessEnv, expect?: RegExp): number {
  const [command, ...args] = argv as [string, ...string[]];
  const started = performance.now();
  const r = runSync(command, args, { cwd, env });
  const ms = performance.now() - started;
  if (r.status !== 0 || (expect && !expect.test(r.stdout))) {
    throw new Error(`${argv.join(' ')} failed (exit ${r.status}): ${r.stdout}${r.stderr}${r.error?.message ?? ''}`);
  }
  return ms;
}

export async function run(): Promise<BenchResult> {
  const starts = Math.max(20, Number(process.env.GVX_BENCH_STARTS) || 40);
  const dir = mkdtempSync(join(tmpdir(), 'gvx-bench-startup-'));
  try {
    const layout = new HomeLayout(join(dir, 'home'));
    mkdirSync(join(layout.versionDir(VERSION), 'bin'), { recursive: true });
    writeFileSync(join(layout.versionDir(VERSION), 'VERSION'), `go${VERSION}\n`);
    writeFileSync(join(layout.versionDir(VERSION), 'bin', 'go'), `#!/bin/sh\necho go version go${VERSION}\n`, { mode: 0o755 });
    await writeAliases(layout, await listInstalled(layout));
    await writeDefault(layout, parseSpec('1.22'));
    await ensureShellFiles(layout);
    const cwd = join(dir, 'work');
    mkdirSync(cwd);
    // GVX_MIRROR names a closed port: a run that touched the network would fail, not wait.
    const env = { PATH: '/usr/bin:/bin', HOME: dir, LANG: 'C', GVX_HOME: layout.home, GVX_MIRROR: 'http://127.0.0.1:9', NO_COLOR: '1' };
    const gvx = [...gvxArgv(), 'current'];
    const node = [process.execPath, '-e', '0'];
    const expect = new RegExp(`^go ${VERSION.replace(/\./g, '\\.')} `);

    for (let i = 0; i < WARM_UPS; i++) {
      timeOnce(gvx, cwd, env, expect);
      timeOnce(node, cwd, env);
    }
    const viaGvx: number[] = [];
    const viaNode: number[] = [];
    for (let i = 0; i < starts; i++) {
      // Alternating which goes first, so neither always runs right after the other.
      if (i % 2) {
        viaNode.push(timeOnce(node, cwd, env));
        viaGvx.push(timeOnce(gvx, cwd, env, expect));
      } else {
        viaGvx.push(timeOnce(gvx, cwd, env, expect));
        viaNode.push(timeOnce(node, cwd, env));
      }
    }
    const gvxMs = median(viaGvx);
    const nodeMs = median(viaNode);
    const ratio = gvxMs / nodeMs;
    const summary = `gvx current ${gvxMs.toFixed(1)} ms vs node -e 0 ${nodeMs.toFixed(1)} ms (${starts} runs each, medians): ratio ${ratio.toFixed(2)} (target <= ${TARGET_RATIO})`;
    console.log(summary);
    return { pass: ratio <= TARGET_RATIO, summary, figures: { starts, gvxCurrentMs: gvxMs, nodeMs, ratio } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
