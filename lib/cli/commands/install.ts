import { ExitCode } from '../../error-codes.js';
import { UsageError } from '../../errors.js';
import type { InstallOutcome } from '../../install/install-service.js';
import { parseInstallSource } from '../../install/install-source.js';
import { describeOrigin, describeSelector, findSelection, resolveInstalled } from '../../select/selection.js';
import { isDirOnPath } from '../../path-search.js';
import { rcLineMessage, userRcLine } from '../../shell/env-file.js';
import { listInstalled } from '../../store/inventory.js';
import { HomeLayout } from '../../store/layout.js';
import { parseSpec, type VersionSpec } from '../../version/spec.js';
import { parse } from '../args.js';
import type { Command, CommandContext } from '../context.js';
import { openInstaller } from '../installer.js';

interface InstallFlags {
  force?: boolean;
  quiet?: boolean;
  json?: boolean;
  source?: string;
  archive?: string;
  sha256?: string;
  'no-verify'?: boolean;
  'allow-unlisted'?: boolean;
}

export const command: Command = {
  summary: 'install Go releases (1.22 = newest 1.22.x; no SPEC = what this directory selects)',
  usage:
    'gvx install [SPEC...] [--source go.dev|goproxy] [--allow-unlisted] [--force] [--quiet] [--json]\n' +
    '       gvx install --archive FILE [--sha256 HEX | --no-verify] [--force]',
  async run(ctx, argv) {
    const { values, positionals } = parse<InstallFlags>('install', argv, {
      force: { type: 'boolean', short: 'f' },
      quiet: { type: 'boolean', short: 'q' },
      json: { type: 'boolean' },
      source: { type: 'string' },
      archive: { type: 'string' },
      sha256: { type: 'string' },
      'no-verify': { type: 'boolean' },
      'allow-unlisted': { type: 'boolean' },
    });
    const { config, out } = ctx;
    checkArchiveFlags(values, positionals);
    // Validated even with --archive, so a typo in GVX_SOURCE never goes unnoticed.
    const source = parseInstallSource(values.source, config.source);
    if (values['allow-unlisted']) checkAllowUnlisted(source, config.mirror);

    const { service, messages } = await openInstaller(ctx, { quiet: values.quiet, progressBar: true, localArchive: values.archive !== undefined });
    const report = (outcome: InstallOutcome) => {
      if (values.json) return;
      if (outcome.status === 'already-installed') out.line(`go${outcome.version} is already installed in ${outcome.goroot}`);
      else out.line(`installed go${outcome.version} in ${outcome.goroot}`);
      if (outcome.becameDefault) out.line(`go${outcome.version} is now the global default (gvx use --global to change it)`);
    };

    if (values.archive !== undefined) {
      const outcome = await service.installArchive(values.archive, {
        sha256: values.sha256?.toLowerCase(),
        noVerify: values['no-verify'],
        force: values.force,
      });
      messages.finish();
      report(outcome);
      if (values.json) out.json([outcome]);
      if (!values.quiet) adviseSetup(ctx, [outcome]);
      return ExitCode.ok;
    }

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
      if (selection.requirement) {
        // Rule 3: a module needs an install only when nothing installed satisfies it.
        const needs = describeSelector(selection);
        const satisfying = resolveInstalled(selection, await listInstalled(new HomeLayout(config.home)));
        if (satisfying && !values.force) {
          if (values.json) out.json([{ version: satisfying.version.text, goroot: satisfying.goroot, status: 'already-installed', becameDefault: false }]);
          else out.line(`go ${satisfying.version.text} already satisfies ${needs}: nothing to install`);
          return ExitCode.ok;
        }
        // --force reinstalls the Go that runs here, not some newer release of its family.
        specs = [satisfying ? parseSpec(satisfying.version.text) : selection.spec];
        if (!values.quiet && !satisfying) out.info(`gvx: no installed Go satisfies ${needs}: installing ${selection.spec.text}`);
      } else {
        if (!values.quiet) out.info(`gvx: ${selection.spec.text} is selected by ${describeOrigin(selection)}`);
        specs = [selection.spec];
      }
    }
    const results = [];
    for (const spec of specs) {
      try {
        const outcome = await service.install(spec, { force: values.force, source, allowUnlisted: values['allow-unlisted'] });
        messages.finish(); // the bar goes before "installed go…" is printed
        results.push(outcome);
        report(outcome);
      } finally {
        messages.finish();
      }
    }
    if (values.json) out.json(results);
    if (!values.quiet) adviseSetup(ctx, results);
    return ExitCode.ok;
  },
};

/**
 * After an install, while the shims are not on PATH (no set-up in this shell): the one rc line
 * that sets up every new shell, as rustup says after its first install. Not after a no-op.
 */
function adviseSetup({ config, out }: CommandContext, outcomes: readonly InstallOutcome[]): void {
  if (!outcomes.some((o) => o.status === 'installed')) return;
  if (isDirOnPath(new HomeLayout(config.home).shimsDir, config.env.PATH)) return; // set up in this shell, or by hand
  out.info(rcLineMessage(userRcLine(config.home, config.env)));
}

/** --archive takes no SPEC and no --source; --sha256 and --no-verify only make sense with it. */
function checkArchiveFlags(values: InstallFlags, positionals: string[]): void {
  const usage = (message: string) => new UsageError(`install: ${message}`, { hint: 'gvx install --help' });
  if (values.archive === undefined) {
    if (values.sha256 !== undefined) throw usage('--sha256 goes with --archive FILE');
    if (values['no-verify']) throw usage('--no-verify goes with --archive FILE (downloads are always verified)');
    return;
  }
  if (values['allow-unlisted']) throw usage('--allow-unlisted is for a directory GVX_MIRROR; --archive takes --sha256 HEX or --no-verify');
  if (positionals.length > 0) throw usage(`--archive installs the version in the file; drop "${positionals[0]}"`);
  if (values.source !== undefined) throw usage('--archive and --source exclude each other');
  if (values.sha256 !== undefined && !/^[0-9a-fA-F]{64}$/.test(values.sha256)) throw usage('--sha256 takes 64 hex digits');
  if (values.sha256 !== undefined && values['no-verify']) throw usage('--sha256 and --no-verify contradict each other');
}

/**
 * --allow-unlisted only ever lets in a directory mirror's archive that the official index does
 * not list: refused where it could mean nothing, so no one believes it did something.
 */
function checkAllowUnlisted(source: string, mirror: string | undefined): void {
  const usage = (message: string) => new UsageError(`install: ${message}`, { hint: 'gvx install --help' });
  if (source === 'goproxy') throw usage('--allow-unlisted is for a directory GVX_MIRROR; --source goproxy installs only what the checksum database vouches for');
  if (mirror === undefined) throw usage('--allow-unlisted is for a directory GVX_MIRROR, and none is set (go.dev lists every official release)');
}
