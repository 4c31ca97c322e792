// A one-line download progress bar for a TTY: bytes, rate and ETA, redrawn at most 10x/s.
// It is Output's status line, so any message printed meanwhile clears it first.

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
    if (now - this.lastDraw < 100 && bytes !== total) return;
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

  finish(): void {
    this.out.clearStatus();
  }
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
