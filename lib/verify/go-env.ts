// Go's settings as Go itself resolves them (environment, then the `go env -w` file, then
// $GOROOT/go.env): `go env -json` of the selected toolchain, run the way the shim runs it
// (GOROOT = the selected root) but with GOTOOLCHAIN=local, so that asking never switches to,
// or downloads, another toolchain.

import { join } from 'node:path';
import { GvxError } from '../errors.js';
import { describeFailure, runChild } from './child.js';

const GO_ENV_TIMEOUT_MS = 15_000;

export type GoEnv = Readonly<Record<string, string>>;

/** `go env -json` of the toolchain at `goroot`: every setting, as that go resolves it. */
export async function readGoEnvJson(
  goroot: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  timeoutMs = GO_ENV_TIMEOUT_MS,
): Promise<GoEnv> {
  const go = join(goroot, 'bin', 'go');
  const result = await runChild(go, ['env', '-json'], { env: { ...env, GOROOT: goroot, GOTOOLCHAIN: 'local' }, cwd, timeoutMs });
  if (result.exitCode === 0) {
    try {
      const parsed = JSON.parse(result.stdout) as Record<string, unknown>;
      return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, typeof v === 'string' ? v : '']));
    } catch {
      // fall through: not JSON
    }
  }
  throw new GvxError('E_GO_ENV_FAILED', describeFailure(`${go} env -json`, result, timeoutMs), {
    hint: `run \`${go} env\` here to see what go complains about`,
  });
}

/** The directory `go install` writes to: GOBIN, else the first GOPATH entry's bin. */
export function installDir(goEnv: GoEnv): string | undefined {
  if (goEnv.GOBIN) return goEnv.GOBIN;
  const first = (goEnv.GOPATH ?? '').split(process.platform === 'win32' ? ';' : ':')[0];
  return first ? join(first, 'bin') : undefined;
}
