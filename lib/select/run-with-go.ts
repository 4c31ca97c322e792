// Runs a command as a child with a prepared environment and passes its fate through: the
// exit code, or the signal that killed it (re-raised on ourselves, as a shell would show it).

import { constants } from 'node:os';
import spawn from 'cross-spawn';
import { ExitCode } from '../error-codes.js';
import { GvxError } from '../errors.js';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];

export function runWithGo(commandLine: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    // The terminal sends Ctrl-C to the whole process group; let the child decide, and
    // forward signals sent to us alone (kill <gvx pid>). The handlers come first: a signal
    // that arrives once the child runs (it may already have printed) must not kill gvx by
    // default; its handler runs after this block, when the child is known.
    let child: ReturnType<typeof spawn> | undefined;
    const forward = (signal: NodeJS.Signals) => child?.kill(signal);
    for (const signal of FORWARDED) process.on(signal, forward);
    child = spawn(commandLine[0], commandLine.slice(1), { stdio: 'inherit', env, cwd });
    const cleanup = () => {
      for (const signal of FORWARDED) process.off(signal, forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      cleanup();
      reject(
        new GvxError(error.code === 'ENOENT' ? 'E_COMMAND_NOT_FOUND' : 'E_CANNOT_RUN', `cannot run ${commandLine[0]}: ${error.code === 'ENOENT' ? 'command not found' : error.message}`, {
          hint: 'check the command name and PATH',
        }),
      );
    });
    child.on('exit', (code, signal) => {
      cleanup();
      if (signal) {
        process.kill(process.pid, signal);
        // If the signal is ignored or handled, fall back to the shell convention.
        setTimeout(() => resolve(128 + signalNumber(signal)), 100);
        return;
      }
      resolve(code ?? ExitCode.failure);
    });
  });
}

function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 1;
}
