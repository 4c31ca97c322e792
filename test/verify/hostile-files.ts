// What doctor's and verify's tests on hostile files share: a sandbox whose selected Go is a
// synthetic install with the shims first on PATH, a directory for the planted files, and a run
// of a command in its JSON and text forms, each of which must end by itself (a read that
// blocks or never ends shows as the command killed by the spawn timeout, not a hung suite).

import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { makeSandbox, type RunResult, type Sandbox } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';

export const SELECTED = '1.22.12';
const HANG_MS = 30_000;

export interface HostileFilesWorld {
  readonly sandbox: Sandbox;
  /** Where a test plants its files. */
  readonly dir: string;
}

export async function makeHostileFilesWorld(dirName: string): Promise<HostileFilesWorld> {
  const sandbox = await makeSandbox();
  await makeFakeHome(sandbox.home, [SELECTED], SELECTED);
  sandbox.env.PATH = `${join(sandbox.home, 'shims')}:${sandbox.env.PATH}`;
  const dir = join(sandbox.root, dirName);
  await mkdir(dir);
  return { sandbox, dir };
}

/** `gvx COMMAND --json` and `gvx COMMAND`, both ended by themselves: the JSON run, and all they printed. */
export async function runBothForms(sandbox: Sandbox, command: string, env: Record<string, string>): Promise<{ json: RunResult; output: string }> {
  const json = await sandbox.runGvx([command, '--json'], { env, timeoutMs: HANG_MS });
  assert.equal(json.timedOut, false, `${command} --json hung`);
  const text = await sandbox.runGvx([command], { env, timeoutMs: HANG_MS });
  assert.equal(text.timedOut, false, `${command} hung`);
  return { json, output: json.stdout + json.stderr + text.stdout + text.stderr };
}
