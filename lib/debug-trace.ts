// GVX_DEBUG=1 tracing: one `gvx[debug] <area>: …` line on stderr per step of a decision (the
// selection: each variable, directory and file it looked at and why it stopped), so "why does
// this directory run that Go?" has an answer. stdout never changes (scripts parse it).
//
// Off, it costs nothing: debugTrace() returns undefined and callers write `trace?.(`…`)`, an
// optional call that does not evaluate its argument, so no message is built. The flag is
// config.debug (GVX_DEBUG, read once by loadConfig), so tests can hand in any environment.

import type { Config } from './config.js';
import { escapeControlCharacters } from './terminal-text.js';

/** Writes one trace line (the message must not quote file content: see select/offending-value.ts). */
export type Trace = (message: string) => void;

export function debugTrace(config: Pick<Config, 'debug'>, area: string, write: (line: string) => void = writeStderr): Trace | undefined {
  if (!config.debug) return undefined;
  // The message names directories and files: escaped, so one cannot drive the terminal or fake a line.
  return (message) => write(`gvx[debug] ${area}: ${escapeControlCharacters(message)}\n`);
}

function writeStderr(line: string): void {
  process.stderr.write(line);
}
