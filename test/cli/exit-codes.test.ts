// Exit codes come from one table (lib/error-codes.ts): gvx exec reports a command it cannot
// find with the shell's 127 and one it cannot run with 126, and GVX_DEBUG=1 adds the error
// code (for a bug report) that gvx prints nowhere else.

import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ExitCode, fileSystemErrorCode } from '../../lib/error-codes.js';
import { fileSystemError } from '../../lib/errors.js';
import { type Sandbox, makeSandbox } from '../helpers/env.js';
import { makeFakeHome } from '../helpers/fake-home.js';

describe('exit codes and error codes', function () {
  this.timeout(60_000);

  describe('gvx exec', () => {
    let sandbox: Sandbox;
    beforeEach(async () => {
      sandbox = await makeSandbox();
      await makeFakeHome(sandbox.home, ['1.22.12'], '1.22.12');
    });
    afterEach(async () => {
      await sandbox?.cleanup();
    });

    it('a command that is not found: 127', async () => {
      const result = await sandbox.runGvx(['exec', '1.22', '--', 'gvx-no-such-command']);
      assert.equal(result.code, ExitCode.commandNotFound);
      assert.equal(result.stderr, 'gvx: error: cannot run gvx-no-such-command: command not found\nhint: check the command name and PATH\n');
    });

    it('a command found but not executable: 126', async () => {
      const file = join(sandbox.cwd, 'not-executable');
      await writeFile(file, '#!/bin/sh\nexit 0\n', { mode: 0o644 });
      const result = await sandbox.runGvx(['exec', '1.22', '--', file]);
      assert.equal(result.code, ExitCode.cannotRun);
      assert.match(result.stderr, /^gvx: error: cannot run .*not-executable: .*EACCES.*\nhint: check the command name and PATH\n$/);
    });

    it('GVX_DEBUG=1 prints the error code after the message; without it, no code is printed', async () => {
      const plain = await sandbox.runGvx(['exec', '1.99', '--', 'go', 'version']);
      assert.equal(plain.code, ExitCode.notFound);
      assert.equal(plain.stderr, 'gvx: error: go 1.99 is not installed\nhint: gvx install 1.99\n');
      const debug = await sandbox.runGvx(['exec', '1.99', '--', 'go', 'version'], { env: { GVX_DEBUG: '1' } });
      assert.equal(debug.code, ExitCode.notFound);
      assert.ok(debug.stderr.includes(`${plain.stderr}code: E_NOT_INSTALLED\nNotFoundError: go 1.99 is not installed\n`), debug.stderr);
    });
  });

  describe('file-system errors', () => {
    it('keep the errnos gvx tells apart in their code, the rest are E_FS_OTHER, all exit 7', () => {
      const errno = (code?: string) => Object.assign(new Error(`${code}: failed`), { code });
      for (const code of ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']) {
        assert.equal(fileSystemErrorCode(code), `E_FS_${code}`);
        assert.equal(fileSystemError('write', '/x', errno(code)).code, `E_FS_${code}`);
      }
      for (const code of ['ENOENT', 'EEXIST', undefined]) assert.equal(fileSystemError('write', '/x', errno(code)).code, 'E_FS_OTHER');
      assert.equal(fileSystemError('write', '/x', errno('ENOENT')).exitCode, ExitCode.lockOrFs);
      assert.equal(fileSystemError('write', '/x', errno('EROFS')).message, 'cannot write /x: permission denied (read-only?)');
    });
  });
});
