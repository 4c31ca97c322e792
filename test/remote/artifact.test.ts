// Choosing the archive for this machine: Node's platform/arch mapped to GOOS/GOARCH, the
// .tar.gz picked over installers, and a .zip-only platform (Windows) refused clearly (exit 1).

import assert from 'node:assert/strict';
import { goarchOf, goosOf, loadConfig } from '../../lib/config.js';
import { GvxError } from '../../lib/errors.js';
import { chooseArtifact, downloadArch, resolveRelease } from '../../lib/remote/artifact.js';
import type { ReleaseFile, ReleaseIndex } from '../../lib/remote/releases.js';
import { parseGoVersion } from '../../lib/version/go-version.js';
import { parseSpec } from '../../lib/version/spec.js';

const file = (filename: string, os: string, arch: string, kind = 'archive'): ReleaseFile => ({ filename, os, arch, kind, sha256: 'a'.repeat(64), size: 1 });

const INDEX: ReleaseIndex = {
  kind: 'json',
  downloadBase: 'http://127.0.0.1:1/dl',
  fetchedAt: 0,
  fromCacheBecauseOffline: false,
  releases: [
    {
      version: parseGoVersion('1.22.5'),
      stable: true,
      files: [
        file('go1.22.5.src.tar.gz', '', '', 'source'),
        file('go1.22.5.linux-amd64.tar.gz', 'linux', 'amd64'),
        file('go1.22.5.linux-arm64.tar.gz', 'linux', 'arm64'),
        file('go1.22.5.linux-armv6l.tar.gz', 'linux', 'armv6l'),
        file('go1.22.5.linux-386.tar.gz', 'linux', '386'),
        file('go1.22.5.darwin-arm64.pkg', 'darwin', 'arm64', 'installer'),
        file('go1.22.5.darwin-arm64.tar.gz', 'darwin', 'arm64'),
        file('go1.22.5.windows-amd64.msi', 'windows', 'amd64', 'installer'),
        file('go1.22.5.windows-amd64.zip', 'windows', 'amd64'),
      ],
    },
  ],
};

function artifactFor(platform: NodeJS.Platform, arch: string) {
  const config = loadConfig({ env: { GVX_HOME: '/nonexistent' }, platform, arch, cwd: '/' });
  return chooseArtifact(INDEX, resolveRelease(INDEX, parseSpec('1.22')), config);
}

describe('remote/artifact: the archive for this GOOS/GOARCH', () => {
  const mapping: [string, string][] = [
    ['x64', 'amd64'],
    ['arm64', 'arm64'],
    ['ia32', '386'],
    ['arm', 'arm'],
    ['ppc64', 'ppc64'],
  ];
  for (const [node, go] of mapping) {
    it(`Node arch ${node} is GOARCH ${go}`, () => assert.equal(goarchOf(node), go));
  }
  it('config.goarch is the real GOARCH: 32-bit ARM is arm, as runtime.GOARCH and toolchain modules say', () => {
    assert.equal(loadConfig({ env: {}, arch: 'arm' }).goarch, 'arm');
  });
  it('go.dev names 32-bit ARM archives armv6l; every other GOARCH as it is', () => {
    assert.equal(downloadArch('arm'), 'armv6l');
    for (const goarch of ['amd64', 'arm64', '386', 'ppc64le', 'riscv64']) assert.equal(downloadArch(goarch), goarch);
  });
  it('Node platforms are GOOS names (win32 is windows)', () => {
    assert.equal(goosOf('linux'), 'linux');
    assert.equal(goosOf('darwin'), 'darwin');
    assert.equal(goosOf('win32'), 'windows');
  });

  it('picks the .tar.gz for linux/amd64, linux/arm, linux/386 and darwin/arm64 (not the .pkg)', () => {
    assert.equal(artifactFor('linux', 'x64').file.filename, 'go1.22.5.linux-amd64.tar.gz');
    assert.equal(artifactFor('linux', 'arm').file.filename, 'go1.22.5.linux-armv6l.tar.gz');
    assert.equal(artifactFor('linux', 'ia32').file.filename, 'go1.22.5.linux-386.tar.gz');
    const mac = artifactFor('darwin', 'arm64');
    assert.equal(mac.file.filename, 'go1.22.5.darwin-arm64.tar.gz');
    assert.equal(mac.url, 'http://127.0.0.1:1/dl/go1.22.5.darwin-arm64.tar.gz');
  });

  it('Windows (.zip only) is refused clearly with exit 1, not an obscure failure', () => {
    assert.throws(
      () => artifactFor('win32', 'x64'),
      (error: unknown) => {
        assert.ok(error instanceof GvxError);
        assert.equal(error.code, 'E_UNSUPPORTED');
        assert.equal(error.exitCode, 1);
        assert.match(error.message, /windows\/amd64 ships only as a \.zip archive/);
        assert.ok(error.hint);
        return true;
      },
    );
  });

  it('a platform with no archive at all is "not found" (exit 3) with a hint', () => {
    assert.throws(
      () => artifactFor('linux', 'riscv64'),
      (error: unknown) => error instanceof GvxError && error.code === 'E_NO_ARCHIVE' && error.exitCode === 3 && /linux\/riscv64/.test(error.message),
    );
  });
});
