// Downloads a toolchain module zip from the GOPROXY list to a file: never the whole zip in
// memory, bounded in size (the go command's 500 MiB module limit), retried and resumed on
// transient failures, and walking the list with GOPROXY's fall-through rules.

import { MAX_MODULE_ZIP_BYTES } from '../archive/extract-toolchain-zip.js';
import { NetworkError } from '../errors.js';
import { type DownloadListeners, type DownloadedFile, downloadToFile } from '../net/download-to-file.js';
import type { HttpClient } from '../net/http.js';
import { type ProxyEntry, ProxyNotFoundError, tryProxies } from './proxy-list.js';
import { TOOLCHAIN_DIRECT_URL, explainDirect, moduleUrl, proxyBase } from './toolchain-module.js';

export interface DownloadOptions extends DownloadListeners {
  readonly http: HttpClient;
  readonly proxies: readonly ProxyEntry[];
  readonly moduleVersion: string;
  /** Where the zip goes; what an earlier attempt or run left there is continued. */
  readonly destFile: string;
  readonly directUrl?: string;
  readonly maxBytes?: number;
}

export interface DownloadedZip extends DownloadedFile {
  readonly proxyUsed: string;
}

/** Downloads "<proxy>/golang.org/toolchain/@v/<version>.zip" to destFile; returns the proxy used. */
export async function downloadToolchainZip(options: DownloadOptions): Promise<DownloadedZip> {
  const directUrl = options.directUrl ?? TOOLCHAIN_DIRECT_URL;
  const maxBytes = options.maxBytes ?? MAX_MODULE_ZIP_BYTES;
  return tryProxies(options.proxies, async (entry) => {
    const base = proxyBase(entry, directUrl);
    const url = moduleUrl(base, `${options.moduleVersion}.zip`);
    try {
      const downloaded = await downloadToFile(options.http, {
        url,
        file: options.destFile,
        maxBytes,
        statusError: (status, at) =>
          status === 404 || status === 410
            ? new ProxyNotFoundError(at, status)
            : new NetworkError('E_GOPROXY_HTTP', `${at} answered HTTP ${status}`, { hint: 'check GOPROXY and the network' }),
        onProgress: options.onProgress,
        onResume: options.onResume,
      });
      return { proxyUsed: base, ...downloaded };
    } catch (error) {
      throw explainDirect(error, entry, directUrl);
    }
  });
}
