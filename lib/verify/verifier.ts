// `gvx verify`: proves, by asking the go binary itself, that the Go selected in a directory is
// the Go that runs there (gvx's first promise). Seven checks, in order:
//   selection · install · build-info · path · shim-env · goroot-env · go-mod
// Every child has a timeout and nothing here touches the network: the go commands run with
// GOTOOLCHAIN=local, except the one through the shim, which keeps the user's GOTOOLCHAIN (that
// is what it tests) but gets GOPROXY=off so a toolchain switch fails instead of downloading.

import { realpath } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config.js';
import { GvxError } from '../errors.js';
import { shimToolchain, unsetToolchainCommands } from '../goenv/toolchain.js';
import { findModuleFile, goworkSetting, readModuleRequirement } from '../select/module-requirement.js';
import { chooseForRequirement } from '../select/requirement-choice.js';
import { describeMissing, describeOrigin, describeSelector, findSelection, readDefaultSelection, resolveInstalled, type Selection } from '../select/selection.js';
import { readInstallRecord } from '../store/install-record.js';
import { type InstalledVersion, listInstalled } from '../store/inventory.js';
import { HomeLayout } from '../store/layout.js';
import { compareGoVersions } from '../version/go-version.js';
import { readBuildInfo } from './build-info.js';
import { setupAdvice } from '../shell/env-file.js';
import { describeFailure, runChild } from './child.js';
import { readGorootVersion } from './goroot-version.js';
import { classifyExportedGoroot } from './hook-goroot.js';
import { describeUnverifiedOrigin } from './install-provenance.js';
import { findAllOnPath, isExecutableFile } from '../path-search.js';

export type VerifyCheckId = 'selection' | 'install' | 'build-info' | 'path' | 'shim-env' | 'goroot-env' | 'go-mod';

export interface VerifyCheck {
  readonly id: VerifyCheckId;
  readonly ok: boolean;
  readonly message: string;
  /** What to do about it; present when ok is false (unless the check could not run). */
  readonly fix?: string;
}

export interface VerifyReport {
  /** True only when every check passed. */
  readonly ok: boolean;
  /** The selected, installed version (e.g. "1.22.12"), when there is one. */
  readonly version?: string;
  readonly goroot?: string;
  readonly checks: readonly VerifyCheck[];
}

const VERIFY_TIMEOUT_MS = 15_000;

export async function verify(config: Config, timeoutMs = VERIFY_TIMEOUT_MS): Promise<VerifyReport> {
  const layout = new HomeLayout(config.home);
  const checks: VerifyCheck[] = [];
  const all = await listInstalled(layout);
  const { check: selectionCheck, selection, installed } = await checkSelection(config, all);
  checks.push(selectionCheck);
  const skipped = (id: VerifyCheckId, why: string): VerifyCheck => ({ id, ok: false, message: `not checked: ${why}` });
  const noVersion = !selection ? 'nothing is selected' : selection.requirement ? 'no installed Go satisfies the module' : `go ${selection.spec.text} is not installed`;

  if (selection && !installed) {
    checks.push({
      id: 'install',
      ok: false,
      message: selection.requirement
        ? describeMissing(selection)
        : `go ${selection.spec.text} (selected by ${describeOrigin(selection)}) is not installed`,
      fix: `gvx install ${selection.spec.text}`,
    });
  } else if (installed) {
    checks.push(await checkInstall(installed, config, timeoutMs));
  } else {
    checks.push(skipped('install', noVersion));
  }
  checks.push(installed ? await checkBuildInfo(installed, config, timeoutMs) : skipped('build-info', noVersion));
  checks.push(await checkPath(layout, config));
  checks.push(installed ? await checkShimEnv(installed, layout, config, timeoutMs) : skipped('shim-env', noVersion));
  checks.push(installed ? await checkGorootEnv(installed, config) : skipped('goroot-env', noVersion));
  checks.push(selection && installed ? await checkGoMod(selection, installed, all, layout, config) : skipped('go-mod', noVersion));
  return { ok: checks.every((c) => c.ok), version: installed?.version.text, goroot: installed?.goroot, checks };
}

async function checkSelection(config: Config, all: readonly InstalledVersion[]): Promise<{ check: VerifyCheck; selection?: Selection; installed?: InstalledVersion }> {
  let selection: Selection | undefined;
  try {
    selection = await findSelection(config);
  } catch (error) {
    if (!(error instanceof GvxError)) throw error;
    return { check: { id: 'selection', ok: false, message: error.message, fix: error.hint ?? 'gvx use 1.22' } };
  }
  if (!selection) {
    return {
      check: {
        id: 'selection',
        ok: false,
        message: 'no Go version is selected here (no GVX_GO_VERSION, .go-version, .tool-versions, go.mod or global default)',
        fix: 'gvx use 1.22 pins one for this project; gvx use --global 1.22 sets the default',
      },
    };
  }
  const installed = resolveInstalled(selection, all);
  // A module selects no spec of its own (selection.spec is only what an install would get).
  const message = !selection.requirement
    ? `go ${selection.spec.text} selected by ${describeOrigin(selection)}`
    : installed
      ? `go ${installed.version.text} selected by ${describeSelector(selection)}`
      : describeOrigin(selection);
  return { check: { id: 'selection', ok: true, message }, selection, installed };
}

/** bin/go exists and runs, and it and VERSION both name the selected version. */
async function checkInstall(installed: InstalledVersion, config: Config, timeoutMs: number): Promise<VerifyCheck> {
  const v = installed.version.text;
  const go = join(installed.goroot, 'bin', 'go');
  const fix = `gvx install --force ${v}`;
  if (!isExecutableFile(go)) return { id: 'install', ok: false, message: `${go} is missing or not executable`, fix };
  const versionFile = await readGorootVersion(installed.goroot);
  if (versionFile.line !== `go${v}`) {
    const says = versionFile.shown === undefined ? `${versionFile.why}; it should say go${v}` : `says "${versionFile.shown}", not go${v}`;
    return { id: 'install', ok: false, message: `${versionFile.path} ${says}`, fix };
  }
  const run = await runChild(go, ['version'], { env: goEnvFor(installed, config), cwd: installed.goroot, timeoutMs });
  if (run.exitCode !== 0) return { id: 'install', ok: false, message: describeFailure(`${go} version`, run, timeoutMs), fix };
  const said = run.stdout.trim();
  // "go version go1.22.12 linux/amd64"
  if (said.split(/\s+/)[2] !== `go${v}`) {
    return { id: 'install', ok: false, message: `${go} version says "${said.slice(0, 80)}", not go${v}`, fix };
  }
  const origin = describeUnverifiedOrigin(await readInstallRecord(installed.goroot));
  return { id: 'install', ok: true, message: `${installed.goroot}: bin/go runs and says go${v}, VERSION says go${v}${origin ? `; ${origin}` : ''}` };
}

/** `go version -m bin/go`: the binary's own build record says go<v>, cmd/go, this GOOS/GOARCH. */
async function checkBuildInfo(installed: InstalledVersion, config: Config, timeoutMs: number): Promise<VerifyCheck> {
  const v = installed.version.text;
  const go = join(installed.goroot, 'bin', 'go');
  const fix = `gvx install --force ${v}`;
  let info;
  try {
    info = await readBuildInfo(go, go, { env: goEnvFor(installed, config), timeoutMs });
  } catch (error) {
    if (!(error instanceof GvxError)) throw error;
    return { id: 'build-info', ok: false, message: `go version -m ${go}: ${error.message}`, fix };
  }
  const problems: string[] = [];
  const goVersion = info.goVersion.split(' ')[0];
  if (goVersion !== `go${v}`) problems.push(`built as ${info.goVersion}, not go${v}`);
  if (info.path !== 'cmd/go') problems.push(`path is ${info.path ?? '(none)'}, not cmd/go`);
  const platform = `${info.settings.GOOS}/${info.settings.GOARCH}`;
  const machine = `${config.goos}/${config.goarch}`;
  if (platform !== machine) problems.push(`built for ${platform}, this machine is ${machine}`);
  if (problems.length > 0) return { id: 'build-info', ok: false, message: `go version -m ${go}: ${problems.join('; ')}`, fix };
  return { id: 'build-info', ok: true, message: `go version -m bin/go: ${goVersion}, path cmd/go, ${platform}` };
}

/** The `go` a shell, a Makefile or an IDE would run is the gvx shim. */
async function checkPath(layout: HomeLayout, config: Config): Promise<VerifyCheck> {
  const shim = join(layout.shimsDir, 'go');
  const onPath = findAllOnPath('go', config.env.PATH);
  const shimAt = await indexOfSame(onPath, shim);
  const putFirst = `put ${layout.shimsDir} first on PATH: ${setupAdvice(layout.home, config.env)}`;
  if (!isExecutableFile(shim)) {
    return { id: 'path', ok: false, message: `the gvx shim ${shim} is missing`, fix: 'gvx use <version> (or gvx install) writes the shims' };
  }
  if (onPath.length === 0) return { id: 'path', ok: false, message: `no go on PATH (the shims in ${layout.shimsDir} are not on it)`, fix: putFirst };
  if (shimAt === 0) return { id: 'path', ok: true, message: `the first go on PATH is the gvx shim (${onPath[0]})` };
  const shadow = onPath[0]!;
  const where = shimAt < 0 ? `and the gvx shims (${layout.shimsDir}) are not on PATH at all` : `ahead of the gvx shim (${onPath[shimAt]})`;
  return {
    id: 'path',
    ok: false,
    message: `the first go on PATH is ${shadow}, ${where}`,
    fix: `remove ${dirname(shadow)} from PATH, or ${putFirst}`,
  };
}

/** Through the shim, in the cwd: `go env GOROOT GOVERSION` — catches GOTOOLCHAIN switches. */
async function checkShimEnv(installed: InstalledVersion, layout: HomeLayout, config: Config, timeoutMs: number): Promise<VerifyCheck> {
  const v = installed.version.text;
  const shim = join(layout.shimsDir, 'go');
  if (!isExecutableFile(shim)) return { id: 'shim-env', ok: false, message: `the gvx shim ${shim} is missing`, fix: 'gvx use <version> (or gvx install) writes the shims' };
  // The GOTOOLCHAIN the shim leaves in effect: the user's (environment or go env -w), or local.
  const effective = shimToolchain(config.env, config.goos);
  const toolchain = effective.source === 'gvx shim default' ? undefined : effective.value;
  const where = effective.source === 'environment' ? '' : ` in ${effective.file}, written by go env -w`;
  const unsetToolchain = toolchain
    ? `${unsetToolchainCommands(config.env, config.goos)} (it is "${toolchain}"${where}; without it the shim runs go with GOTOOLCHAIN=local)`
    : 'check `go env GOTOOLCHAIN`';
  // GOPROXY=off: if go wants another toolchain it must fail here, not download one.
  const run = await runChild(shim, ['env', 'GOROOT', 'GOVERSION'], { env: { ...config.env, GOPROXY: 'off' }, cwd: config.cwd, timeoutMs });
  if (run.exitCode !== 0) {
    const switching = /toolchain|downloading go/i.test(run.stderr);
    return {
      id: 'shim-env',
      ok: false,
      message: `${describeFailure('go env GOROOT GOVERSION (through the shim)', run, timeoutMs)}${switching ? ` — go tried to switch to another toolchain (GOTOOLCHAIN=${toolchain ?? 'local'})` : ''}`,
      fix: switching ? `${unsetToolchain}, or select the Go the module asks for (see the go-mod check)` : 'run `go env` here to see what go complains about',
    };
  }
  const [goroot = '', goversion = ''] = run.stdout.split('\n').map((l) => l.trim());
  const problems: string[] = [];
  if (!(await samePath(goroot, installed.goroot))) problems.push(`GOROOT is ${goroot || '(empty)'}, not ${installed.goroot}`);
  if (goversion.split(' ')[0] !== `go${v}`) problems.push(`GOVERSION is ${goversion || '(empty)'}, not go${v}`);
  if (problems.length > 0) {
    return {
      id: 'shim-env',
      ok: false,
      message: `through the shim here, ${problems.join('; ')}${toolchain ? ` (GOTOOLCHAIN=${toolchain} switched toolchains)` : ''}`,
      fix: toolchain ? unsetToolchain : `gvx install --force ${v}`,
    };
  }
  return { id: 'shim-env', ok: true, message: `through the shim here: GOROOT=${goroot}, GOVERSION=${goversion}` };
}

/**
 * An exported GOROOT, if any, is the selected root. The shell hook's own GOROOT never fails:
 * when it names another version the hook has not run since the selection changed (right after
 * `gvx use`, whose shell function refreshes the shell as soon as it returns, or after a change
 * made in another terminal), and it switches at the next prompt.
 */
async function checkGorootEnv(installed: InstalledVersion, config: Config): Promise<VerifyCheck> {
  const classified = classifyExportedGoroot(config.env, config.home);
  if (classified.owner === 'none') return { id: 'goroot-env', ok: true, message: 'GOROOT is not exported (the shim sets it for each go call)' };
  const v = installed.version.text;
  if (await samePath(classified.goroot, installed.goroot)) {
    const message = classified.owner === 'hook' ? `exported by gvx's shell hook: ${classified.goroot}` : `exported GOROOT is the selected root (${classified.goroot})`;
    return { id: 'goroot-env', ok: true, message };
  }
  if (classified.owner === 'hook') {
    return {
      id: 'goroot-env',
      ok: true,
      message: `gvx's shell hook exported GOROOT for go ${classified.version}; it switches to ${v} at the next prompt (the go shim already uses ${v})`,
    };
  }
  // Exported by hand: the user's to remove.
  const exported = classified.goroot;
  const theirs = await readGorootVersion(exported);
  return {
    id: 'goroot-env',
    ok: false,
    message:
      `GOROOT=${exported} is exported (${theirs.shown ?? `its VERSION ${theirs.why}`}), but go ${v} is selected. The shim overrides it for go itself, ` +
      `but anything that reads $GOROOT (IDEs, gopls, scripts running $GOROOT/bin/go) gets the other tree, and a go of one release ` +
      `with the GOROOT of another fails with "compile: version "${theirs.shown ?? 'goX'}" does not match go tool version "go${v}""`,
    fix: `unset GOROOT and remove its export from your shell profile; gvx sets GOROOT per call (for an IDE: gvx which --goroot)`,
  };
}

/**
 * The module of the cwd (one file, as rule 3 reads it: go.work else go.mod) does not require a
 * newer Go than the selected one. Only an explicit selection can be older (rule 3 never picks
 * one): the fix is what rule 3 would choose, an installed release or the install of R's family.
 */
async function checkGoMod(selection: Selection, selected: InstalledVersion, all: readonly InstalledVersion[], layout: HomeLayout, config: Config): Promise<VerifyCheck> {
  let requirement = selection.requirement;
  if (!requirement) {
    try {
      const found = await findModuleFile(config.cwd, goworkSetting(config));
      if (!found) return { id: 'go-mod', ok: true, message: 'no go.mod or go.work here' };
      requirement = await readModuleRequirement(found.file, found.kind);
      if (!requirement) return { id: 'go-mod', ok: true, message: `${found.file} has no go or toolchain line that names a version` };
    } catch (error) {
      if (!(error instanceof GvxError)) throw error;
      return { id: 'go-mod', ok: false, message: error.message, fix: error.hint ?? 'fix the file' };
    }
  }
  const wanted = requirement.requirement;
  const needs = `${requirement.file} requires go >= ${wanted.text}${requirement.fromToolchain ? ' (its toolchain line)' : ''}`;
  const v = selected.version.text;
  if (compareGoVersions(selected.version, wanted) >= 0) return { id: 'go-mod', ok: true, message: `${needs}; go ${v} satisfies it` };

  const asked = selection.spec.text === v ? v : `${selection.spec.text} (${v})`;
  const pinned =
    selection.origin === 'env' ? `GVX_GO_VERSION selects go ${asked}`
    : selection.origin === 'default' ? `the global default (${selection.file}) is go ${asked}`
    : `${selection.file} pins go ${asked}`;
  const defaultSelection = await readDefaultSelection(layout).catch((error: unknown) => {
    if (error instanceof GvxError) return undefined; // a broken default is no choice; gvx current reports it
    throw error;
  });
  const choice = chooseForRequirement(wanted, all, defaultSelection && resolveInstalled(defaultSelection, all));
  const select = selection.origin === 'env' ? 'gvx shell' : 'gvx use';
  const install = requirement.installSpec.text;
  return {
    id: 'go-mod',
    ok: false,
    message: `${pinned}, but ${needs}`,
    fix: choice ? `${select} ${choice.version.text}` : `gvx install ${install} && ${select} ${install}`,
  };
}

/** The environment the gvx shim would give bin/go, but never switching toolchains. */
function goEnvFor(installed: InstalledVersion, config: Config): NodeJS.ProcessEnv {
  return { ...config.env, GOROOT: installed.goroot, GOTOOLCHAIN: 'local' };
}

async function samePath(a: string, b: string): Promise<boolean> {
  if (a === '' || b === '') return false;
  const [x, y] = await Promise.all([realpath(a).catch(() => resolve(a)), realpath(b).catch(() => resolve(b))]);
  return x === y;
}

async function indexOfSame(paths: readonly string[], target: string): Promise<number> {
  for (let i = 0; i < paths.length; i++) if (await samePath(paths[i]!, target)) return i;
  return -1;
}
