// What every command receives: the config, the output, and lazily-built services. Heavy
// modules (undici, node-tar) are imported only by the commands that use them, so that
// `gvx current` starts about as fast as `node -e 0`.

import type { Config } from '../config.js';
import type { HttpClient } from '../net/http.js';
import type { Output } from './output.js';

export interface CommandContext {
  readonly config: Config;
  readonly out: Output;
  /** Every command (commands/index.ts), for the one that describes them all: completions. */
  readonly commands: CommandTable;
  http(): Promise<HttpClient>;
}

/** The command table: a loader per name (aliases too), and the names in help order. */
export interface CommandTable {
  readonly loaders: Readonly<Record<string, () => Promise<{ command: Command }>>>;
  readonly helpOrder: readonly string[];
}

export interface Command {
  readonly summary: string;
  readonly usage: string;
  run(ctx: CommandContext, argv: string[]): Promise<number>;
}

export function createContext(config: Config, out: Output, commands: CommandTable): CommandContext & { close(): Promise<void> } {
  let client: HttpClient | undefined;
  return {
    config,
    out,
    commands,
    async http() {
      if (!client) {
        const { HttpClient } = await import('../net/http.js');
        client = new HttpClient(config, (n) => out.warn(`${n.error.message}; retrying in ${(n.delayMs / 1000).toFixed(1)} s (attempt ${n.attempt + 1} of ${n.of})`));
      }
      return client;
    },
    async close() {
      await client?.close();
    },
  };
}
