// The one door to the network: undici with connect/header/body timeouts, a low-speed limit
// (low-speed-guard.ts), the proxy from HTTPS_PROXY / HTTP_PROXY / NO_PROXY, a user agent
// naming gvx, redirects followed here (so a loop or a file:// target is reported as what it
// is), and bounded retries with backoff on connection errors, truncated bodies and 5xx.
// Everything that downloads goes through here, so the retry and timeout rules are the same
// everywhere. A host name that does not resolve fails at once: retrying DNS only adds delay.

import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Config } from '../config.js';
import { GvxError, NetworkError } from '../errors.js';
import { gvxVersion } from '../package-info.js';
import { LowSpeedGuard } from './low-speed-guard.js';
import { EnvHttpProxyAgent } from './undici-parts.js';

/** go.dev/dl redirects once, to dl.google.com; five is plenty for any mirror. */
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

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

export interface OpenOptions {
  /** Extra request headers (Range for a resumed download). */
  readonly headers?: Readonly<Record<string, string>>;
}

export class HttpClient {
  private dispatcher?: Dispatcher;
  /**
   * Time lost to transfers abandoned as stalled or too slow, over every request of this
   * command: once it reaches the budget nothing is retried, so a trickling server fails an
   * install in about (1 + retries) x GVX_HTTP_LOW_SPEED_TIME, not that much per request.
   */
  private stalledMs = 0;

  constructor(
    private readonly config: Config,
    private readonly onRetry: (notice: RetryNotice) => void = () => {},
  ) {}

  /** GET a small body (an index, a checksum file) into memory, with retries. */
  async getBuffer(url: string, options: { maxBytes?: number } = {}): Promise<HttpResponse<Buffer>> {
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    return this.withRetries(url, async () => {
      const response = await this.open(url); // 5xx is thrown there
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
   * Opens a GET, following redirects, and hands back the streaming body (one attempt: a
   * caller that consumes the stream decides whether a failure mid-body means a fresh attempt,
   * see withRetries). 5xx is thrown as a retryable NetworkError; other statuses are returned.
   * `url` in the response is the final one.
   */
  async open(url: string, options: OpenOptions = {}): Promise<HttpResponse<Readable>> {
    const visited = [url];
    for (;;) {
      const current = visited[visited.length - 1]!;
      const response = await this.request(current, options.headers);
      const location = REDIRECT_STATUSES.has(response.statusCode) ? firstHeader(response.headers.location) : undefined;
      if (location === undefined) {
        if (response.statusCode >= 500) {
          discard(response.body);
          throw serverError(current, response.statusCode);
        }
        return { url: current, status: response.statusCode, headers: response.headers, body: this.guard(current, response.body) };
      }
      discard(response.body);
      const next = redirectTarget(current, location);
      if (visited.includes(next)) throw redirectError(`${url} redirects in a loop: ${[...visited, next].join(' -> ')}`);
      if (visited.length > MAX_REDIRECTS) throw redirectError(`${url} redirects more than ${MAX_REDIRECTS} times: ${visited.join(' -> ')} -> ${next}`);
      visited.push(next);
    }
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
        if (wrapped.code === 'E_HTTP_TOO_SLOW') this.stalledMs += this.config.http.lowSpeedTimeMs;
        if (wrapped.code === 'E_HTTP_TIMEOUT') this.stalledMs += this.config.http.timeoutMs;
        if (!isTransient(wrapped)) throw wrapped;
        if (n >= tries || this.stalledMs >= this.stallBudgetMs()) {
          throw wrapped instanceof NetworkError && (wrapped.code === 'E_HTTP_TOO_SLOW' || wrapped.code === 'E_HTTP_TIMEOUT') ? gaveUp(wrapped, this.stalledMs) : wrapped;
        }
        const delayMs = this.config.http.retryBaseMs * 2 ** (n - 1);
        this.onRetry({ attempt: n, of: tries, delayMs, error: wrapped });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  }

  /** (1 + retries) windows of the low-speed limit (of the idle timeout when the limit is off). */
  private stallBudgetMs(): number {
    const { retries, lowSpeedBytesPerSec, lowSpeedTimeMs, timeoutMs } = this.config.http;
    const window = LowSpeedGuard.enabled({ bytesPerSec: lowSpeedBytesPerSec, timeMs: lowSpeedTimeMs }) ? lowSpeedTimeMs : timeoutMs;
    return (1 + retries) * window;
  }

  /** One GET of one URL (no redirects followed); errors mapped to NetworkError. */
  private async request(url: string, headers: OpenOptions['headers']): Promise<Dispatcher.ResponseData<unknown>> {
    try {
      const { origin, pathname, search } = new URL(url);
      return await this.getDispatcher().request({
        origin,
        path: `${pathname}${search}`,
        method: 'GET',
        headers: { 'user-agent': userAgent(this.config), ...headers },
        headersTimeout: this.config.http.timeoutMs,
        bodyTimeout: this.config.http.timeoutMs,
      });
    } catch (error) {
      throw dnsError(url, error, this.config) ?? networkError(url, error);
    }
  }

  /** The body behind the low-speed limit, unless GVX_HTTP_LOW_SPEED_LIMIT/TIME turn it off. */
  private guard(url: string, body: Readable): Readable {
    const limit = { bytesPerSec: this.config.http.lowSpeedBytesPerSec, timeMs: this.config.http.lowSpeedTimeMs };
    if (!LowSpeedGuard.enabled(limit)) return body;
    const guard = new LowSpeedGuard(url, limit);
    // Errors travel both ways: a failing socket fails the guard, an abandoned guard (too
    // slow, or the consumer gave up) closes the socket.
    body.on('error', (error) => guard.sourceFailed(error));
    guard.on('close', () => {
      if (!body.destroyed) discard(body);
    });
    return body.pipe(guard);
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
      });
    }
    return this.dispatcher;
  }
}

/** Drops a response body we will not read, without an unhandled 'error' event. */
export function discard(body: Readable): void {
  body.on('error', () => {});
  body.destroy();
}

function userAgent(config: Config): string {
  return `gvx/${gvxVersion()} (node ${process.versions.node}; ${config.goos}/${config.goarch})`;
}

const TRANSIENT_CODES = new Set<GvxError['code']>(['E_HTTP_CONNECT', 'E_HTTP_TIMEOUT', 'E_HTTP_TOO_SLOW', 'E_HTTP_TRUNCATED', 'E_HTTP_5XX']);

function isTransient(error: unknown): boolean {
  return error instanceof GvxError && TRANSIENT_CODES.has(error.code);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The absolute URL a Location header names; only http(s) is followed. */
function redirectTarget(from: string, location: string): string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    throw redirectError(`${from} redirects to "${location.slice(0, 200)}", which is not a URL`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    throw redirectError(`${from} redirects to ${next.href.slice(0, 200)}; gvx follows redirects only to http:// and https://`);
  }
  return next.href;
}

function redirectError(message: string): NetworkError {
  return new NetworkError('E_HTTP_REDIRECT', message, { hint: 'the server (or GVX_MIRROR) is misconfigured; check the URL in a browser or with curl -IL' });
}

function gaveUp(error: NetworkError, stalledMs: number): NetworkError {
  return new NetworkError(error.code, `${error.message}; gave up after ${Math.round(stalledMs / 1000)} s of stalled or slow transfers`, {
    hint: error.hint,
    cause: error,
  });
}

/**
 * A host name that does not resolve, named with the proxy in use: the name is wrong (or the
 * resolver unreachable), and asking again in a second will not change that.
 */
function dnsError(url: string, error: unknown, config: Config): NetworkError | undefined {
  const { code, hostname } = (error ?? {}) as { code?: string; hostname?: string };
  if (code !== 'ENOTFOUND' && code !== 'EAI_AGAIN') return undefined;
  const host = hostname ?? new URL(url).hostname;
  const proxy = proxyFromEnv(url, config.env);
  const proxyHost = proxy ? safeHostname(proxy.value) : undefined;
  const via =
    proxy === undefined
      ? 'no proxy is set'
      : proxyHost === host
        ? `it is the proxy in ${proxy.name}`
        : `connecting directly: NO_PROXY covers it, not ${proxy.name}=${proxy.value}`;
  const why = code === 'EAI_AGAIN' ? 'the DNS resolver did not answer' : 'no such host';
  return new NetworkError('E_HTTP_DNS', `cannot resolve host name "${host}" for ${url} (${why}; ${via})`, {
    hint: proxyHost === host ? `check ${proxy!.name}` : 'check the name (GVX_MIRROR), the network and the DNS settings, or set HTTPS_PROXY',
    cause: error,
  });
}

/** The proxy variable undici reads for this URL's scheme (NO_PROXY aside), if set. */
function proxyFromEnv(url: string, env: Config['env']): { name: string; value: string } | undefined {
  const names = url.startsWith('https:') ? ['HTTPS_PROXY', 'https_proxy'] : ['HTTP_PROXY', 'http_proxy'];
  for (const name of names) {
    const value = env[name];
    if (value) return { name, value };
  }
  return undefined;
}

function safeHostname(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
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
