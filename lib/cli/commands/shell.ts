// Placeholder until the shell command lands (being written in this session).
import { UnsupportedError } from '../../errors.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: '(shell: not available yet)',
  usage: 'gvx shell',
  async run() {
    throw new UnsupportedError('gvx shell is not available yet');
  },
};
