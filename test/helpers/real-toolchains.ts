// Real-toolchain tests get their archives here. In CI a missing toolchain is a failure (a
// real-toolchain test never silently skips there); elsewhere the test is skipped (pending).

import { type RealToolchains, ToolchainsUnavailableError, ensureRealToolchains } from '../../scripts/toolchain-fixtures.js';
import { refuseInUnitRun } from './apt-tools.js';

// The first repack of three toolchains takes a while; later calls only stat the cache.
const FIRST_BUILD_MS = 10 * 60_000;

/** @param minors e.g. ['1.21', '1.22']; default every Debian Go present. */
export async function realToolchainsOrSkip(ctx: Mocha.Context, minors?: string[]): Promise<RealToolchains> {
  refuseInUnitRun('Debian Go');
  if (ctx.timeout() !== 0 && ctx.timeout() < FIRST_BUILD_MS) ctx.timeout(FIRST_BUILD_MS);
  try {
    return await ensureRealToolchains({ minors });
  } catch (error) {
    // Only "not installed" may skip; a failing repack is a real error everywhere.
    if (!(error instanceof ToolchainsUnavailableError) || process.env.CI) throw error;
    ctx.skip();
  }
}
