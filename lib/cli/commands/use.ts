import { ExitCode } from '../../error-codes.js';
import { NotFoundError, UsageError } from '../../errors.js';
import { findModuleFile, goworkSetting, readModuleRequirement } from '../../select/module-requirement.js';
import { pinForRequirement } from '../../select/requirement-pin.js';
import { TOOL_VERSIONS_FILE, findPinTarget, parsePin, writeGoVersionFile } from '../../select/version-file.js';
import { type InstalledVersion, listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { refreshStore } from '../../store/refresh.js';
import { ensureShellFiles } from '../../shell/env-file.js';
import { parseSpec, type VersionSpec } from '../../version/spec.js';
import { parse } from '../args.js';
import { ensureInstalled } from '../installer.js';
import type { Command, CommandContext } from '../context.js';

interface UseFlags {
  global?: boolean;
  here?: boolean;
  exact?: boolean;
  'no-install'?: boolean;
  quiet?: boolean;
}

export const command: Command = {
  summary: 'select a version for this project (.go-version where its pin takes effect) or, with --global, the default; installs it if missing',
  usage: [
    'gvx use [SPEC] [--here | --global] [--exact] [--no-install] [--quiet]',
    '',
    'Writes .go-version beside the nearest .go-version (or .tool-versions with a go line) walking up,',
    'else at the module root (the go.work or go.mod gvx selects by), else in the cwd; --here: in the cwd.',
    'Without SPEC: keeps that pin, else derives one from the module (toolchain line: that exact version;',
    'go line: the newest release of its family that satisfies it).',
  ].join('\n'),
  async run(ctx, argv) {
    const { values, positionals } = parse<UseFlags>(
      'use',
      argv,
      {
        global: { type: 'boolean', short: 'g' },
        here: { type: 'boolean' },
        exact: { type: 'boolean' },
        'no-install': { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
      },
      1,
    );
    const { config, out } = ctx;
    const layout = new HomeLayout(config.home);
    if (values.global) {
      if (values.here) throw new UsageError('use: --here and --global exclude each other', { hint: 'gvx use --here 1.22, or gvx use --global 1.22' });
      if (positionals[0] === undefined) throw new UsageError('use --global needs a SPEC', { hint: 'gvx use --global 1.22' });
      const spec = parseSpec(positionals[0]);
      const installed = await installedFor(ctx, spec, values);
      const written = values.exact ? parseSpec(installed.version.text) : spec;
      await ensureShellFiles(layout);
      await refreshStore(layout, { setDefault: written }); // under the home lock, like an install's default
      out.line(`global default: go ${written.text} (${installed.version.text}, ${installed.goroot})`);
    } else {
      const target = await findPinTarget(config.cwd, goworkSetting(config), { here: values.here });
      let spec: VersionSpec;
      if (positionals[0] !== undefined) spec = parseSpec(positionals[0]);
      else if (target.existing) spec = parsePin(target.existing);
      else spec = await deriveFromModule(ctx, layout);
      const keep = positionals[0] === undefined && target.existing !== undefined && !values.exact;

      const installed = await installedFor(ctx, spec, values);
      const written = values.exact ? parseSpec(installed.version.text) : spec;
      await ensureShellFiles(layout);
      if (keep) {
        out.line(`keeping ${target.existing!.file}: go ${spec.text} (${installed.version.text})`);
      } else {
        const file = await writeGoVersionFile(target.dir, written);
        out.line(`wrote ${file}: go ${written.text} (${installed.version.text})`);
        if (target.existing?.file.endsWith(TOOL_VERSIONS_FILE)) out.info(`gvx: it wins over ${target.existing.file}, in the same directory`);
      }
    }
    // Proof that the switch took: the verifier's one line, or its failing checks.
    if (!values.quiet) await (await import('./verify.js')).printProof(ctx);
    return ExitCode.ok;
  },
};

/** No SPEC and no pin: what the module (nearest go.work/go.mod, walking up) requires. */
async function deriveFromModule(ctx: CommandContext, layout: HomeLayout): Promise<VersionSpec> {
  const found = await findModuleFile(ctx.config.cwd, goworkSetting(ctx.config));
  if (!found) {
    throw new UsageError('use: no SPEC given, and there is neither a .go-version nor a go.work or go.mod here or above to derive one from', {
      hint: 'gvx use 1.22',
    });
  }
  const requirement = await readModuleRequirement(found.file, found.kind);
  if (!requirement) {
    throw new NotFoundError('E_GO_MOD_NO_GO', `${found.file} has no go or toolchain line that names a version`, { hint: 'gvx use 1.22 names a version explicitly' });
  }
  let index;
  if (!requirement.fromToolchain) {
    const { loadReleaseIndex } = await import('../../remote/release-index.js');
    index = await loadReleaseIndex(ctx.config, await ctx.http(), { warn: (m) => ctx.out.warn(m) }).catch((error) => {
      ctx.out.warn(`${(error as Error).message}; choosing among installed versions`);
      return undefined;
    });
  }
  const spec = pinForRequirement(requirement, index, await listInstalled(layout));
  const line = requirement.fromToolchain ? ` (its toolchain line)` : '';
  ctx.out.info(`gvx: ${requirement.file} requires go >= ${requirement.requirement.text}${line}: using ${spec.text}`);
  return spec;
}

/** The installed version for `spec`, installed now unless --no-install. */
function installedFor(ctx: CommandContext, spec: VersionSpec, flags: UseFlags): Promise<InstalledVersion> {
  return ensureInstalled(ctx, spec, {
    install: !flags['no-install'],
    quiet: flags.quiet,
    notInstalled: () => new NotFoundError('E_NOT_INSTALLED', `go ${spec.text} is not installed (and --no-install was given)`, { hint: `gvx install ${spec.text}` }),
  });
}
