// The two directives of go.mod / go.work that say which Go a module needs:
//   go 1.21.3          the minimum Go version (the language version before 1.21)
//   toolchain go1.22.5 the toolchain the module prefers (Go 1.21+)

import { readFile } from 'node:fs/promises';
import { type GoVersion, tryParseGoVersion } from '../version/go-version.js';

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

export async function readGoModRequirements(file: string): Promise<GoModRequirements | undefined> {
  try {
    return parseGoModRequirements(await readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
