// The go.mod and go.work that the go command uses in a directory, found the way Go finds
// them: GOWORK (a path, or "off"), else the nearest go.work walking up; the nearest go.mod.

import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export interface WorkUse {
  /** As written in go.work. */
  readonly path: string;
  readonly line: number;
}

/** The nearest `name` from `start` up to the root. */
export async function findUp(start: string, name: string): Promise<string | undefined> {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    if ((await stat(candidate).catch(() => undefined))?.isFile()) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export async function findGoWork(cwd: string, gowork: string | undefined): Promise<string | undefined> {
  if (gowork === 'off') return undefined;
  if (gowork) return isAbsolute(gowork) ? gowork : resolve(cwd, gowork);
  return findUp(cwd, 'go.work');
}

/**
 * The `use` directives of a go.work: `use ./a`, `use ( ./a \n "./b c" )`, `//` comments.
 * Paths may be quoted ("…" or `…`).
 */
export function parseWorkUses(content: string): WorkUse[] {
  const uses: WorkUse[] = [];
  let inBlock = false;
  const lines = content.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '').replace(/\/\/.*$/, '').trim();
    if (line === '') continue;
    if (inBlock) {
      if (line === ')') inBlock = false;
      else uses.push({ path: unquote(line), line: i + 1 });
      continue;
    }
    const match = /^use\s*(.*)$/.exec(line);
    if (!match) continue;
    const rest = match[1]!.trim();
    if (rest === '(') inBlock = true;
    else if (rest !== '' && rest !== '()') uses.push({ path: unquote(rest), line: i + 1 });
  }
  return uses;
}

function unquote(text: string): string {
  if (text.length >= 2 && ((text[0] === '"' && text.endsWith('"')) || (text[0] === '`' && text.endsWith('`')))) {
    return text.slice(1, -1);
  }
  return text;
}
