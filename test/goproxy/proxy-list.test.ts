import assert from 'node:assert/strict';
import { NetworkError } from '../../lib/errors.js';
import { ProxyNotFoundError, parseProxyList, tryProxies, type ProxyEntry } from '../../lib/goproxy/proxy-list.js';

describe('goproxy/proxy-list: parsing GOPROXY', () => {
  it('splits on , and |, remembers which, prefixes https:// to bare hosts', () => {
    assert.deepEqual(parseProxyList('https://a.example,corp.example/go|http://127.0.0.1:1/p/,direct'), [
      { kind: 'url', url: 'https://a.example', fallBackOnError: false },
      { kind: 'url', url: 'https://corp.example/go', fallBackOnError: true },
      { kind: 'url', url: 'http://127.0.0.1:1/p', fallBackOnError: false },
      { kind: 'direct' },
    ]);
  });

  it('stops at direct and off; skips empty entries; rejects an empty list', () => {
    assert.deepEqual(parseProxyList('direct,https://ignored.example'), [{ kind: 'direct' }]);
    assert.deepEqual(parseProxyList(' , https://a.example ,off,https://b.example'), [
      { kind: 'url', url: 'https://a.example', fallBackOnError: false },
      { kind: 'off' },
    ]);
    assert.throws(() => parseProxyList(', '), { code: 'E_GOPROXY_INVALID' });
    assert.throws(() => parseProxyList('file:///srv/goproxy'), { code: 'E_GOPROXY_INVALID' });
  });
});

describe('goproxy/proxy-list: walking the list', () => {
  const fail = (kind: 'notfound' | 'error') => async (entry: ProxyEntry) => {
    const url = entry.kind === 'url' ? entry.url : entry.kind;
    throw kind === 'notfound' ? new ProxyNotFoundError(url, 404) : new NetworkError('E_HTTP_5XX', `${url} answered HTTP 500`);
  };
  const walk = async (goproxy: string, behaviour: Record<string, 'ok' | 'notfound' | 'error'>) => {
    const tried: string[] = [];
    try {
      const got = await tryProxies(parseProxyList(goproxy), async (entry) => {
        const key = entry.kind === 'url' ? new URL(entry.url).host : entry.kind;
        tried.push(key);
        const b = behaviour[key] ?? 'ok';
        if (b === 'ok') return key;
        return fail(b)(entry);
      });
      return { tried, got };
    } catch (error) {
      return { tried, error: error as Error & { code?: string } };
    }
  };

  it('"," falls through on 404/410 only', async () => {
    assert.deepEqual(await walk('a.example,b.example', { 'a.example': 'notfound' }), { tried: ['a.example', 'b.example'], got: 'b.example' });
    const r = await walk('a.example,b.example', { 'a.example': 'error' });
    assert.deepEqual(r.tried, ['a.example']);
    assert.equal(r.error?.code, 'E_HTTP_5XX');
  });

  it('"|" falls through on any error', async () => {
    assert.deepEqual(await walk('a.example|b.example', { 'a.example': 'error' }), { tried: ['a.example', 'b.example'], got: 'b.example' });
  });

  it('reports the most useful error: a real error over "not found"', async () => {
    const r = await walk('a.example|b.example', { 'a.example': 'error', 'b.example': 'notfound' });
    assert.equal(r.error?.code, 'E_HTTP_5XX');
    const n = await walk('a.example,b.example', { 'a.example': 'notfound', 'b.example': 'notfound' });
    assert.ok(n.error instanceof ProxyNotFoundError);
    assert.equal(n.error.exitCode, 3);
  });

  it('off fails with its own message, after earlier "not found"s too', async () => {
    const r = await walk('off', {});
    assert.deepEqual(r.tried, []);
    assert.equal(r.error?.code, 'E_GOPROXY_OFF');
    const r2 = await walk('a.example,off', { 'a.example': 'notfound' });
    assert.equal(r2.error?.code, 'E_GOPROXY_OFF');
  });
});
