import { NotFoundError, UsageError } from '../../errors.js';
import { readProjectGoMod, specFromGoMod } from '../../select/derive-from-go-mod.js';
import { writeGoVersionFile } from '../../select/pin.js';
import { GO_VERSION_FILE, parseGoVersionFile, readVersionFile } from '../../select/version-file.js';
import { type InstalledVersion, listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { refreshStore } from '../../store/refresh.js';
import { ensureShims } from '../../store/shims.js';
import { parseSpec, pickNewest, type VersionSpec } from '../../version/spec.js';
import { parse } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { join } from 'node:path';

interface UseFlags {
  global?: boolean;
  exact?: boolean;
  'no-install'?: boolean;
  quiet?: boolean;
}

export const command: Command = {
  summary: 'select a version for this project (.go-version) or, with --global, the default; installs it if missing',
  usage: 'gvx use [SPEC] [--global] [--exact] [--no-install] [--quiet]',
  async run(ctx, argv) {
    const { values, positionals } = parse<UseFlags>(
      'use',
      argv,
      { global: { type: 'boolean', short: 'g' }, exact: { type: 'boolean' }, 'no-install': { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' } },
      1,
    );
    const { config, out } = ctx;
    const layout = new HomeLayout(config.home);
    let spec: VersionSpec;
    let keptFile = false;
    if (positionals[0] !== undefined) {
      spec = parseSpec(positionals[0]);
    } else if (values.global) {
      throw new UsageError('use --global needs a SPEC', { hint: 'gvx use --global 1.22' });
    } else {
      const existing = await readVersionFile(join(config.cwd, GO_VERSION_FILE));
      if (existing !== undefined) {
        spec = parseGoVersionFile(existing);
        keptFile = true;
      } else {
        spec = await deriveFromGoMod(ctx, layout);
      }
    }

    const installed = await ensureInstalled(ctx, layout, spec, values);
    const written = values.exact ? parseSpec(installed.version.text) : spec;
    await ensureShims(layout);
    if (values.global) {
      await refreshStore(layout, { setDefault: written }); // under the home lock, like an install's default
      out.line(`global default: go ${written.text} (${installed.version.text}, ${installed.goroot})`);
    } else if (keptFile && !values.exact) {
      out.line(`keeping ${join(config.cwd, GO_VERSION_FILE)}: go ${spec.text} (${installed.version.text})`);
    } else {
      const file = await writeGoVersionFile(config.cwd, written);
      out.line(`wrote ${file}: go ${written.text} (${installed.version.text})`);
    }
    // Proof that the switch took: the verifier's one line, or its failing checks (issue 5).
    if (!values.quiet) await (await import('./verify.js')).printProof(ctx);
    return 0;
  },
};

async function deriveFromGoMod(ctx: CommandContext, layout: HomeLayout): Promise<VersionSpec> {
  const goMod = await readProjectGoMod(ctx.config.cwd);
  if (!goMod) {
    throw new UsageError('use: no SPEC given, and this directory has neither a .go-version nor a go.mod', {
      hint: 'gvx use 1.22',
    });
  }
  let index;
  if (!goMod.toolchain) {
    const { loadReleaseIndex } = await import('../../remote/release-index.js');
    index = await loadReleaseIndex(ctx.config, await ctx.http(), { warn: (m) => ctx.out.warn(m) }).catch((error) => {
      ctx.out.warn(`${(error as Error).message}; choosing among installed versions`);
      return undefined;
    });
  }
  const spec = specFromGoMod(goMod, index, await listInstalled(layout));
  ctx.out.info(`gvx: ${goMod.file} asks for ${goMod.toolchain ? `toolchain go${goMod.toolchain.text}` : `go ${goMod.go!.text}`}: using ${spec.text}`);
  return spec;
}

async function ensureInstalled(ctx: CommandContext, layout: HomeLayout, spec: VersionSpec, flags: UseFlags): Promise<InstalledVersion> {
  const found = pickNewest(spec, await listInstalled(layout), (v) => v.version);
  if (found) return found;
  if (flags['no-install']) {
    throw new NotFoundError('E_NOT_INSTALLED', `go ${spec.text} is not installed (and --no-install was given)`, { hint: `gvx install ${spec.text}` });
  }
  const { InstallService } = await import('../../install/install-service.js');
  const outcome = await new InstallService(ctx.config, await ctx.http(), {
    onWarn: (m) => ctx.out.warn(m),
    onWaitForLock: (v) => ctx.out.info(`gvx: waiting for another gvx that is installing ${v}…`),
    onDownload: (v, url) => {
      if (!flags.quiet) ctx.out.info(`gvx: downloading go${v} from ${url}`);
    },
  }).install(spec);
  const installed = (await listInstalled(layout)).find((v) => v.version.text === outcome.version);
  if (!installed) throw new NotFoundError('E_NOT_INSTALLED', `go ${outcome.version} vanished right after its install`, { hint: `gvx install ${outcome.version}` });
  return installed;
}
