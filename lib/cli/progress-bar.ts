// A one-line install progress bar for a TTY: the download's bytes, rate and ETA, then the
// phases after it (unpacking, with a count of files, and verifying), so the line never sits
// at "ETA 0s" while the archive unpacks. Redrawn at most 10x/s, and at once when the phase
// changes. It is Output's status line, so any message printed meanwhile clears it first.

import type { Output } from './output.js';

export class ProgressBar {
  private started = Date.now();
  /** Bytes that were already there when the rate started counting (a resumed download). */
  private baseBytes = 0;
  private lastDraw = 0;

  constructor(
    private readonly out: Output,
    private readonly label: string,
    private readonly width = 24,
  ) {}

  /** A download continues from `bytes`: the rate counts only what arrives from now on. */
  resumeFrom(bytes: number): void {
    this.baseBytes = bytes;
    this.started = Date.now();
  }

  update(bytes: number, total: number | undefined): void {
    const now = Date.now();
    if (now - this.lastDraw < REDRAW_MS && bytes !== total) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = Math.max(0, bytes - this.baseBytes) / seconds;
    let bar = '';
    let eta = '';
    if (total) {
      const filled = Math.min(this.width, Math.round((bytes / total) * this.width));
      bar = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] `;
      eta = rate > 0 ? ` ETA ${Math.max(0, Math.round((total - bytes) / rate))}s` : '';
    }
    const amount = total ? `${mib(bytes)}/${mib(total)} MiB` : `${mib(bytes)} MiB`;
    this.out.status(`${this.label} ${bar}${amount} ${mib(rate)} MiB/s${eta}`);
  }

  /** Unpacking: `files` written so far (0 when it starts, drawn at once). */
  unpacking(files: number): void {
    this.phase(files === 0 ? 'unpacking…' : `unpacking… ${files} files`, files === 0);
  }

  /** The unpacked tree is checked before it becomes visible. */
  verifying(): void {
    this.phase('verifying…', true);
  }

  private phase(text: string, now: boolean): void {
    const time = Date.now();
    if (!now && time - this.lastDraw < REDRAW_MS) return;
    this.lastDraw = time;
    this.out.status(`${this.label} ${text}`);
  }

  finish(): void {
    this.out.clearStatus();
  }
}

const REDRAW_MS = 100;

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
