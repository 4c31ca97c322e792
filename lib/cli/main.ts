// Dispatch and the top-level error reporter. Each command lives in commands/<name>.ts and is
// imported only when it runs, through the table in commands/index.ts (which completions.ts
// reads from its context, so no command imports the table or this file).

import { inspect } from 'node:util';
import { loadConfig } from '../config.js';
import { ExitCode } from '../error-codes.js';
import { GvxError, UsageError } from '../errors.js';
import { CommandLineError } from './args.js';
import { COMMANDS, HELP_ORDER } from './commands/index.js';
import { type Command, createContext } from './context.js';
import { didYouMean, nearestNames } from './nearest-names.js';
import { Output } from './output.js';

const HELP_WORDS = new Set(['help', '--help', '-h']);
const VERSION_WORDS = new Set(['version', '--version', '-V', '-v']);

/**
 * Exit status when stdout or stderr is a pipe whose reader has gone (`gvx ls-remote | head -1`).
 * Node ignores SIGPIPE, so a write there fails with EPIPE, an 'error' event that would crash
 * with a stack trace. gvx exits at once, silently, with the status a shell shows for a process
 * killed by SIGPIPE (128 + 13), as `yes | head -1` does: a plain pipeline reports head's status,
 * and a `set -o pipefail` script sees that the output was cut short.
 */
export const EXIT_BROKEN_PIPE = 141;

export async function main(argv: string[]): Promise<void> {
  exitQuietlyOnBrokenPipe(process.stdout);
  exitQuietlyOnBrokenPipe(process.stderr);
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

function exitQuietlyOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
    throw error; // anything else is as unexpected as it was without this listener
  });
}

async function runCommand(argv: string[], config: ReturnType<typeof loadConfig>, out: Output): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    await printHelp(out);
    return ExitCode.usage;
  }
  if (HELP_WORDS.has(name)) {
    if (name !== 'help' || rest.length === 0 || HELP_WORDS.has(rest[0]!)) {
      await printHelp(out);
      return ExitCode.ok;
    }
    // `gvx help install` = `gvx install --help`.
    if (rest.length > 1) return report(new UsageError(`help: unexpected argument "${rest[1]}"`, { hint: 'gvx help <command>' }), out, config.debug);
    return printCommandHelp(rest[0]!, out, config.debug);
  }
  if (VERSION_WORDS.has(name)) {
    const { gvxVersion } = await import('../package-info.js');
    out.line(gvxVersion());
    return ExitCode.ok;
  }
  const load = findCommand(name);
  if (!load) return report(unknownCommand(name), out, config.debug);
  const ctx = createContext(config, out, { loaders: COMMANDS, helpOrder: HELP_ORDER });
  let command: Command | undefined;
  try {
    ({ command } = await load());
    const ownArgs = rest.includes('--') ? rest.slice(0, rest.indexOf('--')) : rest;
    if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
      printLines(commandHelp(command), (line) => out.line(line));
      return ExitCode.ok;
    }
    return await command.run(ctx, rest);
  } catch (error) {
    const code = report(error, out, config.debug);
    // A command line the command could not parse: show what it accepts.
    if (error instanceof CommandLineError && command) printLines(`usage: ${command.usage}`, (line) => out.info(line));
    return code;
  } finally {
    await ctx.close();
  }
}

/** Own keys only: `gvx toString` is an unknown command, not Object.prototype's. */
function findCommand(name: string): (() => Promise<{ command: Command }>) | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

function unknownCommand(name: string): UsageError {
  const known = [...Object.keys(COMMANDS), 'help', 'version'];
  return new UsageError(`unknown command "${name}"`, { hint: didYouMean(nearestNames(name, known)) ?? 'gvx --help lists the commands' });
}

async function printCommandHelp(name: string, out: Output, debug: boolean): Promise<number> {
  const load = findCommand(name);
  if (!load) return report(unknownCommand(name), out, debug);
  printLines(commandHelp((await load()).command), (line) => out.line(line));
  return ExitCode.ok;
}

/** gvx's own text of several lines (help, usage), a line at a time: Output escapes a newline inside one. */
function printLines(text: string, print: (line: string) => void): void {
  for (const line of text.split('\n')) print(line);
}

/** What `gvx <command> --help` and `gvx help <command>` print. */
function commandHelp(command: Command): string {
  return `usage: ${command.usage}\n\n${command.summary}`;
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
    // The code names the throw site's kind, for a bug report; it is printed nowhere else.
    if (current instanceof GvxError) out.info(`${prefix}code: ${current.code}`);
    else if (prefix) out.info(prefix.trimEnd());
    for (const line of debugLines(current)) out.info(line);
    current = (current as Error).cause;
    prefix = 'caused by: ';
  }
}

/**
 * An error's stack as lines: its head ("Name: message") as one line, since the message may
 * hold a directory name with a newline (escaped, not split), then the frames.
 */
function debugLines(error: unknown): string[] {
  const stack = (error as Error | undefined)?.stack;
  if (typeof stack !== 'string') return [inspect(error)];
  const frames = stack.search(/\n\s+at /);
  if (frames < 0) return [stack];
  return [stack.slice(0, frames), ...stack.slice(frames + 1).split('\n')];
}

async function printHelp(out: Output): Promise<void> {
  for (const line of [
    'gvx: Go toolchain version manager',
    '',
    'usage: gvx <command> [options]',
    '       gvx help <command>    the options of a command (the same as gvx <command> --help)',
    '       gvx --version         the version of gvx (also: gvx version, -v, -V)',
    '',
    'commands:',
  ]) {
    out.line(line);
  }
  for (const name of HELP_ORDER) {
    const { command } = await COMMANDS[name]();
    out.line(`  ${name.padEnd(12)} ${command.summary}`);
  }
  out.line();
  out.line('Run gvx help <command> for its options. Environment: GVX_HOME, GVX_MIRROR, GVX_SOURCE, GVX_GO_VERSION, GVX_AUTO_INSTALL, GVX_QUIET, GVX_DEBUG (see the README).');
}
