// The pieces of undici gvx uses, loaded without undici's index: the index loads all of undici
// (fetch, WebSocket, mocks, caches: ~110 files, ~75 ms of every networked command's start-up,
// a measurable share of `gvx install`, see bench/install). This file does for these pieces
// what the index does for all: it gives every dispatcher the request API (request, connect,
// stream, ...; ProxyAgent's CONNECT tunnel needs `connect`).
// The paths are undici's internals (it has no "exports" map, so they are reachable), and safe
// to name: they are static imports, which the build (scripts/build-bundle.mjs) resolves against
// the undici that package.json and package-lock.json pin, and bundles, so what ships cannot meet
// another undici. A newer undici that moved them fails the build, not a user. The network
// tests (plain, proxied, CONNECT-tunnelled, redirected) go through every piece. Types:
// undici-internals.d.ts.

import api from 'undici/lib/api/index.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import EnvHttpProxyAgentClass from 'undici/lib/dispatcher/env-http-proxy-agent.js';

Object.assign(Dispatcher.prototype, api);

export const EnvHttpProxyAgent = EnvHttpProxyAgentClass;
