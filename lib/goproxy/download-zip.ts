// Streams a toolchain module zip from the GOPROXY list to a file: never the whole zip in
// memory, bounded in size (the go command's 500 MiB module limit), retried on transient
// failures, and walking the list with GOPROXY's fall-through rules.

import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { GvxError, IntegrityError, NetworkError, fileSystemError } from '../errors.js';
import { type HttpClient, discard, networkError } from '../net/http.js';
import { type ProxyEntry, ProxyNotFoundError, tryProxies } from './proxy-list.js';
import { TOOLCHAIN_DIRECT_URL, explainDirect, moduleUrl, proxyBase } from './toolchain-module.js';

/** golang.org/x/mod/zip MaxZipFile. */
export const MAX_MODULE_ZIP_BYTES = 500 * 1024 * 1024;

export interface DownloadOptions {
  readonly http: HttpClient;
  readonly proxies: readonly ProxyEntry[];
  readonly moduleVersion: string;
  readonly destFile: string;
  readonly directUrl?: string;
  readonly maxBytes?: number;
  /** Bytes received so far and the expected total (content-length), for a progress bar. */
  readonly onProgress?: (bytes: number, total: number | undefined) => void;
}

/** Downloads "<proxy>/golang.org/toolchain/@v/<version>.zip" to destFile; returns the proxy used. */
export async function downloadToolchainZip(options: DownloadOptions): Promise<{ proxyUsed: string; bytes: number; sha256: string }> {
  const directUrl = options.directUrl ?? TOOLCHAIN_DIRECT_URL;
  const maxBytes = options.maxBytes ?? MAX_MODULE_ZIP_BYTES;
  return tryProxies(options.proxies, async (entry) => {
    const base = proxyBase(entry, directUrl);
    const url = moduleUrl(base, `${options.moduleVersion}.zip`);
    try {
      const { bytes, sha256 } = await options.http.withRetries(url, () => downloadOnce(options.http, url, options.destFile, maxBytes, options.onProgress));
      return { proxyUsed: base, bytes, sha256 };
    } catch (error) {
      throw explainDirect(error, entry, directUrl);
    }
  });
}

async function downloadOnce(
  http: HttpClient,
  url: string,
  destFile: string,
  maxBytes: number,
  onProgress: DownloadOptions['onProgress'],
): Promise<{ bytes: number; sha256: string }> {
  const response = await http.open(url);
  if (response.status === 404 || response.status === 410) {
    discard(response.body);
    throw new ProxyNotFoundError(url, response.status);
  }
  if (response.status !== 200) {
    discard(response.body);
    throw new NetworkError('E_GOPROXY_HTTP', `${url} answered HTTP ${response.status}`, { hint: 'check GOPROXY and the network' });
  }
  const length = Number(response.headers['content-length']);
  const total = Number.isFinite(length) && length > 0 ? length : undefined;
  let bytes = 0;
  // The sha256 for the install record, computed as the bytes pass (a fresh one per attempt).
  const hash = createHash('sha256');
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) {
        callback(new IntegrityError('E_ZIP_TOO_LARGE', `${url} is larger than ${maxBytes} bytes, the module zip limit`, {
          hint: 'a genuine toolchain module zip is far smaller; the proxy is misbehaving',
        }));
      } else {
        onProgress?.(bytes, total);
        hash.update(chunk);
        callback(null, chunk);
      }
    },
  });
  try {
    await pipeline(response.body, limit, createWriteStream(destFile));
  } catch (error) {
    if (error instanceof GvxError) throw error;
    if ((error as NodeJS.ErrnoException).path === destFile) throw fileSystemError('write', destFile, error);
    throw networkError(url, error);
  }
  return { bytes, sha256: hash.digest('hex') };
}
