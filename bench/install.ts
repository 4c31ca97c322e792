// bench/install: `gvx install 1.22` of the real ~70 MB Go 1.22 release archive from a local
// mirror, against the baseline `curl -s URL | tee >(sha256sum) | tar -xz` of the same file,
// and (for information) against the same work done in gvx's order, which verifies before it
// unpacks: `curl -o FILE && sha256sum -c && tar -xzf FILE`. The three rotate (a-b-c, b-c-a,
// ...), at least 3 rounds, each into a fresh directory; the disk
// is synced between runs so one run's writeback does not land in the next one's time, and the
// trees are removed only at the end (~250 MB each): ext4 frees a deleted tree's inodes and
// blocks lazily, and that work would otherwise land in whichever run comes next.
// Targets: median gvx/baseline wall ratio <= 1.0 (with the download kept for resumption and
// verified before unpacking), gvx peak RSS <= 150 MiB.
// GVX_BENCH_PAIRS sets the number of rounds (default 3, minimum 3).

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { goArchive, repoRoot, serveRelease } from './real-release.js';
import { type BenchResult, median } from './types.js';
import { runSync } from '../test/helpers/run-sync.js';

export const name = 'install';

const TARGET_RATIO = 1.0;
const TARGET_RSS_MIB = 150;
const TIME = '/usr/bin/time';

interface RunResult {
  ms: number;
  /** Peak RSS in MiB, when measured. */
  rssMiB?: number;
}

export async function run(): Promise<BenchResult> {
  const pairs = Math.max(3, Number(process.env.GVX_BENCH_PAIRS) || 3);
  const archive = await goArchive();
  console.log(`archive: ${archive.filename}, ${(archive.size / 2 ** 20).toFixed(1)} MiB, sha256 ${archive.sha256.slice(0, 16)}…`);
  const { server, url } = await serveRelease(archive);
  const work = await mkdtemp(join(tmpdir(), 'gvx-bench-'));
  const useTime = existsSync(TIME);
  console.log(`peak RSS from ${useTime ? `${TIME} -f %M` : 'polling VmHWM in /proc/<pid>/status'}`);
  try {
    const gvx = (n: string) => runGvx(url, join(work, `gvx-${n}`), archive.version, useTime);
    const base = (n: string) => runBaseline(`${url}/${archive.filename}`, join(work, `tar-${n}`));
    const seq = (n: string) => runVerifyFirst(`${url}/${archive.filename}`, archive.sha256, join(work, `seq-${n}`));

    // Untimed warm-up of each: page cache for the archive, node's compile cache, curl, tar.
    await gvx('warm');
    await base('warm');
    await seq('warm');

    const gvxRuns: RunResult[] = [];
    const baseRuns: RunResult[] = [];
    const seqRuns: RunResult[] = [];
    console.log('round  order        gvx (s)  RSS (MiB)  curl|tar (s)  ratio  verify-first (s)  ratio');
    const runners = { gvx, tar: base, seq } as const;
    const rotations: (keyof typeof runners)[][] = [['gvx', 'tar', 'seq'], ['tar', 'seq', 'gvx'], ['seq', 'gvx', 'tar']];
    for (let i = 0; i < pairs; i++) {
      const order = rotations[i % 3]!;
      const results: Partial<Record<keyof typeof runners, RunResult>> = {};
      for (const name of order) results[name] = await runners[name](String(i));
      const g = results.gvx!;
      const b = results.tar!;
      const s = results.seq!;
      gvxRuns.push(g);
      baseRuns.push(b);
      seqRuns.push(s);
      console.log(
        `${String(i + 1).padEnd(5)}  ${order.join(',').padEnd(11)}  ${(g.ms / 1000).toFixed(2).padStart(7)}  ` +
          `${(g.rssMiB?.toFixed(1) ?? '?').padStart(9)}  ${(b.ms / 1000).toFixed(2).padStart(12)}  ${(g.ms / b.ms).toFixed(3).padStart(5)}` +
          `  ${(s.ms / 1000).toFixed(2).padStart(16)}  ${(g.ms / s.ms).toFixed(3).padStart(5)}`,
      );
    }

    const ratio = median(gvxRuns.map((g, i) => g.ms / baseRuns[i]!.ms));
    const seqRatio = median(gvxRuns.map((g, i) => g.ms / seqRuns[i]!.ms));
    const rssValues = gvxRuns.map((g) => g.rssMiB).filter((v): v is number => v !== undefined);
    const peakRss = rssValues.length ? Math.max(...rssValues) : undefined;
    const gvxMedian = median(gvxRuns.map((r) => r.ms));
    const baseMedian = median(baseRuns.map((r) => r.ms));
    const ratioOk = ratio <= TARGET_RATIO;
    const rssOk = peakRss !== undefined && peakRss <= TARGET_RSS_MIB;
    console.log(`median wall: gvx ${(gvxMedian / 1000).toFixed(2)} s, baseline ${(baseMedian / 1000).toFixed(2)} s`);
    console.log(`median wall ratio to curl|tar (per round): ${ratio.toFixed(3)}  target <= ${TARGET_RATIO.toFixed(2)}  ${ratioOk ? 'PASS' : 'FAIL'}`);
    console.log(`median wall ratio to verify-first curl, sha256sum, tar (per round, information): ${seqRatio.toFixed(3)}`);
    console.log(`gvx peak RSS: ${peakRss?.toFixed(1) ?? 'unknown'} MiB  target <= ${TARGET_RSS_MIB}  ${rssOk ? 'PASS' : 'FAIL'}`);
    return {
      pass: ratioOk && rssOk,
      summary:
        `median wall ratio ${ratio.toFixed(3)} (target <= ${TARGET_RATIO.toFixed(2)}; ${seqRatio.toFixed(3)} to verify-first), ` +
        `peak RSS ${peakRss?.toFixed(1) ?? '?'} MiB (target <= ${TARGET_RSS_MIB}), ${pairs} rounds`,
      figures: {
        pairs,
        medianRatio: round(ratio),
        medianRatioVerifyFirst: round(seqRatio),
        peakRssMiB: round(peakRss ?? NaN),
        gvxMedianMs: Math.round(gvxMedian),
        baselineMedianMs: Math.round(baseMedian),
      },
    };
  } finally {
    server.close();
    server.closeAllConnections();
    await rm(work, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

async function runGvx(mirror: string, home: string, version: string, useTime: boolean): Promise<RunResult> {
  await rm(home, { recursive: true, force: true });
  await mkdir(home, { recursive: true });
  const rssFile = join(home, '..', `${home.split('/').pop()}.rss`);
  const node = [process.execPath, join(repoRoot, 'bin', 'gvx'), 'install', '1.22'];
  const env = { ...process.env, GVX_HOME: home, GVX_MIRROR: mirror, NO_COLOR: '1' };
  settle();
  const r = useTime
    ? await timed(TIME, ['-f', '%M', '-o', rssFile, ...node], env)
    : await timed(node[0]!, node.slice(1), env, true);
  if (r.code !== 0) throw new Error(`gvx install failed (exit ${r.code}):\n${r.output}`);
  if (!existsSync(join(home, 'versions', version, 'bin', 'go'))) throw new Error(`gvx install left no versions/${version}/bin/go`);
  let rssMiB = r.hwmKiB !== undefined ? r.hwmKiB / 1024 : undefined;
  if (useTime) {
    const kib = Number((await readFile(rssFile, 'utf8')).trim().split('\n').pop());
    if (Number.isFinite(kib) && kib > 0) rssMiB = kib / 1024;
  }
  return { ms: r.ms, rssMiB };
}

async function runBaseline(url: string, dir: string): Promise<RunResult> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  settle();
  const r = await timed('bash', ['-c', `curl -s '${url}' | tee >(sha256sum >/dev/null) | tar -xz -C '${dir}'`], process.env);
  if (r.code !== 0 || !existsSync(join(dir, 'go', 'bin', 'go'))) throw new Error(`baseline failed (exit ${r.code}):\n${r.output}`);
  return { ms: r.ms };
}

/** curl to a file, check its sha256, then untar: the order gvx follows (verify, then unpack). */
async function runVerifyFirst(url: string, sha256: string, dir: string): Promise<RunResult> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const file = `${dir}.tar.gz`;
  settle();
  const script = `curl -s -o '${file}' '${url}' && echo '${sha256}  ${file}' | sha256sum -c --quiet && tar -xzf '${file}' -C '${dir}' && rm '${file}'`;
  const r = await timed('bash', ['-c', script], process.env);
  if (r.code !== 0 || !existsSync(join(dir, 'go', 'bin', 'go'))) throw new Error(`verify-first baseline failed (exit ${r.code}):\n${r.output}`);
  return { ms: r.ms };
}

/** Flushes the previous run's dirty pages, so its writeback is not timed in the next run. */
function settle(): void {
  runSync('sync', []);
}

/** Runs a command; wall time from spawn to exit, and optionally VmHWM polled from /proc. */
function timed(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  pollHwm = false,
): Promise<{ ms: number; code: number | null; output: string; hwmKiB?: number }> {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    let hwmKiB: number | undefined;
    const poll = pollHwm
      ? setInterval(() => {
          readFile(`/proc/${child.pid}/status`, 'utf8').then(
            (s) => {
              const kib = Number(/VmHWM:\s+(\d+)/.exec(s)?.[1]);
              if (kib > (hwmKiB ?? 0)) hwmKiB = kib;
            },
            () => {},
          );
        }, 10)
      : undefined;
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (poll) clearInterval(poll);
      resolveRun({ ms, code, output, hwmKiB });
    });
  });
}
