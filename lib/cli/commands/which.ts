import { join } from 'node:path';
import { ExitCode } from '../../error-codes.js';
import { UsageError } from '../../errors.js';
import { requireActive } from '../../select/active.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'print the absolute path of the go (or gofmt) binary that runs here; --goroot prints the GOROOT',
  usage: 'gvx which [go|gofmt] [--goroot]',
  async run(ctx, argv) {
    const { values, positionals } = parse<{ goroot?: boolean }>('which', argv, { goroot: { type: 'boolean' } }, 1);
    const tool = positionals[0] ?? 'go';
    if (tool !== 'go' && tool !== 'gofmt') throw new UsageError(`which: "${tool}" is not a Go toolchain binary`, { hint: 'gvx which go' });
    const { installed } = await requireActive(ctx.config);
    ctx.out.line(values.goroot ? installed.goroot : join(installed.goroot, 'bin', tool));
    return ExitCode.ok;
  },
};
