// Command-line parsing on node:util parseArgs, with usage errors that exit 2 and say which
// argument is wrong (parseArgs' own messages are written for programmers: "Unknown option
// '--bogus'. To specify a positional argument starting with a '-', …").

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';
import { didYouMean, nearestNames } from './nearest-names.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<T> {
  values: T;
  positionals: string[];
}

/** A command line the running command cannot parse: main.ts prints that command's usage after it. */
export class CommandLineError extends UsageError {
  readonly showUsage = true;
}

export function parse<T>(command: string, argv: string[], options: OptionSpec, maxPositionals = Infinity): Parsed<T> {
  const all: OptionSpec = { help: { type: 'boolean', short: 'h' }, ...options };
  let result;
  try {
    result = parseArgs({ args: argv, options: all, allowPositionals: true, strict: true });
  } catch (error) {
    throw explain(command, argv, all, error as NodeJS.ErrnoException);
  }
  if (result.positionals.length > maxPositionals) {
    throw new CommandLineError(`${command}: unexpected argument "${result.positionals[maxPositionals]}"`, { hint: undefined });
  }
  return { values: result.values as T, positionals: result.positionals };
}

/**
 * Which argument parseArgs refused, and why, in gvx's words. Strict parsing decides what is
 * wrong; a lenient re-parse with tokens says where (each option token has its name, the text
 * typed and its value), so no parseArgs message is picked apart.
 */
function explain(command: string, argv: string[], options: OptionSpec, error: NodeJS.ErrnoException): UsageError {
  const { tokens } = parseArgs({ args: argv, options, allowPositionals: true, strict: false, tokens: true });
  const optionTokens = tokens.flatMap((t) => (t.kind === 'option' ? [t] : []));
  const fail = (message: string, hint?: string) => new CommandLineError(`${command}: ${message}`, { hint });
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const unknown = optionTokens.find((t) => !Object.hasOwn(options, t.name));
    if (unknown) {
      const typed = argv[unknown.index]!;
      // "-fx": the x is unknown, and it helps to see where it came from.
      const where = typed !== unknown.rawName && !typed.startsWith('--') ? ` (in "${typed}")` : '';
      const longNames = Object.keys(options).map((name) => `--${name}`);
      const suggestion = unknown.rawName.startsWith('--') ? didYouMean(nearestNames(unknown.rawName, longNames)) : undefined;
      return fail(`unknown option "${unknown.rawName}"${where}`, suggestion);
    }
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    for (const token of optionTokens) {
      const type = options[token.name]?.type;
      if (type === 'string' && token.value === undefined) return fail(`option "${token.rawName}" needs a value`);
      if (type === 'string' && !token.inlineValue && token.value?.startsWith('-')) {
        return fail(
          `option "${token.rawName}" needs a value, and "${token.value}" looks like another option`,
          `give ${token.rawName} its value (one that starts with "-" is written ${token.rawName}=${token.value})`,
        );
      }
      if (type === 'boolean' && token.value !== undefined) return fail(`option "${token.rawName}" takes no value (got "${argv[token.index]}")`);
    }
  }
  // A parseArgs error this code does not know (a newer Node): its own words, still exit 2.
  return fail(error.message);
}
