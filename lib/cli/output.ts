// How gvx talks: results on stdout, messages on stderr, `gvx: error: …` + `hint: …` for
// failures. Colour only on a TTY without NO_COLOR.
//
// Every line is one line: its control characters are escaped (lib/terminal-text.ts) before gvx
// adds its own colours and newline, since messages carry directory names, file content and
// servers' words that must not drive the terminal. Only code() writes text as is: the shell
// code `gvx env` and `gvx completions` print for a shell to evaluate.

import type { Config } from '../config.js';
import { escapeControlCharacters } from '../terminal-text.js';

/** A line gvx coloured itself (ok, bad): escaped before it was painted. */
class Painted {
  constructor(readonly text: string) {}
}

export class Output {
  /** A transient line (a progress bar) is on stderr: cleared before anything else is written. */
  private statusShown = false;

  constructor(
    private readonly color: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {}

  static forConfig(config: Config): Output {
    return new Output(config.color);
  }

  /** A result line (stdout). */
  line(text: string | Painted = ''): void {
    this.clearStatus();
    this.stdout.write(`${shown(text)}\n`);
  }

  /** Shell code for a shell to evaluate (stdout), written as is: gvx quoted what it holds. */
  code(text: string): void {
    this.clearStatus();
    this.stdout.write(`${text}\n`);
  }

  json(value: unknown): void {
    this.clearStatus();
    // JSON.stringify escapes C0 only: DEL and C1 get \u escapes too (the same value to a parser).
    const text = JSON.stringify(value, null, 2).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    this.stdout.write(`${text}\n`);
  }

  /** A progress or status message (stderr, so stdout stays parseable). */
  info(text: string): void {
    this.clearStatus();
    this.stderr.write(`${shown(text)}\n`);
  }

  warn(text: string): void {
    this.clearStatus();
    this.stderr.write(`${this.paint('33', 'gvx: warning:')} ${shown(text)}\n`);
  }

  error(text: string, hint?: string): void {
    this.clearStatus();
    this.stderr.write(`${this.paint('31', 'gvx: error:')} ${shown(text)}\n`);
    if (hint) this.stderr.write(`${this.paint('2', 'hint:')} ${shown(hint)}\n`);
  }

  /** Draws (or redraws) the transient status line on stderr, e.g. a progress bar; TTY only. */
  status(text: string): void {
    this.stderr.write(`\r${shown(text)}\u001b[K`);
    this.statusShown = true;
  }

  /** Erases the status line, so the next message starts on a clean line. */
  clearStatus(): void {
    if (!this.statusShown) return;
    this.stderr.write('\r\u001b[K');
    this.statusShown = false;
  }

  ok(text: string): Painted {
    return new Painted(`${this.paint('32', '✓')} ${shown(text)}`);
  }

  bad(text: string): Painted {
    return new Painted(`${this.paint('31', '✗')} ${shown(text)}`);
  }

  private paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}

function shown(text: string | Painted): string {
  return text instanceof Painted ? text.text : escapeControlCharacters(text);
}
