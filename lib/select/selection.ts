// Which Go the current directory selects, with where that choice came from:
//   1. GVX_GO_VERSION   2. the nearest .go-version / .tool-versions walking up to /
//   3. the module's requirement (nearest go.work, else go.mod: module-requirement.ts)
//   4. the global default   5. nothing.
// The shims and the bash/zsh hook (shims/resolve.sh), fish and PowerShell (lib/shell/) apply
// the same rule; test/select/resolution-cases.ts is one table of cases run through this file,
// the shims and real bash, zsh and fish (PowerShell, which cannot run here, is checked as text).

import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { debugTrace, type Trace } from '../debug-trace.js';
import { InvalidSpecError } from '../errors.js';
import type { InstalledVersion } from '../store/inventory.js';
import { HomeLayout } from '../store/layout.js';
import { pickNewest, type VersionSpec } from '../version/spec.js';
import { findModuleRequirement, goworkSetting, type ModuleRequirement } from './module-requirement.js';
import { chooseForRequirement } from './requirement-choice.js';
import { GO_VERSION_FILE, TOOL_VERSIONS_FILE, parseEnvSpec, parseGoVersionFile, parseToolVersionsFile, readVersionFile } from './version-file.js';

export type Origin = 'env' | 'file' | 'go.mod' | 'go.work' | 'default';

export interface Selection {
  /** What was asked for; for a module, what `gvx install` gets when nothing satisfies it. */
  readonly spec: VersionSpec;
  readonly origin: Origin;
  /** The file that selected it (version file, go.mod/go.work or the default file); undefined for env. */
  readonly file?: string;
  /** A module's requirement (origin go.mod or go.work). */
  readonly requirement?: ModuleRequirement;
  /** With a requirement: the global default, which runs when it satisfies it. */
  readonly defaultSelection?: Selection;
}

/** A human phrase for where a selection came from: "GVX_GO_VERSION", a path, "the default". */
export function describeOrigin(selection: Selection): string {
  if (selection.origin === 'env') return 'GVX_GO_VERSION';
  if (selection.origin === 'default') return `the global default (${selection.file})`;
  if (selection.requirement) return `${selection.file} requires go >= ${selection.requirement.requirement.text}`;
  return selection.file!;
}

/** What selected the running version, after "selected by": a module's file with its requirement. */
export function describeSelector(selection: Selection): string {
  return selection.requirement ? `${selection.file} (requires go >= ${selection.requirement.requirement.text})` : describeOrigin(selection);
}

/** Why a selection has no installed version (a module asks for a minimum, not for its install spec). */
export function describeMissing(selection: Selection): string {
  return selection.requirement
    ? `${describeOrigin(selection)} and no installed Go satisfies it`
    : `go ${selection.spec.text} is selected by ${describeOrigin(selection)} but is not installed`;
}

/** The selection of `cwd` (default: the logical cwd); with GVX_DEBUG=1, every step is traced on stderr. */
export async function findSelection(config: Config, cwd?: string): Promise<Selection | undefined> {
  const trace = debugTrace(config, 'select');
  if (!trace) return selectionOf(config, cwd);
  try {
    const selection = await selectionOf(config, cwd, trace);
    if (!selection) trace('selected: nothing (no GVX_GO_VERSION, version file, module file or global default)');
    else trace(`selected: ${selection.requirement ? '' : `go ${selection.spec.text} by `}${describeOrigin(selection)}`);
    return selection;
  } catch (error) {
    // The error's message is the reason (it quotes a file only as offending-value.ts allows).
    trace(`stop: ${error instanceof Error ? error.message : String(error)} (gvx reports this error)`);
    throw error;
  }
}

async function selectionOf(config: Config, cwd: string | undefined, trace?: Trace): Promise<Selection | undefined> {
  trace?.(`rule 1: GVX_GO_VERSION is ${config.shellVersion === undefined ? 'not set' : 'set'}`);
  const spec = parseEnvSpec(config.shellVersion);
  if (spec) {
    trace?.(`stop: GVX_GO_VERSION selects go ${spec.text}`);
    return { spec, origin: 'env' };
  }
  if (config.shellVersion !== undefined) trace?.('GVX_GO_VERSION is blank: ignored');
  const dir = cwd ?? config.cwd;
  trace?.(`rule 2: .go-version, then .tool-versions, in each directory walking up from ${dir} to /`);
  const fromFile = await findVersionFile(dir, trace);
  if (fromFile) return fromFile;
  const layout = new HomeLayout(config.home);
  trace?.("rule 3: the module's requirement");
  const requirement = await findModuleRequirement(dir, goworkSetting(config), trace);
  if (requirement) {
    trace?.(`the global default runs when it is installed and satisfies go >= ${requirement.requirement.text}: ${layout.defaultFile}`);
    const defaultSelection = await readDefaultSelection(layout, trace);
    return { spec: requirement.installSpec, origin: requirement.kind, file: requirement.file, requirement, defaultSelection };
  }
  trace?.(`rule 4: the global default, ${layout.defaultFile}`);
  return readDefaultSelection(layout, trace);
}

/** The nearest version file from `start` up to the root. */
export async function findVersionFile(start: string, trace?: Trace): Promise<Selection | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const goVersion = await readVersionFile(join(dir, GO_VERSION_FILE), trace);
    if (goVersion) return foundVersionFile(goVersion.file, parseGoVersionFile(goVersion), trace);
    const tools = await readVersionFile(join(dir, TOOL_VERSIONS_FILE), trace);
    if (tools) {
      const spec = parseToolVersionsFile(tools);
      if (spec) return foundVersionFile(tools.file, spec, trace);
      trace?.(`${tools.file}: no golang or go line: skipped`);
    }
    if (dirname(dir) === dir) {
      trace?.('stop: reached / with no version file');
      return undefined;
    }
  }
}

function foundVersionFile(file: string, spec: VersionSpec, trace: Trace | undefined): Selection {
  trace?.(`${file}: selects go ${spec.text}`);
  trace?.('stop: found the nearest version file');
  return { spec, origin: 'file', file };
}

/** GVX_HOME/default, read with the .go-version rules (the shims read it with the same code). */
export async function readDefaultSelection(layout: HomeLayout, trace?: Trace): Promise<Selection | undefined> {
  const source = await readVersionFile(layout.defaultFile, trace);
  if (!source) return undefined;
  try {
    const spec = parseGoVersionFile(source);
    trace?.(`${source.file}: selects go ${spec.text}`);
    return { spec, origin: 'default', file: source.file };
  } catch (error) {
    if (error instanceof InvalidSpecError) throw new InvalidSpecError(error.message, { hint: 'gvx use --global 1.22 rewrites the global default' });
    throw error;
  }
}

/** The installed version a selection resolves to, or undefined when none satisfies it. */
export function resolveInstalled(selection: Selection, installed: readonly InstalledVersion[]): InstalledVersion | undefined {
  if (selection.requirement) {
    const fallback = selection.defaultSelection && resolveInstalled(selection.defaultSelection, installed);
    return chooseForRequirement(selection.requirement.requirement, installed, fallback);
  }
  return pickNewest(selection.spec, installed, (v) => v.version);
}
