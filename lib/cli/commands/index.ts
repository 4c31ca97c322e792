// The command table: each command lives in <name>.ts and is imported only when it runs, so
// `gvx current` loads current.ts and nothing of the others. main.ts dispatches through it;
// completions.ts gets it through its context (CommandContext.commands), not by importing it.

import type { Command } from '../context.js';

export const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  install: () => import('./install.js'),
  uninstall: () => import('./uninstall.js'),
  ls: () => import('./ls.js'),
  list: () => import('./ls.js'),
  'ls-remote': () => import('./ls-remote.js'),
  use: () => import('./use.js'),
  current: () => import('./current.js'),
  which: () => import('./which.js'),
  exec: () => import('./exec.js'),
  env: () => import('./env.js'),
  shell: () => import('./shell.js'),
  completions: () => import('./completions.js'),
  verify: () => import('./verify.js'),
  doctor: () => import('./doctor.js'),
  tools: () => import('./tools.js'),
  outdated: () => import('./outdated.js'),
  upgrade: () => import('./upgrade.js'),
  prune: () => import('./prune.js'),
};

/** Names in help order (aliases left out). */
export const HELP_ORDER = ['install', 'uninstall', 'ls', 'ls-remote', 'outdated', 'upgrade', 'prune', 'use', 'shell', 'current', 'which', 'exec', 'env', 'verify', 'doctor', 'tools', 'completions'];
