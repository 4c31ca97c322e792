// Where `gvx install SPEC` gets toolchains: "go.dev" (the release index and archives of go.dev,
// or of GVX_MIRROR when set) or "goproxy" (golang.org/toolchain modules through GOPROXY,
// verified by the checksum database). From --source, else GVX_SOURCE, else go.dev.

import { UsageError } from '../errors.js';

export const INSTALL_SOURCES = ['go.dev', 'goproxy'] as const;
export type InstallSource = (typeof INSTALL_SOURCES)[number];

export function parseInstallSource(flag: string | undefined, envValue: string | undefined): InstallSource {
  const [text, from] = flag !== undefined ? [flag, '--source'] : envValue !== undefined ? [envValue, 'GVX_SOURCE'] : ['go.dev', 'default'];
  if ((INSTALL_SOURCES as readonly string[]).includes(text)) return text as InstallSource;
  throw new UsageError(`${from} "${text.slice(0, 40)}" is not a toolchain source: use go.dev or goproxy`, {
    hint: 'gvx install 1.22 --source goproxy (GOPROXY + checksum database), or --source go.dev (the default; GVX_MIRROR when set)',
  });
}
