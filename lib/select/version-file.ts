// Reading the version files a project can carry. Their content comes from cloned
// repositories, so it is data: it must parse as a spec or it is an error naming the file.
//
//   .go-version     one spec; "go" prefix, surrounding whitespace, CRLF, blank lines and
//                   "#" comments tolerated; a second spec line is an error
//   .tool-versions  asdf/mise format: the first version on a "golang" or "go" line

import { InvalidSpecError } from '../errors.js';
import { truncateForMessage } from '../version/go-version.js';
import { parseSpec, type VersionSpec } from '../version/spec.js';

export const GO_VERSION_FILE = '.go-version';
/** Longer lines are refused unread, as the shell resolvers do (pattern matching on them is slow). */
export const MAX_LINE_LENGTH = 4096;
export const TOOL_VERSIONS_FILE = '.tool-versions';

/** Surrounding ASCII whitespace, as the shims' [[:space:]] trims it (CR included). */
export function trimBlanks(text: string): string {
  return text.replace(/^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g, '');
}

/** Strips a comment and surrounding blanks from one line. */
function cleanLine(line: string): string {
  const hash = line.indexOf('#');
  return trimBlanks(hash === -1 ? line : line.slice(0, hash));
}

/** The shell's `read` drops NUL bytes; do the same so both resolvers see the same text. */
function dropNuls(content: string): string {
  return content.replace(/\0/g, '');
}

function invalid(file: string, content: string, why: string): InvalidSpecError {
  return new InvalidSpecError(`${file}: ${why} (content: "${truncateForMessage(content)}")`, {
    hint: `put one version such as 1.22 or 1.22.5 in it: gvx use 1.22`,
  });
}

function refuseLongLine(file: string, raw: string): void {
  if (raw.length > MAX_LINE_LENGTH) throw invalid(file, raw, `not a valid Go version (a line is longer than ${MAX_LINE_LENGTH} characters)`);
}

export function parseGoVersionFile(content: string, file: string): VersionSpec {
  const raw = dropNuls(content).split('\n');
  raw.forEach((line) => refuseLongLine(file, line));
  const lines = raw.map(cleanLine).filter((l) => l !== '');
  if (lines.length === 0) throw invalid(file, content, 'no version in the file');
  if (lines.length > 1) throw invalid(file, content, 'more than one line names a version');
  try {
    return parseSpec(lines[0]);
  } catch {
    throw invalid(file, lines[0], 'not a valid Go version');
  }
}

/** The Go spec of a .tool-versions file, or undefined when it has no golang/go line. */
export function parseToolVersionsFile(content: string, file: string): VersionSpec | undefined {
  for (const raw of dropNuls(content).split('\n')) {
    refuseLongLine(file, raw);
    const fields = cleanLine(raw).split(/[ \t\r\v\f]+/);
    if (fields[0] !== 'golang' && fields[0] !== 'go') continue;
    const first = fields[1];
    if (first === undefined) throw invalid(file, raw, `the ${fields[0]} line has no version`);
    try {
      return parseSpec(first);
    } catch {
      throw invalid(file, first, `the ${fields[0]} line is not a Go version gvx can use`);
    }
  }
  return undefined;
}
