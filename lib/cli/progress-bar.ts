// A one-line download progress bar for a TTY: bytes, rate and ETA, redrawn at most 10x/s.

import type { Output } from './output.js';

export class ProgressBar {
  private readonly started = Date.now();
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly out: Output,
    private readonly label: string,
    private readonly width = 24,
  ) {}

  update(bytes: number, total: number | undefined): void {
    const now = Date.now();
    if (now - this.lastDraw < 100 && bytes !== total) return;
    this.lastDraw = now;
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = bytes / seconds;
    let bar = '';
    let eta = '';
    if (total) {
      const filled = Math.min(this.width, Math.round((bytes / total) * this.width));
      bar = `[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] `;
      eta = rate > 0 ? ` ETA ${Math.max(0, Math.round((total - bytes) / rate))}s` : '';
    }
    const amount = total ? `${mib(bytes)}/${mib(total)} MiB` : `${mib(bytes)} MiB`;
    this.out.raw(`\r${this.label} ${bar}${amount} ${mib(rate)} MiB/s${eta}\u001b[K`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.out.raw('\r\u001b[K');
  }
}

function mib(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}
