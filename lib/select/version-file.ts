// Reading the version files a project can carry (and GVX_HOME/default, which has the
// .go-version format). Their content comes from cloned repositories, so it is data: it must
// parse as a spec or it is an error naming the file. The shell resolvers (shims/resolve.sh,
// lib/shell/fish.ts, lib/shell/powershell.ts) apply the same rules, byte for byte:
//
//   .go-version     one spec; "go" prefix, surrounding whitespace, CRLF, blank lines and
//                   "#" comments tolerated; a second spec line is an error
//   .tool-versions  asdf/mise format: the first version on a "golang" or "go" line
//
// Bytes, not characters: whitespace is the six ASCII blanks, lengths count bytes. NUL bytes
// are dropped (the shells' `read` drops them). A file is read up to MAX_VERSION_FILE_BYTES
// (NULs not counted): a file whose answer needs more is refused before any pattern runs.
//
// Writing (gvx use) is the other half: where a project's .go-version goes, and writing it.
// The pin must take effect for the project, so it goes where the selection will find it
// first (selection.ts, rule 2): the directory of the nearest version file that names a Go
// (walking up from the logical cwd; a .tool-versions there gets a .go-version beside it, which
// wins in one directory), else the module root (the directory of the go.work/go.mod rule 3
// reads), else the cwd. An existing pin above the module root, as a monorepo's, is the one in
// effect, so it is the one rewritten; the path printed says which. `--here` forces the cwd.
// The file is one normalised spec and a newline, written atomically, through a temp file no
// planted symlink can redirect (the project may be a hostile clone).

import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import type { Trace } from '../debug-trace.js';
import { fileSystemError, InvalidSpecError } from '../errors.js';
import { tryParseSpec, type VersionSpec } from '../version/spec.js';
import { findModuleFile } from './module-requirement.js';
import { invalidValueMessage } from './offending-value.js';
import { readUntrustedFile, type VersionFileText, versionFileText } from './untrusted-file.js';

export const GO_VERSION_FILE = '.go-version';
export const TOOL_VERSIONS_FILE = '.tool-versions';
/** The byte budget of a version file (_GVX_MAX_FILE_BYTES in shims/resolve.sh). */
const MAX_VERSION_FILE_BYTES = 4096;
/** GVX_GO_VERSION longer than this is refused unread (_GVX_MAX_ENV_BYTES in shims/resolve.sh). */
const MAX_ENV_SPEC_BYTES = 256;
/**
 * Raw bytes read at most, NULs included. The shells drop NULs as they read and cannot bound
 * that; past this many raw bytes gvx refuses the file (a documented difference that only a
 * file padded with over 1 MiB of NULs can show).
 */
const MAX_RAW_BYTES = 1 << 20;

/** Surrounding ASCII whitespace, as the shims' [[:space:]] trims it in the C locale (CR included). */
function trimBlanks(text: string): string {
  return text.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
}

/** Strips a comment and surrounding blanks from one line. */
function cleanLine(line: string): string {
  const hash = line.indexOf('#');
  return trimBlanks(hash === -1 ? line : line.slice(0, hash));
}

/** Reads a version file as the shells do; undefined when `[ -f ]` would say no (traced: why). */
export async function readVersionFile(file: string, trace?: Trace): Promise<VersionFileText | undefined> {
  const read = await readUntrustedFile(file, MAX_RAW_BYTES);
  if (read.kind === 'absent') {
    trace?.(`${file}: ${read.why}`);
    return undefined;
  }
  if (read.kind === 'unreadable') {
    throw new InvalidSpecError(`${file}: cannot read it (permission denied)`, { hint: 'fix its permissions, or remove it' });
  }
  return versionFileText(file, read.bytes, { complete: read.complete, echo: !read.symlink });
}

const FILE_HINT = 'put one version such as 1.22 or 1.22.5 in it: gvx use 1.22';

function invalid(source: VersionFileText, why: string): InvalidSpecError {
  return new InvalidSpecError(`${source.file}: ${why}`, { hint: FILE_HINT });
}

/** A value that is not a spec: quoted only from a file that is not a symlink (offending-value.ts). */
function invalidValue(source: VersionFileText, value: string): InvalidSpecError {
  return new InvalidSpecError(invalidValueMessage(source.file, source.echo ? value : undefined), { hint: FILE_HINT });
}

/** The lines of a file, each charged (with its newline) to the byte budget, as _gvx_getline does. */
function* budgetedLines(source: VersionFileText): Generator<string> {
  const tooLarge = () => invalid(source, `not a valid Go version file (larger than ${MAX_VERSION_FILE_BYTES} bytes)`);
  const { text } = source;
  let left = MAX_VERSION_FILE_BYTES;
  let pos = 0;
  while (pos < text.length) {
    const newline = text.indexOf('\n', pos);
    const end = newline === -1 ? text.length : newline;
    left -= end - pos + (newline === -1 ? 0 : 1);
    if (left < 0) throw tooLarge();
    yield text.slice(pos, end);
    pos = end + 1;
  }
  if (!source.complete) throw tooLarge();
}

export function parseGoVersionFile(source: VersionFileText): VersionSpec {
  let found: string | undefined;
  for (const raw of budgetedLines(source)) {
    const line = cleanLine(raw);
    if (line === '') continue;
    if (found !== undefined) throw invalid(source, 'more than one line names a version');
    found = line;
  }
  if (found === undefined) throw invalid(source, 'no version in the file');
  const spec = tryParseSpec(found);
  if (!spec) throw invalidValue(source, found);
  return spec;
}

/** The Go spec of a .tool-versions file, or undefined when it has no golang/go line. */
export function parseToolVersionsFile(source: VersionFileText): VersionSpec | undefined {
  for (const raw of budgetedLines(source)) {
    const line = cleanLine(raw);
    const name = line.split(/[ \t\n\r\v\f]/, 1)[0];
    if (name !== 'golang' && name !== 'go') continue;
    const first = trimBlanks(line.slice(name.length)).split(/[ \t\n\r\v\f]/, 1)[0];
    if (first === '') throw invalid(source, `the ${name} line has no version`);
    const spec = tryParseSpec(first);
    if (!spec) throw invalidValue(source, first);
    return spec;
  }
  return undefined;
}

/** GVX_GO_VERSION: refused unread when too long, then trimmed; blank means unset. */
export function parseEnvSpec(value: string | undefined): VersionSpec | undefined {
  if (value === undefined) return undefined;
  const tooLong = Buffer.byteLength(value, 'utf8') > MAX_ENV_SPEC_BYTES;
  const trimmed = tooLong ? '' : trimBlanks(value);
  if (!tooLong && trimmed === '') return undefined;
  const spec = tooLong ? undefined : tryParseSpec(trimmed);
  if (!spec) {
    const message = tooLong ? `GVX_GO_VERSION: not a valid Go version (longer than ${MAX_ENV_SPEC_BYTES} bytes)` : invalidValueMessage('GVX_GO_VERSION', trimmed);
    throw new InvalidSpecError(message, { hint: 'gvx shell 1.22, or gvx shell --unset' });
  }
  return spec;
}

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
  // Loaded here, not above: `gvx current` and the other readers of version files never write.
  const { writeFileAtomic } = await import('../store/atomic-write.js');
  const path = join(dir, GO_VERSION_FILE);
  try {
    await writeFileAtomic(path, `${spec.text}\n`);
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
