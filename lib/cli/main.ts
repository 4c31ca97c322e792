// Dispatch and the top-level error reporter. Each command lives in commands/<name>.ts and is
// imported only when it runs. completions.ts reads the same table (main is loaded already, so
// sharing it costs no start-up time).

import { loadConfig } from '../config.js';
import { ExitCode, GvxError } from '../errors.js';
import { type Command, createContext } from './context.js';
import { Output } from './output.js';

export const COMMANDS: Record<string, () => Promise<{ command: Command }>> = {
  install: () => import('./commands/install.js'),
  uninstall: () => import('./commands/uninstall.js'),
  ls: () => import('./commands/ls.js'),
  list: () => import('./commands/ls.js'),
  'ls-remote': () => import('./commands/ls-remote.js'),
  use: () => import('./commands/use.js'),
  current: () => import('./commands/current.js'),
  which: () => import('./commands/which.js'),
  exec: () => import('./commands/exec.js'),
  env: () => import('./commands/env.js'),
  shell: () => import('./commands/shell.js'),
  completions: () => import('./commands/completions.js'),
  verify: () => import('./commands/verify.js'),
  doctor: () => import('./commands/doctor.js'),
  tools: () => import('./commands/tools.js'),
};

/** Names in help order (aliases left out). */
export const HELP_ORDER = ['install', 'uninstall', 'ls', 'ls-remote', 'use', 'shell', 'current', 'which', 'exec', 'env', 'verify', 'doctor', 'tools', 'completions'];

export async function main(argv: string[]): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    // A bad GVX_HOME: reported like any error, on a plain (colourless) output.
    process.exitCode = report(error, new Output(false), process.env.GVX_DEBUG === '1');
    return;
  }
  const out = Output.forConfig(config);
  const code = await runCommand(argv, config, out);
  process.exitCode = code;
}

async function runCommand(argv: string[], config: ReturnType<typeof loadConfig>, out: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printHelp(out);
    return name === undefined ? ExitCode.usage : ExitCode.ok;
  }
  if (name === '--version' || name === '-V') {
    const { gvxVersion } = await import('../package-info.js');
    out.line(gvxVersion());
    return ExitCode.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    out.error(`unknown command "${name}"`, 'gvx --help lists the commands');
    return ExitCode.usage;
  }
  const ctx = createContext(config, out);
  try {
    const { command } = await load();
    const ownArgs = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
      out.line(`usage: ${command.usage}\n\n${command.summary}`);
      return ExitCode.ok;
    }
    return await command.run(ctx, rest);
  } catch (error) {
    return report(error, out, config.debug);
  } finally {
    await ctx.close();
  }
}

function report(error: unknown, out: Output, debug: boolean): number {
  if (error instanceof GvxError) {
    out.error(error.message, error.hint);
    if (debug) printDebug(error, out);
    return error.exitCode;
  }
  out.error(`internal error: ${(error as Error)?.message ?? String(error)}`, 'this is a bug in gvx; run again with GVX_DEBUG=1 and report the output');
  if (debug) printDebug(error, out);
  return ExitCode.failure;
}

function printDebug(error: unknown, out: Output): void {
  let current: unknown = error;
  let prefix = '';
  while (current) {
    out.info(`${prefix}${(current as Error).stack ?? String(current)}`);
    current = (current as Error).cause;
    prefix = 'caused by: ';
  }
}

async function printHelp(out: Output): Promise<void> {
  out.line('gvx: Go toolchain version manager\n\nusage: gvx <command> [options]\n\ncommands:');
  for (const name of HELP_ORDER) {
    const { command } = await COMMANDS[name]();
    out.line(`  ${name.padEnd(12)} ${command.summary}`);
  }
  out.line('\nRun gvx <command> --help for its options. Environment: GVX_HOME, GVX_MIRROR, GVX_SOURCE, GVX_GO_VERSION, GVX_AUTO_INSTALL, GVX_QUIET, GVX_DEBUG (see the README).');
}
