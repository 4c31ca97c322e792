// Random choices a failing run can replay: a seed from GVX_TEST_SEED, or a fresh one. A test
// that uses it puts the seed in its title (testSeedLabel), so a failure report names the
// command that replays it.

/** mulberry32: a small, good-enough PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** This run's seed: GVX_TEST_SEED when set, else a new one. */
export const TEST_SEED = process.env.GVX_TEST_SEED !== undefined ? Number(process.env.GVX_TEST_SEED) >>> 0 : Math.floor(Math.random() * 2 ** 32) >>> 0;

/** For a suite's title: "seed N; replay with GVX_TEST_SEED=N". */
export const testSeedLabel = `seed ${TEST_SEED}; replay with GVX_TEST_SEED=${TEST_SEED}`;
