// The GOTOOLCHAIN a go call through the gvx shims runs with, and where it comes from. The shim
// (shims/shim.sh) sets GOTOOLCHAIN=local only when nothing else does: a non-empty GOTOOLCHAIN
// in the environment wins, then a non-empty one in the `go env -w` file (which the go command
// then reads itself). GOROOT/go.env's GOTOOLCHAIN=auto is what the shim's default replaces.
// `gvx exec` and `gvx doctor` apply the same rule through this function.

import { readGoSetting } from './go-env-file.js';

export interface ShimToolchain {
  readonly value: string;
  readonly source: 'environment' | 'go env -w file' | 'gvx shim default';
  /** The go env file, when it is the source. */
  readonly file?: string;
}

export function shimToolchain(env: Readonly<Record<string, string | undefined>>, goos: string): ShimToolchain {
  const found = readGoSetting('GOTOOLCHAIN', { env, goos }); // no GOROOT: its go.env is not asked
  if (!found) return { value: 'local', source: 'gvx shim default' };
  return found.source === 'environment' ? { value: found.value, source: 'environment' } : { value: found.value, source: 'go env -w file', file: found.file };
}

/**
 * The commands that take the user's GOTOOLCHAIN away so the shim's local applies ("" when
 * nothing sets it). An environment value can hide a go env file value other than local, which
 * unsetting the variable alone would bring back. The file's value is removed by a go that runs
 * with GOTOOLCHAIN=local: a plain `go env -u` would first obey the file's pin and try to download
 * that toolchain (offline: fail before it removes anything).
 */
export function unsetToolchainCommands(env: Readonly<Record<string, string | undefined>>, goos: string): string {
  const current = shimToolchain(env, goos);
  const behind = current.source === 'environment' ? shimToolchain({ ...env, GOTOOLCHAIN: undefined }, goos) : undefined;
  const inFile = current.source === 'go env -w file' || (behind?.source === 'go env -w file' && behind.value !== 'local');
  return [inFile && 'GOTOOLCHAIN=local go env -u GOTOOLCHAIN', current.source === 'environment' && 'unset GOTOOLCHAIN'].filter(Boolean).join('; ');
}
