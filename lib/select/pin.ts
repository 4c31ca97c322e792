// A project's pin (gvx use): where its .go-version goes, and writing it.
//
// Where: the pin must take effect for the project, so it goes where the selection will find
// it first (design §3): the directory of the nearest version file that names a Go (walking up
// from the logical cwd; a .tool-versions there gets a .go-version beside it, which wins in one
// directory), else the module root (the directory of the go.work/go.mod rule 3 reads), else
// the cwd (the rule: an existing pin above the module root, as a monorepo's, is the one
// in effect, so it is the one rewritten; the path printed says which). `--here` forces the cwd.
//
// Writing: one normalised spec and a newline, atomically, through a temp file no planted
// symlink can redirect (the project may be a hostile clone).

import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileSystemError, InvalidSpecError } from '../errors.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { formatSpec, type VersionSpec } from '../version/spec.js';
import { findModuleFile } from './module-requirement.js';
import {
  GO_VERSION_FILE,
  TOOL_VERSIONS_FILE,
  parseGoVersionFile,
  parseToolVersionsFile,
  readVersionFile,
  type VersionFileText,
} from './version-file.js';

export interface PinTarget {
  /** The directory the .go-version is written into. */
  readonly dir: string;
  /** The version file that already pins the project in `dir`, if any. */
  readonly existing?: VersionFileText;
}

export async function findPinTarget(cwd: string, gowork: string | undefined, options: { here?: boolean } = {}): Promise<PinTarget> {
  if (options.here) return { dir: cwd, existing: await pinIn(cwd) };
  for (let dir = cwd; ; dir = dirname(dir)) {
    const existing = await pinIn(dir);
    if (existing) return { dir, existing };
    if (dirname(dir) === dir) break;
  }
  return { dir: (await moduleRoot(cwd, gowork)) ?? cwd };
}

/** The spec an existing pin names (errors name the file, as the selection's would). */
export function parsePin(existing: VersionFileText): VersionSpec {
  if (existing.file.endsWith(TOOL_VERSIONS_FILE)) {
    const spec = parseToolVersionsFile(existing);
    if (spec) return spec;
  }
  return parseGoVersionFile(existing);
}

export async function writeGoVersionFile(dir: string, spec: VersionSpec): Promise<string> {
  const path = join(dir, GO_VERSION_FILE);
  try {
    await writeFileAtomic(path, `${formatSpec(spec)}\n`);
  } catch (error) {
    throw fileSystemError('write', path, error);
  }
  return path;
}

/** The version file that selects in `dir` itself: .go-version, else a .tool-versions with a go line. */
async function pinIn(dir: string): Promise<VersionFileText | undefined> {
  const goVersion = await readVersionFile(join(dir, GO_VERSION_FILE));
  if (goVersion) return goVersion;
  const tools = await readVersionFile(join(dir, TOOL_VERSIONS_FILE));
  if (!tools) return undefined;
  try {
    return parseToolVersionsFile(tools) ? tools : undefined;
  } catch (error) {
    // A broken go line still selects (as an error): a pin written here replaces its effect.
    if (error instanceof InvalidSpecError) return tools;
    throw error;
  }
}

/**
 * The directory of the module file rule 3 reads, when the cwd is inside it; an absolute GOWORK
 * may name a go.work elsewhere, where a .go-version would not apply here: then the nearest go.mod.
 */
async function moduleRoot(cwd: string, gowork: string | undefined): Promise<string | undefined> {
  for (const setting of [gowork, 'off']) {
    const found = await findModuleFile(cwd, setting);
    if (found && contains(dirname(found.file), cwd)) return dirname(found.file);
  }
  return undefined;
}

function contains(dir: string, path: string): boolean {
  const rel = relative(dir, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
