import { HomeLayout } from '../../store/layout.js';
import { ensureShims, shellQuote } from '../../store/shims.js';
import { parse } from '../args.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: 'print the shell set-up to eval: the shims first on PATH',
  usage: 'eval "$(gvx env)"',
  async run(ctx, argv) {
    parse('env', argv, {}, 0);
    const dir = await ensureShims(new HomeLayout(ctx.config.home));
    // Idempotent: the shims directory is put first and any earlier copy of it removed.
    const q = shellQuote(dir);
    ctx.out.line(`PATH=${q}:$(printf %s ":$PATH:" | sed -e "s#:${dir.replace(/[#\\&]/g, '\\$&')}:#:#g" -e 's#^:##' -e 's#:$##'); export PATH`);
    return 0;
  },
};
