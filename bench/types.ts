// The shape every benchmark module in bench/ exports, so bench/run.ts can run them all:
//   export const name = 'install';
//   export async function run(): Promise<BenchResult> { ... }

export interface BenchResult {
  /** Whether the figures meet the module's targets; undefined when they cannot be judged. */
  pass: boolean | undefined;
  /** One line for the summary table, e.g. "median ratio 1.04 (target <= 1.10), peak RSS 92 MiB". */
  summary: string;
  /** Named figures (milliseconds, MiB, ratios), for whoever wants them as data. */
  figures?: Record<string, number>;
}

export interface Benchmark {
  readonly name: string;
  run(): Promise<BenchResult>;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
