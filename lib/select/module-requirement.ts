// Rule 3 of the selection (see selection.ts): the Go a module asks for. The file is the nearest
// go.work (unless GOWORK=off; an absolute GOWORK names it), else the nearest go.mod; its
// requirement R is the higher of its `go` line and its `toolchain` line. The shell resolvers
// (shims/resolve.sh, lib/shell/fish.ts, lib/shell/powershell.ts) read it the same way:
//
//   - the file comes from a cloned repository: only a regular file is read, bounded like a
//     version file (MAX_MODULE_HEADER_BYTES, NULs dropped), never echoed;
//   - the go command writes `go` and `toolchain` before the first require/replace/exclude/
//     retract (and a go.work's `use`): the scan stops there, or at the first line the byte
//     budget cannot pay for, so a go.mod with 600 requires costs a few lines;
//   - `// comments` are cut, blanks trimmed; `go V` and `toolchain goV[-suffix|+suffix]` with
//     one value each; the first valid line of each counts; `toolchain default` and values that
//     are not versions count as absent (the go command reports those itself when it runs);
//   - a version here is M.m, M.m.p or M.m(alpha|beta|rc)N, numbers without leading zeros and
//     at most 9 digits (so the shells can compare them as integers).

import { dirname, isAbsolute, join } from 'node:path';
import type { Trace } from '../debug-trace.js';
import { InvalidSpecError } from '../errors.js';
import { type GoVersion, compareGoVersions, tryParseGoVersion } from '../version/go-version.js';
import { parseSpec, type VersionSpec } from '../version/spec.js';
import { isRegularFile, readUntrustedFile, versionFileText, type VersionFileText, whyNotRegularFile } from './untrusted-file.js';

/** The bytes of a go.mod/go.work read for its directives (_GVX_MAX_FILE_BYTES in resolve.sh). */
const MAX_MODULE_HEADER_BYTES = 4096;
/** Raw bytes read at most, NULs included (as for version files). */
const MAX_RAW_BYTES = 1 << 20;

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
const STOP = /^(?:require|replace|exclude|retract|use)(?:[ \t\n\r\v\f(]|$)/;
const DIRECTIVE = /^(go|toolchain)[ \t\n\r\v\f]+([^ \t\n\r\v\f]+)$/;

/** A `go` line's value as a version, or undefined when it is not one. */
function goLineVersion(value: string): GoVersion | undefined {
  return VERSION.test(value) ? tryParseGoVersion(value) : undefined;
}

/** A `toolchain` line's value (go1.22.5, go1.22.5-custom, go1.22.5+auto) as a version. */
function toolchainLineVersion(value: string): GoVersion | undefined {
  if (!value.startsWith('go')) return undefined; // includes "default"
  return goLineVersion(value.slice(2).split(/[-+]/, 1)[0]!);
}

/** Where the scan of a module file's header ended (for GVX_DEBUG traces). */
const SCAN_END = {
  stop: 'its first require/replace/exclude/retract/use line',
  budget: `the ${MAX_MODULE_HEADER_BYTES}-byte budget`,
  end: 'the end of the file',
  readLimit: 'the end of what is read (1 MiB)',
} as const;

/** The go and toolchain directives of a module file's header (see the top of this file). */
function parseModuleDirectives(source: VersionFileText): { go?: GoVersion; toolchain?: GoVersion; scanEnd: string } {
  let go: GoVersion | undefined;
  let toolchain: GoVersion | undefined;
  const { text } = source;
  let left = MAX_MODULE_HEADER_BYTES;
  for (let pos = 0; pos < text.length; ) {
    const newline = text.indexOf('\n', pos);
    const end = newline === -1 ? text.length : newline;
    left -= end - pos + (newline === -1 ? 0 : 1);
    if (left < 0) return { go, toolchain, scanEnd: SCAN_END.budget }; // the budget ends the scan: what was found counts
    let line = text.slice(pos, end);
    pos = end + 1;
    const comment = line.indexOf('//');
    if (comment !== -1) line = line.slice(0, comment);
    line = line.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
    if (STOP.test(line)) return { go, toolchain, scanEnd: SCAN_END.stop };
    const match = DIRECTIVE.exec(line);
    if (!match) continue;
    if (match[1] === 'go') go ??= goLineVersion(match[2]!);
    else toolchain ??= toolchainLineVersion(match[2]!);
  }
  return { go, toolchain, scanEnd: source.complete ? SCAN_END.end : SCAN_END.readLimit };
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
 * Traced: the versions found (validated, so never raw file content) and where the scan ended.
 */
export async function readModuleRequirement(file: string, kind: ModuleFileKind, trace?: Trace): Promise<ModuleRequirement | undefined> {
  const read = await readUntrustedFile(file, MAX_RAW_BYTES);
  if (read.kind === 'absent') {
    trace?.(`${file}: ${read.why}`);
    return undefined;
  }
  if (read.kind === 'unreadable') throw new InvalidSpecError(`${file}: cannot read it (permission denied)`, { hint: 'fix its permissions' });
  const { go, toolchain, scanEnd } = parseModuleDirectives(versionFileText(file, read.bytes, { complete: read.complete, echo: false }));
  const requirement = requirementOf(file, kind, go, toolchain);
  trace?.(
    `${file}: go line ${go?.text ?? 'none'}, toolchain line ${toolchain?.text ?? 'none'} (read up to ${scanEnd}): ` +
      (requirement ? `requires go >= ${requirement.requirement.text}` : 'no go or toolchain version: no requirement'),
  );
  return requirement;
}

/**
 * The module file rule 3 reads from `start`: GOWORK=off means no go.work; an absolute GOWORK
 * names it (used when it is a regular file); a relative one names none (the go command refuses
 * it). Otherwise the nearest go.work walking up, else the nearest go.mod.
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
  if (gowork) {
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
    trace?.(`GOWORK is not set: the nearest go.work, else the nearest go.mod, walking up from ${start} to /`);
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
