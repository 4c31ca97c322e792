// Which Go the current directory selects, with where that choice came from (design §3):
//   1. GVX_GO_VERSION   2. the nearest .go-version / .tool-versions walking up to /
//   3. the module's requirement (nearest go.work, else go.mod: module-requirement.ts)
//   4. the global default   5. nothing.
// The shims and the bash/zsh hook (shims/resolve.sh), fish and PowerShell (lib/shell/) apply
// the same rule; test/select/resolution-cases.ts is one table of cases run through all of them.

import { dirname, join } from 'node:path';
import type { Config } from '../config.js';
import { InvalidSpecError } from '../errors.js';
import type { InstalledVersion } from '../store/inventory.js';
import { HomeLayout } from '../store/layout.js';
import { pickNewest, type VersionSpec } from '../version/spec.js';
import { findModuleRequirement, type ModuleRequirement } from './module-requirement.js';
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

export async function findSelection(config: Config, cwd?: string): Promise<Selection | undefined> {
  const spec = parseEnvSpec(config.shellVersion);
  if (spec) return { spec, origin: 'env' };
  const dir = cwd ?? config.cwd;
  const fromFile = await findVersionFile(dir);
  if (fromFile) return fromFile;
  const layout = new HomeLayout(config.home);
  const requirement = await findModuleRequirement(dir, config.env.GOWORK);
  if (requirement) {
    const defaultSelection = await readDefaultSelection(layout);
    return { spec: requirement.installSpec, origin: requirement.kind, file: requirement.file, requirement, defaultSelection };
  }
  return readDefaultSelection(layout);
}

/** The nearest version file from `start` up to the root. */
export async function findVersionFile(start: string): Promise<Selection | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const goVersion = await readVersionFile(join(dir, GO_VERSION_FILE));
    if (goVersion) return { spec: parseGoVersionFile(goVersion), origin: 'file', file: goVersion.file };
    const tools = await readVersionFile(join(dir, TOOL_VERSIONS_FILE));
    if (tools) {
      const spec = parseToolVersionsFile(tools);
      if (spec) return { spec, origin: 'file', file: tools.file };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** GVX_HOME/default, read with the .go-version rules (the shims read it with the same code). */
export async function readDefaultSelection(layout: HomeLayout): Promise<Selection | undefined> {
  const source = await readVersionFile(layout.defaultFile);
  if (!source) return undefined;
  try {
    return { spec: parseGoVersionFile(source), origin: 'default', file: source.file };
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
