// Command-line parsing on node:util parseArgs, with usage errors that exit 2.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<T> {
  values: T;
  positionals: string[];
}

export function parse<T>(command: string, argv: string[], options: OptionSpec, maxPositionals = Infinity): Parsed<T> {
  let result;
  try {
    result = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(`${command}: ${(error as Error).message}`, { hint: `gvx ${command} --help` });
  }
  if (result.positionals.length > maxPositionals) {
    throw new UsageError(`${command}: unexpected argument "${result.positionals[maxPositionals]}"`, { hint: `gvx ${command} --help` });
  }
  return { values: result.values as T, positionals: result.positionals };
}
