// A string as one word of each shell gvx writes code for (the set-up `gvx env` prints, the env
// files, the rc line, the shims): paths and the gvx command line may hold any character, so
// each is single-quoted with that shell's one escape.

/** POSIX sh single quotes: a quote ends the quoting, is escaped, and quoting starts again. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** An argv as one POSIX sh command line. */
export function shellQuoteArgv(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** fish single quotes: only \\ and \' are special inside them. */
export function fishQuote(text: string): string {
  return `'${text.replace(/[\\']/g, '\\$&')}'`;
}

/**
 * PowerShell single quotes: a quote is written twice. PowerShell also takes the typographic
 * single quotes (U+2018-U+201B) for quotes, so each of them is doubled too.
 */
export function powershellQuote(text: string): string {
  return `'${text.replace(/['\u2018-\u201b]/g, '$&$&')}'`;
}
