// The `use` directives of a go.work, for gvx doctor's go-work check. (Which go.work or go.mod
// selects a Go is rule 3's: lib/select/module-requirement.ts.)

export interface WorkUse {
  /** As written in go.work. */
  readonly path: string;
  readonly line: number;
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
