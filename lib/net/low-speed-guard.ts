// curl's --speed-limit/--speed-time for a response body: a transfer whose average rate over
// the last `timeMs` stays under `bytesPerSec` is abandoned with E_HTTP_TOO_SLOW. The idle
// timeout alone cannot catch a server that sends a byte a second; this can, so a trickling
// mirror fails an install (and frees its lock) instead of holding it for ever.

import { Transform, type TransformCallback } from 'node:stream';
import { NetworkError } from '../errors.js';
import { formatBytes } from '../format-bytes.js';

export interface LowSpeedLimit {
  readonly bytesPerSec: number;
  readonly timeMs: number;
}

/** Passes the body through unchanged and destroys itself when the rate stays too low. */
export class LowSpeedGuard extends Transform {
  private readonly timer: NodeJS.Timeout;
  /** Bytes received in each of the last ticks, oldest first (a sliding window of `timeMs`). */
  private readonly window: number[] = [];
  private readonly ticks: number;
  private current = 0;
  private sourceError: Error | undefined;

  constructor(
    private readonly url: string,
    private readonly limit: LowSpeedLimit,
  ) {
    super();
    // Ten ticks per window (at most one a second): the window slides smoothly and a burst
    // of bytes at its edge cannot reset it.
    const tickMs = Math.max(10, Math.min(1000, limit.timeMs / 10));
    this.ticks = Math.max(1, Math.round(limit.timeMs / tickMs));
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref();
  }

  /** A limit of 0 bytes/s or 0 s switches the guard off. */
  static enabled(limit: LowSpeedLimit): boolean {
    return limit.bytesPerSec > 0 && limit.timeMs > 0;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.current += chunk.length;
    callback(null, chunk);
  }

  /**
   * The body failed (a cut connection): what was received still reaches the consumer, then
   * the error does, so a retry continues from the last byte received, not from the last one
   * the consumer had read. (Destroying at once would drop everything buffered in between.)
   */
  sourceFailed(error: Error): void {
    this.sourceError = error;
    this.end();
  }

  override _flush(callback: TransformCallback): void {
    clearInterval(this.timer);
    const error = this.sourceError;
    if (error === undefined) {
      callback();
      return;
    }
    // Not callback(error): that would end the stream as if complete once the buffer drains,
    // or drop the buffer. Fail once the consumer has read everything.
    const failWhenRead = () => {
      if (this.destroyed) return;
      if (this.readableLength === 0) this.destroy(error);
      else setTimeout(failWhenRead, 1);
    };
    failWhenRead();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    clearInterval(this.timer);
    callback(error);
  }

  private tick(): void {
    this.window.push(this.current);
    this.current = 0;
    if (this.window.length > this.ticks) this.window.shift();
    if (this.window.length < this.ticks) return; // not a whole window yet
    const received = this.window.reduce((a, b) => a + b, 0);
    const seconds = this.limit.timeMs / 1000;
    if (received >= this.limit.bytesPerSec * seconds) return;
    this.destroy(
      new NetworkError(
        'E_HTTP_TOO_SLOW',
        `the download from ${this.url} ran at ${`${formatBytes(received / seconds)}/s`} for ${formatSeconds(seconds)}, under the ${`${formatBytes(this.limit.bytesPerSec)}/s`} limit; abandoned`,
        { hint: 'the server or the link is too slow; try again later, set GVX_MIRROR to a closer mirror, or lower GVX_HTTP_LOW_SPEED_LIMIT' },
      ),
    );
  }
}

function formatSeconds(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds} s` : `${seconds.toFixed(1)} s`;
}
