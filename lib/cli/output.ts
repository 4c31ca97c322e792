// How gvx talks: results on stdout, messages on stderr, `gvx: error: …` + `hint: …` for
// failures. Colour only on a TTY without NO_COLOR.

import type { Config } from '../config.js';

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
  line(text = ''): void {
    this.clearStatus();
    this.stdout.write(`${text}\n`);
  }

  json(value: unknown): void {
    this.clearStatus();
    this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A progress or status message (stderr, so stdout stays parseable). */
  info(text: string): void {
    this.clearStatus();
    this.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.clearStatus();
    this.stderr.write(`${this.paint('33', 'gvx: warning:')} ${text}\n`);
  }

  error(text: string, hint?: string): void {
    this.clearStatus();
    this.stderr.write(`${this.paint('31', 'gvx: error:')} ${text}\n`);
    if (hint) this.stderr.write(`${this.paint('2', 'hint:')} ${hint}\n`);
  }

  /** Draws (or redraws) the transient status line on stderr, e.g. a progress bar; TTY only. */
  status(text: string): void {
    this.stderr.write(`\r${text}\u001b[K`);
    this.statusShown = true;
  }

  /** Erases the status line, so the next message starts on a clean line. */
  clearStatus(): void {
    if (!this.statusShown) return;
    this.stderr.write('\r\u001b[K');
    this.statusShown = false;
  }

  ok(text: string): string {
    return `${this.paint('32', '✓')} ${text}`;
  }

  bad(text: string): string {
    return `${this.paint('31', '✗')} ${text}`;
  }

  bold(text: string): string {
    return this.paint('1', text);
  }

  dim(text: string): string {
    return this.paint('2', text);
  }

  private paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
