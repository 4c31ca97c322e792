// The shell integrations by name, each imported only when asked for: `gvx env` loads the code
// of one shell, not four. Kept out of integration.ts, which every integration imports.

import type { ShellIntegration, SupportedShell } from './integration.js';

export async function loadShell(name: SupportedShell): Promise<ShellIntegration> {
  switch (name) {
    case 'bash':
      return (await import('./bash.js')).bash;
    case 'zsh':
      return (await import('./zsh.js')).zsh;
    case 'fish':
      return (await import('./fish.js')).fish;
    case 'powershell':
      return (await import('./powershell.js')).powershell;
  }
}
