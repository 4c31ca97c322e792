// The one door to the network: undici with connect/header/body timeouts, the proxy from
// HTTPS_PROXY / HTTP_PROXY / NO_PROXY, a user agent naming gvx, and bounded retries with
// backoff on connection errors, truncated bodies and 5xx. Everything that downloads goes
// through here, so the retry and timeout rules are the same everywhere.

import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Config } from '../config.js';
import { GvxError, NetworkError } from '../errors.js';
import { gvxVersion } from '../package-info.js';
import { EnvHttpProxyAgent, redirectInterceptor } from './undici-parts.js';

export interface HttpResponse<Body> {
  readonly url: string;
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: Body;
}

export interface RetryNotice {
  readonly attempt: number;
  readonly of: number;
  readonly delayMs: number;
  readonly error: Error;
}

export class HttpClient {
  private dispatcher?: Dispatcher;

  constructor(
    private readonly config: Config,
    private readonly onRetry: (notice: RetryNotice) => void = () => {},
  ) {}

  /** GET a small body (an index, a checksum file) into memory, with retries. */
  async getBuffer(url: string, options: { maxBytes?: number } = {}): Promise<HttpResponse<Buffer>> {
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    return this.withRetries(url, async () => {
      const response = await this.open(url);
      if (response.status >= 500) {
        discard(response.body);
        throw serverError(url, response.status);
      }
      const chunks: Buffer[] = [];
      let total = 0;
      try {
        for await (const chunk of response.body) {
          total += (chunk as Buffer).length;
          if (total > maxBytes) throw new NetworkError('E_HTTP_TOO_LARGE', `${url} sent more than ${maxBytes} bytes`);
          chunks.push(chunk as Buffer);
        }
      } catch (error) {
        discard(response.body);
        throw error;
      }
      return { ...response, body: Buffer.concat(chunks) };
    });
  }

  /**
   * Opens a GET and hands back the streaming body (one attempt: a caller that consumes the
   * stream decides whether a failure mid-body means a fresh attempt, see withRetries).
   * 5xx is thrown as a retryable NetworkError; other statuses are returned.
   */
  async open(url: string): Promise<HttpResponse<Readable>> {
    let response: Dispatcher.ResponseData<unknown>;
    try {
      const { origin, pathname, search } = new URL(url);
      response = await this.getDispatcher().request({
        origin,
        path: `${pathname}${search}`,
        method: 'GET',
        headers: { 'user-agent': userAgent(this.config) },
        headersTimeout: this.config.http.timeoutMs,
        bodyTimeout: this.config.http.timeoutMs,
      });
    } catch (error) {
      throw networkError(url, error);
    }
    if (response.statusCode >= 500) {
      discard(response.body);
      throw serverError(url, response.statusCode);
    }
    return { url, status: response.statusCode, headers: response.headers, body: response.body };
  }

  /**
   * Runs `attempt` up to 1 + retries times, waiting with exponential backoff between tries,
   * as long as the failure is transient (connection error, timeout, truncated body, 5xx).
   */
  async withRetries<T>(what: string, attempt: (n: number) => Promise<T>): Promise<T> {
    const tries = 1 + this.config.http.retries;
    for (let n = 1; ; n++) {
      try {
        return await attempt(n);
      } catch (error) {
        const wrapped = error instanceof GvxError ? error : networkError(what, error);
        if (n >= tries || !isTransient(wrapped)) throw wrapped;
        const delayMs = this.config.http.retryBaseMs * 2 ** (n - 1);
        this.onRetry({ attempt: n, of: tries, delayMs, error: wrapped });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  async close(): Promise<void> {
    await this.dispatcher?.close();
    this.dispatcher = undefined;
  }

  private getDispatcher(): Dispatcher {
    if (!this.dispatcher) {
      const env = this.config.env;
      this.dispatcher = new EnvHttpProxyAgent({
        httpProxy: env.HTTP_PROXY ?? env.http_proxy,
        httpsProxy: env.HTTPS_PROXY ?? env.https_proxy,
        noProxy: env.NO_PROXY ?? env.no_proxy,
        connectTimeout: this.config.http.timeoutMs,
        headersTimeout: this.config.http.timeoutMs,
        bodyTimeout: this.config.http.timeoutMs,
        // Plain http:// goes to the proxy as an absolute-URI GET, as curl and the go command
        // do; many proxies (Squid's default) refuse CONNECT to ports other than 443.
        proxyTunnel: false,
      }).compose(redirectInterceptor({ maxRedirections: 5 })); // go.dev/dl redirects to dl.google.com
    }
    return this.dispatcher;
  }
}

/** Drops a response body we will not read, without an unhandled 'error' event. */
export function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

export function userAgent(config: Config): string {
  return `gvx/${gvxVersion()} (node ${process.versions.node}; ${config.goos}/${config.goarch})`;
}

const TRANSIENT_CODES = new Set(['E_HTTP_CONNECT', 'E_HTTP_TIMEOUT', 'E_HTTP_TRUNCATED', 'E_HTTP_5XX']);

export function isTransient(error: unknown): boolean {
  return error instanceof GvxError && TRANSIENT_CODES.has(error.code);
}

function serverError(url: string, status: number): NetworkError {
  return new NetworkError('E_HTTP_5XX', `${url} answered HTTP ${status}`, {
    hint: 'the server is failing; try again later or set GVX_MIRROR to another mirror',
  });
}

/** Maps undici / socket errors to a NetworkError with a code saying whether to retry. */
export function networkError(url: string, error: unknown): GvxError {
  if (error instanceof GvxError) return error;
  const code = String((error as { code?: string })?.code ?? '');
  const message = (error as Error)?.message ?? String(error);
  const hint = 'check the network, HTTPS_PROXY / NO_PROXY, or set GVX_MIRROR to a reachable mirror';
  if (/TIMEOUT/.test(code) || code === 'ETIMEDOUT') {
    return new NetworkError('E_HTTP_TIMEOUT', `timed out talking to ${url} (${message})`, { hint, cause: error });
  }
  if (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH' || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'Z_BUF_ERROR' || /premature|terminated|other side closed|aborted/i.test(message)) {
    return new NetworkError('E_HTTP_TRUNCATED', `the download from ${url} was cut off (${message})`, { hint, cause: error });
  }
  return new NetworkError('E_HTTP_CONNECT', `cannot reach ${url} (${code || message})`, { hint, cause: error });
}
