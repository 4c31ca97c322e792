// The two directives of go.mod / go.work that say which Go a module needs:
//   go 1.21.3          the minimum Go version (the language version before 1.21)
//   toolchain go1.22.5 the toolchain the module prefers (Go 1.21+)

import { InvalidSpecError } from '../errors.js';
import { type GoVersion, tryParseGoVersion } from '../version/go-version.js';
import { readUntrustedFile } from './untrusted-file.js';

/** A go.mod is read up to this many bytes (it comes from a cloned repository). */
const MAX_GO_MOD_BYTES = 1 << 20;

export interface GoModRequirements {
  readonly file: string;
  readonly go?: GoVersion;
  readonly toolchain?: GoVersion;
}

export function parseGoModRequirements(content: string, file: string): GoModRequirements {
  let go: GoVersion | undefined;
  let toolchain: GoVersion | undefined;
  for (const raw of content.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    const match = /^(go|toolchain)\s+(\S+)$/.exec(line);
    if (!match) continue;
    const version = tryParseGoVersion(match[2]);
    if (!version) continue; // "toolchain default" and the like name no version
    if (match[1] === 'go') go = version;
    else toolchain = version;
  }
  return { file, go, toolchain };
}

/** The requirements of a go.mod or go.work; undefined when it is not a regular file. */
export async function readGoModRequirements(file: string): Promise<GoModRequirements | undefined> {
  const read = await readUntrustedFile(file, MAX_GO_MOD_BYTES);
  if (read.kind === 'absent') return undefined;
  if (read.kind === 'unreadable') throw new InvalidSpecError(`${file}: cannot read it (permission denied)`, { hint: 'fix its permissions' });
  return parseGoModRequirements(read.bytes.toString('utf8'), file);
}
