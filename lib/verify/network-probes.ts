// `gvx doctor --network`: timed, bounded reachability probes of the release index, the download
// base (GVX_MIRROR or dl.google.com) and each GOPROXY entry. One GET each, no retries, a hard
// deadline; any HTTP answer below 500 from a proxy proves it reachable (its root may be a 404).

import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { discard, type HttpClient } from '../net/http.js';
import { downloadBase, indexUrl } from '../remote/release-index.js';
import type { DoctorCheck, Severity } from './doctor-checks.js';
import type { GoEnv } from './go-env.js';

const PROBE_DEADLINE_MS = 10_000;

export async function probeNetwork(config: Config, http: HttpClient, goEnv: GoEnv): Promise<DoctorCheck[]> {
  const deadline = Math.min(config.http.timeoutMs, PROBE_DEADLINE_MS);
  // GVX_MIRROR is a deliberate choice: unreachable means installs fail, so it is an error.
  const unreachable: Severity = config.mirror ? 'error' : 'warn';
  const probes: Promise<DoctorCheck>[] = [
    probe(http, 'net-index', 'release index', indexUrl(config), deadline, unreachable, (s) => s < 400),
    probe(http, 'net-mirror', config.mirror ? 'mirror (GVX_MIRROR)' : 'download host', `${downloadBase(config)}/`, deadline, unreachable, (s) => s < 500),
  ];
  const entries = (goEnv.GOPROXY ?? '').split(/[,|]/).map((e) => e.trim()).filter((e) => e !== '' && e !== 'off' && e !== 'direct');
  for (const entry of entries) {
    probes.push(entry.startsWith('file://') ? probeFileProxy(entry) : probe(http, 'net-goproxy', `GOPROXY entry`, entry.replace(/\/*$/, '/'), deadline, 'warn', (s) => s < 500));
  }
  return Promise.all(probes);
}

async function probe(
  http: HttpClient,
  id: string,
  what: string,
  url: string,
  deadlineMs: number,
  failSeverity: Severity,
  good: (status: number) => boolean,
): Promise<DoctorCheck> {
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${deadlineMs} ms`)), deadlineMs);
  });
  const attempt = http.open(url);
  try {
    const response = await Promise.race([attempt, deadline]);
    discard(response.body);
    const ms = Date.now() - started;
    if (good(response.status)) return { id, severity: 'ok', message: `${what} ${url} answered HTTP ${response.status} in ${ms} ms` };
    return { id, severity: failSeverity, message: `${what} ${url} answered HTTP ${response.status} (${ms} ms)`, fix: fixFor(id) };
  } catch (error) {
    attempt.then((r) => discard(r.body), () => {}); // a late answer after the deadline
    return { id, severity: failSeverity, message: `${what} ${url} is unreachable: ${(error as Error).message} (${Date.now() - started} ms)`, fix: fixFor(id) };
  } finally {
    clearTimeout(timer);
  }
}

async function probeFileProxy(entry: string): Promise<DoctorCheck> {
  let dir: string;
  try {
    dir = fileURLToPath(entry);
  } catch {
    return { id: 'net-goproxy', severity: 'warn', message: `GOPROXY entry ${entry} is not a valid file:// URL`, fix: 'use file:///absolute/path' };
  }
  const readable = await readdir(dir).then(() => true, () => false);
  return readable
    ? { id: 'net-goproxy', severity: 'ok', message: `GOPROXY entry ${entry} is a readable directory` }
    : { id: 'net-goproxy', severity: 'warn', message: `GOPROXY entry ${entry}: ${dir} is not a readable directory`, fix: 'fix the path in GOPROXY' };
}

function fixFor(id: string): string {
  return id === 'net-goproxy'
    ? 'check the network and HTTPS_PROXY / NO_PROXY, or fix GOPROXY (go env -w GOPROXY=…)'
    : 'check the network and HTTPS_PROXY / NO_PROXY, or set GVX_MIRROR to a reachable mirror';
}
