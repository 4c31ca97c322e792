// The programs end-to-end tests need from apt (.ci/run installs them): zsh, fish, tmux, strace,
// script(1), gcc and Debian's Go toolchains (golang-1.NN-go). A test that needs one lives in a
// file named *.e2e.test.ts, which `npm run test:unit` leaves out (.mocharc.unit.json). That
// run also sets GVX_TEST_UNIT=1 (unit-run.ts), and then every lookup of an apt tool here, in
// debian-go.ts, real-toolchains.ts, shell/interactive.ts and shell/tmux.ts fails at once: a
// unit test cannot come to need an apt package unnoticed, even on a machine that has it.

import { resolveCommand } from '../../lib/path-search.js';

export type AptTool = 'zsh' | 'fish' | 'tmux' | 'strace' | 'script' | 'gcc' | 'Debian Go';

export const UNIT_RUN_VARIABLE = 'GVX_TEST_UNIT';

/** Fails in a unit run: what needs `tool` belongs in a *.e2e.test.ts file. */
export function refuseInUnitRun(tool: AptTool): void {
  if (process.env[UNIT_RUN_VARIABLE] !== '1') return;
  throw new Error(`this test needs ${tool}, an apt package (.ci/run installs it): name its file *.e2e.test.ts, which npm run test:unit leaves out`);
}

/** The executable `name` a PATH lookup finds (gvx's own lookup, the one `gvx verify` uses). */
export function findOnPath(name: string): string | undefined {
  return resolveCommand(name, process.env.PATH);
}

/**
 * The path of an apt tool on PATH. Missing: a failure in CI (which installs it, so an end-to-end
 * test never silently skips there), the test skipped elsewhere.
 */
export function requireAptTool(ctx: Mocha.Context, tool: Exclude<AptTool, 'Debian Go'>): string {
  refuseInUnitRun(tool);
  const path = findOnPath(tool);
  if (path) return path;
  if (process.env.CI) throw new Error(`${tool} is not installed (.ci/run installs it)`);
  ctx.skip();
}
