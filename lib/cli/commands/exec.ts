import { delimiter, join } from 'node:path';
import { NotFoundError, UsageError } from '../../errors.js';
import { shimToolchain } from '../../goenv/toolchain.js';
import { runWithGo } from '../../select/run-with-go.js';
import { parseSpec } from '../../version/spec.js';
import { ensureInstalled } from '../installer.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'run one command with SPEC selected (its exit code is passed through)',
  usage: 'gvx exec SPEC -- CMD [ARG...]',
  async run(ctx, argv) {
    const dashes = argv.indexOf('--');
    const before = dashes === -1 ? argv.slice(0, 1) : argv.slice(0, dashes);
    const commandLine = dashes === -1 ? argv.slice(1) : argv.slice(dashes + 1);
    if (before.length !== 1 || commandLine.length === 0) {
      throw new UsageError('exec: expected SPEC -- CMD [ARG...]', { hint: 'gvx exec 1.22 -- go version' });
    }
    const spec = parseSpec(before[0]);
    const installed = await ensureInstalled(ctx, spec, {
      install: ctx.config.autoInstall,
      quiet: true,
      notInstalled: () => new NotFoundError('E_NOT_INSTALLED', `go ${spec.text} is not installed`, { hint: `gvx install ${spec.text}` }),
    });
    const env = {
      ...ctx.config.env,
      GVX_GO_VERSION: installed.version.text, // nested `go` calls through the shims agree
      GOROOT: installed.goroot,
      PATH: `${join(installed.goroot, 'bin')}${delimiter}${ctx.config.env.PATH ?? ''}`,
      // As the shim: local unless the environment or the go env file sets it (go reads that).
      ...(shimToolchain(ctx.config.env, ctx.config.goos).source === 'gvx shim default' ? { GOTOOLCHAIN: 'local' } : {}),
    };
    return runWithGo(commandLine, env, ctx.config.cwd);
  },
};
