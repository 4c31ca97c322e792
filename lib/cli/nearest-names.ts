// "did you mean …?" for a mistyped command or option: the known names closest to what was
// typed, by Damerau-Levenshtein distance (optimal string alignment: a swapped pair of
// letters, as in "isntall", costs 1) or because what was typed starts one of them.

/** The names worth suggesting for `typed`, best first; empty when none is close. */
export function nearestNames(typed: string, names: readonly string[]): string[] {
  // Two edits turn one short word into many others ("inst" into "list"): one below six letters.
  const limit = typed.length < 6 ? 1 : 2;
  const scored = names.map((name) => ({ name, distance: editDistance(typed, name), prefix: typed.length >= 2 && name.startsWith(typed) }));
  const close = scored.filter((s) => s.distance <= limit);
  const best = Math.min(...close.map((s) => s.distance));
  // The names that begin with what was typed first ("ls-" for ls-remote), then only the closest
  // tier (so "unistall" suggests uninstall, not install too).
  return scored
    .filter((s) => s.prefix || s.distance === best)
    .sort((a, b) => Number(b.prefix) - Number(a.prefix) || a.distance - b.distance)
    .map((s) => s.name)
    .slice(0, 3);
}

/** `did you mean "a"?`, `did you mean "a" or "b"?`; undefined for no names. */
export function didYouMean(names: readonly string[]): string | undefined {
  if (names.length === 0) return undefined;
  const quoted = names.map((n) => `"${n}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
  return `did you mean ${list}?`;
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
export function editDistance(a: string, b: string): number {
  // rows[i][j] = distance between a[0, i) and b[0, j).
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitution = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}
