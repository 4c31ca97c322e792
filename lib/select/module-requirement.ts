// Rule 3 of the selection (see selection.ts): the Go a module asks for. The file is the nearest
// go.work (unless GOWORK=off; an absolute GOWORK names it), else the nearest go.mod; its
// requirement R is the higher of its `go` line and its `toolchain` line. The shell resolvers
// (shims/resolve.sh, lib/shell/fish.ts, lib/shell/powershell.ts) read it the same way:
//
//   - the file comes from a cloned repository: only a regular file is read, at most
//     MAX_MODULE_FILE_BYTES of it (past that, the line the budget cuts is not read), never
//     echoed; a NUL is an ordinary byte, as it is to the go command;
//   - the lines are found as the go command finds them when it picks a toolchain
//     (cmd/go/internal/gover.GoModLookup): the first line, anywhere in the file, whose
//     trimmed text starts with `go` (or `toolchain`) and a space or tab; its value is the rest
//     cut at `//` and trimmed. Later lines never count, even when the first one's value is
//     not a version. Trimming is of the six ASCII blanks only (the go command also trims
//     Unicode spaces: a hostile file with a U+00A0 before `go` is read differently);
//   - `go V` and `toolchain goV[-suffix|+suffix]`; `toolchain default` and values that are
//     not versions count as absent (the go command reports those itself when it runs);
//   - a version here is M.m, M.m.p or M.m(alpha|beta|rc)N, numbers without leading zeros and
//     at most 9 digits (so the shells can compare them as integers).
// The shells cache what they parse (GVX_HOME/cache/modules-2, see shims/resolve.sh); this
// resolver reads the file every time.

import { dirname, isAbsolute, join } from 'node:path';
import type { Config } from '../config.js';
import type { Trace } from '../debug-trace.js';
import { readGoSetting } from '../goenv/go-env-file.js';
import { InvalidSpecError } from '../errors.js';
import { type GoVersion, compareGoVersions, tryParseGoVersion } from '../version/go-version.js';
import { parseSpec, type VersionSpec } from '../version/spec.js';
import { isRegularFile, readUntrustedFile, whyNotRegularFile } from './untrusted-file.js';

/** The bytes of a go.mod/go.work read for its go and toolchain lines (_GVX_MAX_MODULE_BYTES in resolve.sh). */
const MAX_MODULE_FILE_BYTES = 64 * 1024;

export type ModuleFileKind = 'go.mod' | 'go.work';

export interface ModuleRequirement {
  readonly file: string;
  readonly kind: ModuleFileKind;
  readonly go?: GoVersion;
  readonly toolchain?: GoVersion;
  /** R: the higher of go and toolchain. */
  readonly requirement: GoVersion;
  /** The toolchain line set R (it is higher than the go line): R is an exact toolchain. */
  readonly fromToolchain: boolean;
  /** What `gvx install` gets when nothing installed satisfies R: the family, or R exactly. */
  readonly installSpec: VersionSpec;
}

const NUMBER = '(?:0|[1-9][0-9]{0,8})';
const VERSION = new RegExp(`^[1-9][0-9]{0,8}\\.${NUMBER}(?:\\.${NUMBER}|(?:alpha|beta|rc)${NUMBER})?$`);
const BLANKS = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g;

/** A `go` line's value as a version, or undefined when it is not one. */
function goLineVersion(value: string): GoVersion | undefined {
  return VERSION.test(value) ? tryParseGoVersion(value) : undefined;
}

/** A `toolchain` line's value (go1.22.5, go1.22.5-custom, go1.22.5+auto) as a version. */
function toolchainLineVersion(value: string): GoVersion | undefined {
  if (!value.startsWith('go')) return undefined; // includes "default"
  return goLineVersion(value.slice(2).split(/[-+]/, 1)[0]!);
}

/** cmd/go's gover.GoModLookup: the value of the first line that starts with `key` and a blank. */
function lookupLine(lines: readonly string[], key: string): string | undefined {
  for (const raw of lines) {
    const line = raw.replace(BLANKS, '');
    if (!line.startsWith(key)) continue;
    const next = line[key.length];
    if (next !== ' ' && next !== '\t') continue;
    const rest = line.slice(key.length);
    const comment = rest.indexOf('//');
    return (comment === -1 ? rest : rest.slice(0, comment)).replace(BLANKS, '');
  }
  return undefined;
}

/**
 * The text the budget pays for: the whole file when it fits, else the lines that end (with
 * their newline) within MAX_MODULE_FILE_BYTES. One character per byte (latin1).
 */
function budgetedText(bytes: Buffer, complete: boolean): string {
  if (complete) return bytes.toString('latin1');
  const end = bytes.lastIndexOf(0x0a, MAX_MODULE_FILE_BYTES - 1);
  return bytes.subarray(0, Math.max(end, 0)).toString('latin1');
}

/**
 * The go and toolchain lines of a module file (see the top of this file), from its first
 * MAX_MODULE_FILE_BYTES bytes; complete: the file ends there.
 */
function parseModuleLines(bytes: Buffer, complete: boolean): { go?: GoVersion; toolchain?: GoVersion; goValue?: string; toolchainValue?: string } {
  const lines = budgetedText(bytes, complete).split('\n');
  const goValue = lookupLine(lines, 'go');
  const toolchainValue = lookupLine(lines, 'toolchain');
  return {
    go: goValue === undefined ? undefined : goLineVersion(goValue),
    toolchain: toolchainValue === undefined ? undefined : toolchainLineVersion(toolchainValue),
    goValue,
    toolchainValue,
  };
}

/** R and what to install for it, from the two directives; undefined when neither names a version. */
export function requirementOf(file: string, kind: ModuleFileKind, go?: GoVersion, toolchain?: GoVersion): ModuleRequirement | undefined {
  const fromToolchain = toolchain !== undefined && (go === undefined || compareGoVersions(toolchain, go) > 0);
  const requirement = fromToolchain ? toolchain : go;
  if (!requirement) return undefined;
  const exact = fromToolchain || requirement.kind !== '';
  const installSpec = parseSpec(exact ? requirement.text : `${requirement.major}.${requirement.minor}`);
  return { file, kind, go, toolchain, requirement, fromToolchain, installSpec };
}

/**
 * Reads a module file's requirement; undefined when it is not a regular file or names none.
 * Traced: the versions found (validated, so never raw file content) and how much was read.
 */
export async function readModuleRequirement(file: string, kind: ModuleFileKind, trace?: Trace): Promise<ModuleRequirement | undefined> {
  const read = await readUntrustedFile(file, MAX_MODULE_FILE_BYTES);
  if (read.kind === 'absent') {
    trace?.(`${file}: ${read.why}`);
    return undefined;
  }
  if (read.kind === 'unreadable') throw new InvalidSpecError(`${file}: cannot read it (permission denied)`, { hint: 'fix its permissions' });
  const { go, toolchain, goValue, toolchainValue } = parseModuleLines(read.bytes, read.complete);
  const requirement = requirementOf(file, kind, go, toolchain);
  const describe = (value: string | undefined, version: GoVersion | undefined) => (value === undefined ? 'none' : (version?.text ?? 'not a version'));
  trace?.(
    `${file}: go line ${describe(goValue, go)}, toolchain line ${describe(toolchainValue, toolchain)} ` +
      `(read ${read.complete ? 'to the end of the file' : `up to the ${MAX_MODULE_FILE_BYTES}-byte budget`}): ` +
      (requirement ? `requires go >= ${requirement.requirement.text}` : 'no go or toolchain version: no requirement'),
  );
  return requirement;
}

/**
 * GOWORK as the go command reads it (cmd/go cfg.Getenv): the environment when it is not empty,
 * else the go env file's (`go env -w GOWORK=off`); undefined when neither sets it.
 */
export function goworkSetting(config: Pick<Config, 'env' | 'goos'>): string | undefined {
  return readGoSetting('GOWORK', { env: config.env, goos: config.goos })?.value;
}

/**
 * The module file rule 3 reads from `start`, given GOWORK (goworkSetting): off means no go.work;
 * an absolute GOWORK names it (used when it is a regular file); a relative one names none (the
 * go command refuses it). Unset or auto: the nearest go.work walking up, else the nearest go.mod.
 */
export async function findModuleFile(start: string, gowork: string | undefined, trace?: Trace): Promise<{ file: string; kind: ModuleFileKind } | undefined> {
  // Traced, each path looked at says what it is; untraced, the plain `[ -f ]`.
  const isThere = trace
    ? async (path: string) => {
        const why = await whyNotRegularFile(path);
        trace(`${path}: ${why ?? 'a regular file'}`);
        return why === undefined;
      }
    : isRegularFile;
  let searchWork = true;
  if (gowork && gowork !== 'auto') {
    searchWork = false;
    const named = isAbsolute(gowork) && gowork !== 'off';
    if (named) trace?.(`GOWORK=${gowork} names the go.work`);
    if (named && (await isThere(gowork))) {
      trace?.(`stop: GOWORK's go.work is the module file`);
      return { file: gowork, kind: 'go.work' };
    }
    if (trace) {
      const why = gowork === 'off' ? 'GOWORK=off' : named ? `GOWORK's file is not a regular file` : `GOWORK=${gowork} is relative (the go command refuses it)`;
      trace(`${why}: no go.work; the nearest go.mod, walking up from ${start} to /`);
    }
  } else {
    trace?.(`GOWORK is ${gowork ? 'auto' : 'not set'}: the nearest go.work, else the nearest go.mod, walking up from ${start} to /`);
  }
  let nearestMod: string | undefined;
  for (let dir = start; ; dir = dirname(dir)) {
    if (searchWork && (await isThere(join(dir, 'go.work')))) {
      trace?.('stop: found a go.work (it wins over any go.mod)');
      return { file: join(dir, 'go.work'), kind: 'go.work' };
    }
    if (nearestMod === undefined && (await isThere(join(dir, 'go.mod')))) {
      nearestMod = join(dir, 'go.mod');
      if (!searchWork) {
        trace?.('stop: found the nearest go.mod');
        break;
      }
      trace?.('the nearest go.mod; walking on, since a go.work above it would win');
    }
    if (dirname(dir) === dir) {
      trace?.(nearestMod === undefined ? 'stop: reached / with no module file' : `stop: reached / with no go.work: the nearest go.mod is the module file`);
      break;
    }
  }
  return nearestMod === undefined ? undefined : { file: nearestMod, kind: 'go.mod' };
}

/** The requirement of the module the directory `start` is in, by rule 3. */
export async function findModuleRequirement(start: string, gowork: string | undefined, trace?: Trace): Promise<ModuleRequirement | undefined> {
  const found = await findModuleFile(start, gowork, trace);
  return found && readModuleRequirement(found.file, found.kind, trace);
}
