// Placeholder until the verify command lands (being written in this session).
import { UnsupportedError } from '../../errors.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: '(verify: not available yet)',
  usage: 'gvx verify',
  async run() {
    throw new UnsupportedError('gvx verify is not available yet');
  },
};
