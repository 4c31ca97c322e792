import { UsageError } from '../../errors.js';
import { InstallService } from '../../install/install-service.js';
import { describeOrigin, findSelection } from '../../select/selection.js';
import { parseSpec, type VersionSpec } from '../../version/spec.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';
import { ProgressBar } from '../progress-bar.js';

export const command: Command = {
  summary: 'install Go releases (1.22 = newest 1.22.x; no SPEC = what this directory selects)',
  usage: 'gvx install [SPEC...] [--force] [--quiet] [--json]',
  async run(ctx, argv) {
    const { values, positionals } = parse<{ force?: boolean; quiet?: boolean; json?: boolean }>('install', argv, {
      force: { type: 'boolean', short: 'f' },
      quiet: { type: 'boolean', short: 'q' },
      json: { type: 'boolean' },
    });
    const { config, out } = ctx;
    let specs: VersionSpec[];
    if (positionals.length > 0) {
      specs = positionals.map((p) => parseSpec(p));
    } else {
      const selection = await findSelection(config);
      if (!selection) {
        throw new UsageError('nothing to install: no SPEC given and this directory selects no version', {
          hint: 'gvx install 1.22, or gvx use 1.22 to pin one here',
        });
      }
      if (!values.quiet) out.info(`gvx: ${selection.spec.text} is selected by ${describeOrigin(selection)}`);
      specs = [selection.spec];
    }

    const showProgress = config.stderrIsTTY && !values.quiet && config.env.NO_COLOR === undefined;
    let bar: ProgressBar | undefined;
    const service = new InstallService(config, await ctx.http(), {
      onWarn: (message) => out.warn(message),
      onWaitForLock: (version) => out.info(`gvx: waiting for another gvx that is installing ${version}…`),
      onDownload: (version, url) => {
        if (!values.quiet) out.info(`gvx: downloading go${version} from ${url}`);
        if (showProgress) bar = new ProgressBar(out, `go${version}`);
      },
      onProgress: (bytes, total) => bar?.update(bytes, total),
    });
    const results = [];
    for (const spec of specs) {
      try {
        const outcome = await service.install(spec, { force: values.force });
        results.push(outcome);
        if (values.json) continue;
        if (outcome.status === 'already-installed') out.line(`go${outcome.version} is already installed in ${outcome.goroot}`);
        else out.line(`installed go${outcome.version} in ${outcome.goroot}`);
        if (outcome.becameDefault) out.line(`go${outcome.version} is now the global default (gvx use --global to change it)`);
      } finally {
        bar?.finish();
        bar = undefined;
      }
    }
    if (values.json) out.json(results);
    return 0;
  },
};
