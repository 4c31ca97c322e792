// `gvx doctor`: gathers the facts once (selection, `go env -json` of the selected go, PATH,
// writability of GOBIN/GOCACHE/GOMODCACHE, the programs in GOBIN) and runs every pitfall
// check of doctor-checks.ts over them. Offline; network probes live in network-probes.ts.
// Without a selected, working go (a fresh home, say) a check that needs Go's computed defaults
// runs only on settings set explicitly; one go-env line names the others instead of guessing.

import type { Config } from '../config.js';
import { GvxError } from '../errors.js';
import { readGoSetting } from '../goenv/go-env-file.js';
import { findActive } from '../select/active.js';
import { describeMissing, describeSelector } from '../select/selection.js';
import { listInstalled } from '../store/inventory.js';
import { HomeLayout } from '../store/layout.js';
import { DOCTOR_CHECKS, type DoctorCheck, type DoctorCheckSpec, type DoctorFacts, type Severity } from './doctor-checks.js';
import { type GoEnv, installDir, readGoEnvJson } from './go-env.js';
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
  // Why there is no `go env` to read, and how to get one, when no installed go is selected.
  let noGo: { reason: string; fix?: string; severity?: Severity } | undefined;
  try {
    const { selection, installed } = await findActive(config);
    if (!selection && (await listInstalled(layout)).length === 0) {
      // A fresh home: nothing is wrong yet, there is just nothing to run.
      const fix = 'gvx install latest (the first version installed becomes the global default)';
      checks.push({ id: 'selection', severity: 'warn', message: 'no Go is installed yet, so nothing is selected: go through the gvx shims exits 127', fix });
      noGo = { reason: 'no Go is installed', fix: 'gvx install latest' };
    } else if (!selection) {
      const fix = 'gvx use 1.22 pins one for this project; gvx use --global 1.22 sets the default';
      checks.push({ id: 'selection', severity: 'error', message: 'no Go version is selected here', fix });
      noGo = { reason: 'no Go is selected here', fix };
    } else if (!installed) {
      const fix = `gvx install ${selection.spec.text}`;
      checks.push({ id: 'selection', severity: 'error', message: describeMissing(selection), fix });
      noGo = { reason: 'the selected Go is not installed', fix };
    } else {
      selected = { version: installed.version.text, goroot: installed.goroot };
      checks.push({ id: 'selection', severity: 'ok', message: `go ${installed.version.text} selected by ${describeSelector(selection)}` });
    }
  } catch (error) {
    if (!(error instanceof GvxError)) throw error;
    checks.push({ id: 'selection', severity: 'error', message: error.message, fix: error.hint });
    noGo = { reason: 'the selection cannot be read', fix: error.hint };
  }

  // Go's own view of its settings. Without it, only the settings set explicitly are known: a
  // check that needs one of Go's computed defaults is skipped, and they are named in one line.
  let goEnv: GoEnv = explicitSettings(config);
  let fromGo = false;
  if (selected) {
    try {
      goEnv = await readGoEnvJson(selected.goroot, config.env, config.cwd);
      fromGo = true;
    } catch (error) {
      if (!(error instanceof GvxError)) throw error;
      noGo = { reason: error.message, fix: error.hint, severity: 'error' };
    }
  }
  const runs = (check: DoctorCheckSpec) => fromGo || !check.needsGoEnv || check.needsGoEnv.unlessSet.some((name) => goEnv[name]);
  if (fromGo) {
    checks.push({ id: 'go-env', severity: 'ok', message: `settings read from go env -json of go${selected!.version}` });
  } else if (noGo) {
    const skipped = DOCTOR_CHECKS.filter((c) => !runs(c)).map((c) => c.needsGoEnv!.what);
    const list = skipped.join(', ').replace(/, ([^,]*)$/, ' and $1');
    checks.push({ id: 'go-env', severity: noGo.severity ?? 'info', message: `${noGo.reason}${noGo.severity === 'error' ? ';' : ','} so ${list} ${skipped.length === 1 ? 'was not checked: it needs' : 'were not checked: they need'} the selected go's go env`, fix: noGo.fix });
  }

  const writable: Record<string, Writability> = {};
  const dir = installDir(goEnv);
  if (dir) writable.GOBIN = await checkWritableDir(dir);
  for (const name of ['GOCACHE', 'GOMODCACHE'] as const) {
    if (goEnv[name] && goEnv[name] !== 'off') writable[name] = await checkWritableDir(goEnv[name]);
  }
  let tools: DoctorFacts['tools'];
  if (dir && selected && fromGo) {
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
  for (const check of DOCTOR_CHECKS) if (runs(check)) checks.push(...[await check.run(facts)].flat());
  if (options.probe) checks.push(...(await options.probe(goEnv)));
  return { ok: !checks.some((c) => c.severity === 'error'), version: selected?.version, goroot: selected?.goroot, checks };
}

/** The Go settings doctor reads that are set explicitly: the environment, then the go env -w file. */
const SETTINGS = [
  'CC', 'CGO_ENABLED', 'GO111MODULE', 'GOBIN', 'GOCACHE', 'GOFLAGS', 'GOINSECURE', 'GOMODCACHE', 'GONOPROXY',
  'GONOSUMDB', 'GOPATH', 'GOPRIVATE', 'GOPROXY', 'GOSUMDB', 'GOWORK',
];

/** Without a go to ask; GONOSUMDB and GONOPROXY default to GOPRIVATE, as go does it. */
function explicitSettings(config: Config): GoEnv {
  const env: Record<string, string> = {};
  for (const key of SETTINGS) {
    const found = readGoSetting(key, { env: config.env, goos: config.goos });
    if (found) env[key] = found.value;
  }
  if (env.GOPRIVATE) {
    env.GONOSUMDB ??= env.GOPRIVATE;
    env.GONOPROXY ??= env.GOPRIVATE;
  }
  return env;
}
