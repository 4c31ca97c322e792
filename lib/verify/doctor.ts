// `gvx doctor`: gathers the facts once (selection, `go env -json` of the selected go, PATH,
// writability of GOBIN/GOCACHE/GOMODCACHE, the programs in GOBIN) and runs every pitfall
// check of doctor-checks.ts over them. Offline; network probes live in network-probes.ts.

import type { Config } from '../config.js';
import { GvxError } from '../errors.js';
import { findActive } from '../select/active.js';
import { describeMissing, describeSelector } from '../select/selection.js';
import { HomeLayout } from '../store/layout.js';
import { DOCTOR_CHECKS, type DoctorCheck, type DoctorFacts } from './doctor-checks.js';
import { type GoEnv, installDir, readGoEnv } from './go-env.js';
import { listTools, type Tool } from './tools.js';
import { checkWritableDir, type Writability } from './writable.js';

export interface DoctorReport {
  /** False when any check is an error. */
  readonly ok: boolean;
  readonly version?: string;
  readonly goroot?: string;
  readonly checks: readonly DoctorCheck[];
}

export interface DoctorOptions {
  /** --network: extra checks that need Go's settings (GOPROXY), e.g. network-probes.ts. */
  readonly probe?: (goEnv: GoEnv) => Promise<DoctorCheck[]>;
}

export async function runDoctor(config: Config, options: DoctorOptions = {}): Promise<DoctorReport> {
  const layout = new HomeLayout(config.home);
  const checks: DoctorCheck[] = [];
  let selected: DoctorFacts['selected'];
  try {
    const { selection, installed } = await findActive(config);
    if (!selection) {
      checks.push({ id: 'selection', severity: 'error', message: 'no Go version is selected here', fix: 'gvx use 1.22 pins one for this project; gvx use --global 1.22 sets the default' });
    } else if (!installed) {
      checks.push({ id: 'selection', severity: 'error', message: describeMissing(selection), fix: `gvx install ${selection.spec.text}` });
    } else {
      selected = { version: installed.version.text, goroot: installed.goroot };
      checks.push({ id: 'selection', severity: 'ok', message: `go ${installed.version.text} selected by ${describeSelector(selection)}` });
    }
  } catch (error) {
    if (!(error instanceof GvxError)) throw error;
    checks.push({ id: 'selection', severity: 'error', message: error.message, fix: error.hint });
  }

  // Go's own view of its settings; without a working go, the raw environment is the best guess.
  let goEnv: GoEnv = rawGoEnv(config);
  if (selected) {
    try {
      goEnv = await readGoEnv(selected.goroot, config.env, config.cwd);
      checks.push({ id: 'go-env', severity: 'ok', message: `settings read from go env -json of go${selected.version}` });
    } catch (error) {
      if (!(error instanceof GvxError)) throw error;
      checks.push({ id: 'go-env', severity: 'error', message: `${error.message}; the checks below read the raw environment instead`, fix: error.hint });
    }
  }

  const dir = installDir(goEnv);
  const writable: Record<string, Writability> = {};
  if (dir) writable.GOBIN = await checkWritableDir(dir);
  for (const name of ['GOCACHE', 'GOMODCACHE'] as const) {
    if (goEnv[name] && goEnv[name] !== 'off') writable[name] = await checkWritableDir(goEnv[name]);
  }
  let tools: DoctorFacts['tools'];
  if (dir && selected) {
    let list: Tool[] = [];
    try {
      list = await listTools(dir, selected, config);
    } catch (error) {
      if (!(error instanceof GvxError)) throw error;
      checks.push({ id: 'stale-tools', severity: 'warn', message: `cannot list the programs in ${dir}: ${error.message}`, fix: error.hint });
    }
    tools = { dir, list };
  } else if (dir) {
    tools = { dir, list: [] };
  }

  const facts: DoctorFacts = { config, goEnv, selected, shimsDir: layout.shimsDir, writable, tools };
  for (const check of DOCTOR_CHECKS) checks.push(...[check(facts)].flat());
  if (options.probe) checks.push(...(await options.probe(goEnv)));
  return { ok: !checks.some((c) => c.severity === 'error'), version: selected?.version, goroot: selected?.goroot, checks };
}

/** The Go variables straight from the environment (no go.env file, no defaults). */
function rawGoEnv(config: Config): GoEnv {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(config.env)) {
    if (value !== undefined && (key.startsWith('GO') || key === 'CGO_ENABLED' || key === 'CC')) env[key] = value;
  }
  return env;
}
