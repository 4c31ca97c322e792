// The pieces of undici gvx uses, loaded without undici's index: the index loads all of undici
// (fetch, WebSocket, mocks, caches: ~110 files, ~75 ms of every networked command's start-up,
// a measurable share of `gvx install`, see bench/install). This file does for these pieces
// what the index does for all: it gives every dispatcher the request API (request, connect,
// stream, ...; ProxyAgent's CONNECT tunnel needs `connect`). undici has no "exports" map, so
// these paths are reachable; package-lock pins the version, and the network tests (plain,
// proxied, CONNECT-tunnelled, redirected) go through every piece.

import { createRequire } from 'node:module';
import type { Dispatcher as DispatcherType, EnvHttpProxyAgent as EnvHttpProxyAgentType } from 'undici';

const require = createRequire(import.meta.url);

const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as typeof DispatcherType;
Object.assign(Dispatcher.prototype, require('undici/lib/api/index.js'));

export const EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent.js') as typeof EnvHttpProxyAgentType;
