// The environment pitfalls `gvx doctor` looks for, one small function each. They
// read a snapshot (DoctorFacts) gathered by doctor.ts: the raw environment, the settings as Go
// resolves them (`go env -json`), the selection, PATH, and the programs in GOBIN. The go-work
// and goroot checks also read a file of the user's tree (go.work, VERSION): bounded, and never
// quoted from a symlink (tree-file.ts).

import { existsSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Config } from '../config.js';
import { formatBytes } from '../format-bytes.js';
import { shimToolchain, unsetToolchainCommands } from '../goenv/toolchain.js';
import { setupAdvice } from '../shell/env-file.js';
import { truncateForMessage } from '../version/go-version.js';
import type { GoEnv } from './go-env.js';
import { readGorootVersion } from './goroot-version.js';
import { classifyExportedGoroot } from './hook-goroot.js';
import { parseWorkUses } from './module-files.js';
import { findAllOnPath, isDirOnPath, resolveCommand } from '../path-search.js';
import { builtByActive, type Tool } from './tools.js';
import { readTreeFile } from './tree-file.js';
import type { Writability } from './writable.js';

export type Severity = 'ok' | 'info' | 'warn' | 'error';

export interface DoctorCheck {
  readonly id: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fix?: string;
}

export interface DoctorFacts {
  readonly config: Config;
  /**
   * Settings as the selected go resolves them (`go env -json`). Without that answer, only the
   * ones set explicitly, in the environment or the `go env -w` file (see needsGoEnv).
   */
  readonly goEnv: GoEnv;
  readonly selected?: { readonly version: string; readonly goroot: string };
  readonly shimsDir: string;
  /** GOBIN / GOCACHE / GOMODCACHE writability, by variable name. */
  readonly writable: Readonly<Record<string, Writability>>;
  /** The install directory (GOBIN or GOPATH[0]/bin) and its programs, when known. */
  readonly tools?: { readonly dir: string; readonly list: readonly Tool[] };
}

type Check = (facts: DoctorFacts) => DoctorCheck | DoctorCheck[] | Promise<DoctorCheck | DoctorCheck[]>;

/** The bytes of a go.work doctor reads for its use directives (go sets no limit; a real one is a few KiB). */
const MAX_GO_WORK_BYTES = 1024 * 1024;
/** How much of a use path a finding quotes. */
const MAX_SHOWN_USE = 200;

const ok = (id: string, message: string): DoctorCheck => ({ id, severity: 'ok', message });

const goroot: Check = async ({ config, selected }) => {
  const exported = classifyExportedGoroot(config.env, config.home);
  if (exported.owner === 'none') return ok('goroot', 'GOROOT is not exported (the shim sets it for each go call)');
  const value = exported.goroot;
  if (exported.owner === 'hook') {
    // gvx's own export: never the user's to remove. Another version than the selected one means
    // the hook has not run since the selection changed; it catches up at the next prompt.
    if (selected?.version === exported.version) return ok('goroot', `GOROOT=${value} is exported by gvx's shell hook for the selected go ${selected.version}`);
    const next = selected
      ? `it switches to ${selected.version} at the next prompt (the go shim already uses ${selected.version})`
      : 'it takes it back at the next prompt (no installed version is selected here)';
    return ok('goroot', `gvx's shell hook exported GOROOT for go ${exported.version}; ${next}`);
  }
  const unset = 'unset GOROOT and remove its export from your shell profile; the gvx shim sets GOROOT for each go call';
  if (!existsSync(join(value, 'bin', 'go'))) {
    // The classic: GOROOT=/usr/local/go/go, or a tree that was removed.
    const parent = existsSync(join(dirname(value), 'bin', 'go')) ? ` (did you mean ${dirname(value)}?)` : '';
    return { id: 'goroot', severity: 'error', message: `GOROOT=${value} is not a Go tree: it has no bin/go${parent}`, fix: unset };
  }
  const version = await readGorootVersion(value);
  if (selected && version.line !== `go${selected.version}`) {
    return {
      id: 'goroot',
      severity: 'error',
      message: `GOROOT=${value} is ${version.shown ?? `an unknown Go (its VERSION ${version.why})`}, but go ${selected.version} is selected: tools that read $GOROOT mix releases ("compile: version … does not match go tool version …")`,
      fix: unset,
    };
  }
  return ok('goroot', `GOROOT=${value} is the selected root (redundant: the shim sets it)`);
};

const go111module: Check = ({ goEnv }) => {
  const value = goEnv.GO111MODULE ?? '';
  if (value === 'off') {
    return { id: 'go111module', severity: 'error', message: 'GO111MODULE=off: go ignores go.mod and builds in GOPATH mode', fix: 'go env -u GO111MODULE; unset GO111MODULE' };
  }
  if (value === 'auto') {
    return { id: 'go111module', severity: 'warn', message: 'GO111MODULE=auto: outside a module go falls back to GOPATH mode', fix: 'go env -u GO111MODULE; unset GO111MODULE (module mode is the default)' };
  }
  return ok('go111module', `module mode is on (${value ? `GO111MODULE=${value}` : 'GO111MODULE is unset'})`);
};

const gopath: Check = ({ goEnv, selected, config }) => {
  const value = goEnv.GOPATH ?? '';
  if (value === '') {
    return { id: 'gopath', severity: 'warn', message: 'GOPATH is empty (no GOPATH and no HOME): go install and the module cache have no default place', fix: 'export GOPATH=$HOME/go' };
  }
  // A GOROOT the shell hook exported for another version than the selected one is gone at the
  // next prompt and no go runs with it (the shim sets its own): it is no GOROOT to overlap.
  const exported = classifyExportedGoroot(config.env, config.home);
  const staleHook = exported.owner === 'hook' && exported.version !== selected?.version ? exported.goroot : undefined;
  const roots = [selected?.goroot, config.env.GOROOT, goEnv.GOROOT].filter((r): r is string => !!r && r !== staleHook);
  for (const entry of value.split(delimiter)) {
    if (!isAbsolute(entry)) return { id: 'gopath', severity: 'error', message: `GOPATH entry "${entry}" is relative; go requires absolute paths`, fix: 'export GOPATH=$HOME/go' };
    const root = roots.find((r) => isInside(entry, r));
    if (root) {
      return {
        id: 'gopath',
        severity: 'error',
        message: `GOPATH entry ${entry} overlaps GOROOT ${root}: go ignores it ("GOPATH set to GOROOT has no effect") and modules would be cached inside a Go install`,
        fix: 'export GOPATH=$HOME/go (or unset GOPATH for that default)',
      };
    }
  }
  return ok('gopath', `GOPATH=${value}`);
};

const gobin: Check = ({ goEnv, writable, config, tools }) => {
  const dir = tools?.dir;
  if (!dir) return ok('gobin', 'no install directory (GOBIN and GOPATH are empty)');
  const source = goEnv.GOBIN ? 'GOBIN' : 'GOPATH/bin';
  const checks: DoctorCheck[] = [];
  const w = writable.GOBIN;
  if (w && !w.ok) {
    checks.push({ id: 'gobin-writable', severity: 'error', message: `${source} ${dir} is not writable: ${w.reason}; go install fails`, fix: `point GOBIN at a writable directory (go env -w GOBIN=$HOME/go/bin)` });
  } else {
    checks.push(ok('gobin-writable', `${source} ${dir} is writable`));
  }
  const onPath = isDirOnPath(dir, config.env.PATH);
  checks.push(
    onPath
      ? ok('gobin-on-path', `${dir} is on PATH`)
      : { id: 'gobin-on-path', severity: 'warn', message: `${source} ${dir} is not on PATH: programs you go install are not found by name`, fix: `export PATH="$PATH:${dir}"` },
  );
  return checks;
};

const cache =
  (name: 'GOCACHE' | 'GOMODCACHE'): Check =>
  ({ goEnv, writable }) => {
    const id = name.toLowerCase();
    const value = goEnv[name] ?? '';
    if (name === 'GOCACHE' && value === 'off') {
      return { id, severity: 'error', message: 'GOCACHE=off: go build needs its build cache since Go 1.12 and fails', fix: 'go env -u GOCACHE; unset GOCACHE' };
    }
    const w = writable[name];
    if (!value || !w) return { id, severity: 'warn', message: `${name} is empty`, fix: `go env -u ${name}; unset ${name}` };
    if (!w.ok) return { id, severity: 'error', message: `${name} ${value} is not writable: ${w.reason}`, fix: `point ${name} at a writable directory (export ${name}=…)` };
    return ok(id, `${name} ${value} is writable`);
  };

const gocache = cache('GOCACHE');
const gomodcache = cache('GOMODCACHE');

const integrity: Check = ({ goEnv }) => {
  const checks: DoctorCheck[] = [];
  const sumdb = goEnv.GOSUMDB ?? '';
  checks.push(
    sumdb === 'off'
      ? { id: 'gosumdb', severity: 'warn', message: 'GOSUMDB=off: downloaded modules are not checked against the checksum database', fix: 'go env -u GOSUMDB; unset GOSUMDB (use GOPRIVATE/GONOSUMDB for private modules instead)' }
      : ok('gosumdb', `checksum database: ${sumdb || 'sum.golang.org (default)'}`),
  );
  if (goEnv.GONOSUMDB) {
    const everything = goEnv.GONOSUMDB.split(',').some((p) => p.trim() === '*');
    checks.push({
      id: 'gonosumdb',
      severity: everything ? 'warn' : 'info',
      message: `GONOSUMDB=${goEnv.GONOSUMDB}: modules matching it are not checked against the checksum database${goEnv.GOPRIVATE ? ' (set from GOPRIVATE)' : ''}`,
      fix: everything ? 'list only your private module prefixes in GOPRIVATE' : undefined,
    });
  }
  if (goEnv.GOINSECURE) {
    checks.push({ id: 'goinsecure', severity: 'warn', message: `GOINSECURE=${goEnv.GOINSECURE}: modules matching it may be fetched over plain HTTP without verification`, fix: 'go env -u GOINSECURE; unset GOINSECURE' });
  }
  const flags = (goEnv.GOFLAGS ?? '').split(/\s+/);
  if (flags.some((f) => f === '-insecure' || f.startsWith('-insecure='))) {
    checks.push({ id: 'goflags-insecure', severity: 'warn', message: `GOFLAGS=${goEnv.GOFLAGS}: -insecure turns off HTTPS/integrity checks for fetches`, fix: 'remove -insecure from GOFLAGS (go env -w GOFLAGS=…); use GOINSECURE for specific hosts' });
  }
  return checks;
};

const goproxy: Check = ({ goEnv }) => {
  const value = goEnv.GOPROXY ?? '';
  if (value === 'off') {
    return { id: 'goproxy', severity: 'warn', message: 'GOPROXY=off: go cannot download any module (go get, go install path@version and new dependencies fail)', fix: 'go env -u GOPROXY; unset GOPROXY (default https://proxy.golang.org,direct)' };
  }
  if (value === 'direct') return { id: 'goproxy', severity: 'info', message: 'GOPROXY=direct: modules come straight from their VCS hosts (slower; needs git etc.)' };
  return ok('goproxy', `GOPROXY=${value || 'https://proxy.golang.org,direct (default)'}`);
};

const gotoolchain: Check = ({ config, selected }) => {
  // What go runs with through the shim: the environment's, the go env file's, else local.
  const { value, source, file } = shimToolchain(config.env, config.goos);
  const from = source === 'environment' ? 'from the environment' : source === 'go env -w file' ? `from the go env file ${file}, written by go env -w` : "the gvx shims' default: nothing sets it";
  const setting = `GOTOOLCHAIN=${value} (${from})`;
  if (value === 'local') return ok('gotoolchain', `${setting}: go never switches toolchains`);
  const unset = `${unsetToolchainCommands(config.env, config.goos)} (the shim then runs go with GOTOOLCHAIN=local), and gvx use the version a module needs`;
  const [name = ''] = value.split('+');
  if (name === 'auto' || name === 'path' || value.endsWith('+auto') || value.endsWith('+path')) {
    return { id: 'gotoolchain', severity: 'warn', message: `${setting}: go switches to ${name === 'path' || value.endsWith('+path') ? 'a go found on PATH' : 'a downloaded toolchain'} when go.mod asks for a newer Go than the selected one`, fix: unset };
  }
  if (selected && name === `go${selected.version}`) return { id: 'gotoolchain', severity: 'info', message: `${setting} names the selected version (redundant)`, fix: unset };
  return { id: 'gotoolchain', severity: 'error', message: `${setting}: every go command runs ${name} (downloading it if needed) instead of the selected ${selected ? `go${selected.version}` : 'version'}`, fix: unset };
};

const cgo: Check = ({ goEnv, config }) => {
  if (goEnv.CGO_ENABLED !== '1') return ok('cgo', `cgo is off (CGO_ENABLED=${goEnv.CGO_ENABLED ?? ''})`);
  const cc = (goEnv.CC || 'gcc').trim().split(/\s+/)[0]!;
  const found = resolveCommand(cc, config.env.PATH);
  if (!found) {
    return { id: 'cgo', severity: 'error', message: `CGO_ENABLED=1 but the C compiler "${cc}" (CC) is not found: packages using cgo fail to build`, fix: 'install a C compiler (gcc or clang) or set CC to one; or export CGO_ENABLED=0' };
  }
  return ok('cgo', `cgo is on; C compiler ${found}`);
};

const goWork: Check = async ({ goEnv }) => {
  const file = goEnv.GOWORK ?? '';
  if (file === '' || file === 'off') return ok('go-work', 'no go.work in effect');
  // go would hang on a FIFO and fill memory from /dev/zero; doctor reads at most the budget.
  const read = await readTreeFile(file, MAX_GO_WORK_BYTES);
  if (read.kind === 'unusable') {
    return { id: 'go-work', severity: 'error', message: `GOWORK=${file} ${read.why}`, fix: `remove ${file} or make it a regular go.work file; or export GOWORK=off` };
  }
  if (!read.complete) {
    return { id: 'go-work', severity: 'warn', message: `${file} is larger than ${formatBytes(MAX_GO_WORK_BYTES)}: its use directives were not checked`, fix: 'go work edit -json lists them; if the go.work is not yours, export GOWORK=off' };
  }
  const checks: DoctorCheck[] = [];
  // A symlink may point at a secret: followed to check the directories, but never quoted.
  if (read.symlink) checks.push({ id: 'go-work', severity: 'info', message: `${file} is a symlink: doctor follows it, but does not quote its content` });
  for (const use of parseWorkUses(read.bytes.toString('utf8'))) {
    const at = `${file}:${use.line}`;
    const shown = read.symlink ? undefined : truncateForMessage(use.path, MAX_SHOWN_USE);
    // Quoted as written only when escaping changed nothing, so a fix can name it.
    const exact = shown === use.path;
    const named = shown === undefined ? 'its use directive' : `use ${shown}`;
    if (sep === '/' && use.path.includes('\\')) {
      const fix = exact ? `write it with forward slashes: use ${use.path.replaceAll('\\', '/')}` : 'write it with forward slashes';
      checks.push({ id: 'go-work', severity: 'warn', message: `${at}: ${named} has backslashes; on this system they are part of the name, not separators`, fix });
    }
    const dir = resolve(dirname(file), use.path);
    if (!existsSync(join(dir, 'go.mod'))) {
      const why = existsSync(dir) ? 'has no go.mod' : 'the directory does not exist';
      const fix = exact ? `go work edit -dropuse=${use.path}, or create the module there` : 'go work edit -json lists the use paths: drop this one with go work edit -dropuse=PATH, or create the module there';
      checks.push({ id: 'go-work', severity: 'error', message: `${at}: ${named}: ${why}${exact ? ` (${dir})` : ''}`, fix });
    }
  }
  return checks.some((c) => c.severity !== 'info') ? checks : [...checks, ok('go-work', `${file}: every use directory has a go.mod`)];
};

const pathShadow: Check = ({ config, shimsDir }) => {
  const all = findAllOnPath('go', config.env.PATH);
  const shim = join(shimsDir, 'go');
  const at = all.findIndex((p) => resolve(p) === resolve(shim));
  const putFirst = `put ${shimsDir} first on PATH: ${setupAdvice(config.home, config.env)}`;
  if (at < 0) {
    return { id: 'path', severity: 'error', message: `the gvx shims (${shimsDir}) are not on PATH${all.length > 0 ? `; go runs ${all[0]}` : ''}`, fix: putFirst };
  }
  if (at > 0) {
    return { id: 'path', severity: 'error', message: `other go binaries come before the gvx shim on PATH: ${all.slice(0, at).join(', ')}`, fix: `remove ${[...new Set(all.slice(0, at).map((p) => dirname(p)))].join(', ')} from PATH, or ${putFirst}` };
  }
  const later = all.slice(1);
  return ok('path', `the gvx shim is the first go on PATH${later.length > 0 ? ` (later, unused: ${later.join(', ')})` : ''}`);
};

const staleTools: Check = ({ tools, selected }) => {
  if (!tools || !selected) return ok('stale-tools', 'no install directory to look at');
  const named = (list: readonly Tool[]) => list.map((t) => `${t.name} (${t.builtWith})`).join(', ');
  const stale = tools.list.filter((t) => t.stale);
  // Built by another Go, but not from a module version gvx could reinstall: for the record only.
  const local = tools.list.filter((t) => t.notRebuildable && !builtByActive(t, selected));
  const checks: DoctorCheck[] = [];
  if (stale.length > 0) {
    checks.push({ id: 'stale-tools', severity: 'warn', message: `programs in ${tools.dir} built by another Go than go${selected.version}: ${named(stale)}`, fix: 'gvx tools rebuild' });
  } else {
    checks.push(ok('stale-tools', `${tools.list.length} program(s) in ${tools.dir}, none stale`));
  }
  if (local.length > 0) {
    checks.push({
      id: 'stale-tools',
      severity: 'info',
      message: `programs built by another Go than go${selected.version} that gvx cannot rebuild (not counted as stale): ${local.map((t) => `${t.name} (${t.builtWith}; ${t.notRebuildable})`).join(', ')}`,
    });
  }
  return checks;
};

export interface DoctorCheckSpec {
  readonly run: Check;
  /**
   * For a check of a setting whose default only go computes (GOPATH from HOME, GOCACHE from the
   * user cache dir, CGO_ENABLED from the C compiler, GOWORK from the directories above): without
   * the selected go's `go env`, it runs only when one of `unlessSet` is set explicitly (in the
   * environment or the go env -w file); otherwise doctor names `what` as not checked.
   */
  readonly needsGoEnv?: { readonly what: string; readonly unlessSet: readonly string[] };
}

/** In the order doctor prints them. */
export const DOCTOR_CHECKS: readonly DoctorCheckSpec[] = [
  { run: pathShadow },
  { run: goroot },
  { run: gotoolchain },
  { run: go111module },
  { run: gopath, needsGoEnv: { what: 'GOPATH', unlessSet: ['GOPATH'] } },
  { run: gobin, needsGoEnv: { what: 'GOBIN', unlessSet: ['GOBIN', 'GOPATH'] } },
  { run: gocache, needsGoEnv: { what: 'GOCACHE', unlessSet: ['GOCACHE'] } },
  { run: gomodcache, needsGoEnv: { what: 'GOMODCACHE', unlessSet: ['GOMODCACHE'] } },
  { run: integrity },
  { run: goproxy },
  { run: cgo, needsGoEnv: { what: 'cgo', unlessSet: ['CGO_ENABLED'] } },
  { run: goWork, needsGoEnv: { what: 'go.work', unlessSet: ['GOWORK'] } },
  // Listing the programs asks go itself (go version -m).
  { run: staleTools, needsGoEnv: { what: 'the programs in GOBIN', unlessSet: [] } },
];

function isInside(child: string, parent: string): boolean {
  const rel = relative(resolve(parent), resolve(child));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}
