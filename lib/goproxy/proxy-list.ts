// GOPROXY, parsed and walked as the go command does (cmd/go/internal/modfetch/proxy.go):
// entries separated by "," fall through to the next only when the module is not there
// (404 / 410); entries separated by "|" fall through on any error. "direct" ends the list
// (what comes after it is ignored), "off" fails. Bare host names get https:// prepended.

import { GvxError, NotFoundError } from '../errors.js';

export type ProxyEntry =
  | { readonly kind: 'url'; readonly url: string; readonly fallBackOnError: boolean }
  | { readonly kind: 'direct' }
  | { readonly kind: 'off' };

function invalidList(goproxy: string, why: string): GvxError {
  return new GvxError('E_GOPROXY_INVALID', `invalid GOPROXY "${goproxy}": ${why}`, {
    hint: 'GOPROXY is a list like "https://proxy.golang.org,direct" (entries split by "," or "|")',
  });
}

export function parseProxyList(goproxy: string): ProxyEntry[] {
  const entries: ProxyEntry[] = [];
  let rest = goproxy;
  while (rest !== '') {
    const i = rest.search(/[,|]/);
    const raw = i >= 0 ? rest.slice(0, i) : rest;
    const fallBackOnError = i >= 0 && rest[i] === '|';
    rest = i >= 0 ? rest.slice(i + 1) : '';
    let url = raw.trim();
    if (url === '') continue;
    if (url === 'off') {
      entries.push({ kind: 'off' });
      break;
    }
    if (url === 'direct') {
      entries.push({ kind: 'direct' });
      break; // the go command ignores what follows "direct"
    }
    // Single words are reserved; "host/path" without a scheme means https.
    if (/[.:/]/.test(url) && !url.includes(':/') && !url.startsWith('/')) url = `https://${url}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalidList(goproxy, `"${raw.trim()}" is not a URL`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
      throw invalidList(goproxy, `${parsed.protocol}// proxies are not supported by gvx (only http and https)`);
    }
    entries.push({ kind: 'url', url: url.replace(/\/+$/, ''), fallBackOnError });
  }
  if (entries.length === 0) throw invalidList(goproxy, 'the list has no entries');
  return entries;
}

/** Thrown by an attempt when the proxy does not have it (404 / 410): always falls through. */
export class ProxyNotFoundError extends NotFoundError {
  constructor(
    readonly url: string,
    readonly status: number,
  ) {
    super('E_GOPROXY_NOT_FOUND', `${url} answered HTTP ${status} (not found)`);
  }
}

function offError(): GvxError {
  return new GvxError('E_GOPROXY_OFF', 'module downloads are disabled by GOPROXY=off', {
    hint: 'set GOPROXY to a module proxy (e.g. GOPROXY=https://proxy.golang.org) to install toolchains from it',
  });
}

/**
 * Runs `attempt` on each entry in turn, as TryProxies does: stop at the first success; after
 * an error, go on only if it was "not found" or the entry is followed by "|". When all fail,
 * throw the most useful error: a "direct" error, else a proxy error other than not-found,
 * else the first not-found.
 */
export async function tryProxies<T>(entries: readonly ProxyEntry[], attempt: (entry: ProxyEntry) => Promise<T>): Promise<T> {
  let best: unknown;
  let bestRank = -1;
  for (const entry of entries) {
    if (entry.kind === 'off') {
      // Like errProxyOff in the go command: more telling than an earlier "not found".
      if (bestRank <= 0) {
        best = offError();
        bestRank = 0;
      }
      break;
    }
    try {
      return await attempt(entry);
    } catch (error) {
      const notFound = error instanceof ProxyNotFoundError;
      const rank = entry.kind === 'direct' ? 2 : notFound ? 0 : 1;
      if (rank > bestRank) {
        best = error;
        bestRank = rank;
      }
      if (entry.kind === 'url' && !entry.fallBackOnError && !notFound) break;
    }
  }
  throw best;
}
