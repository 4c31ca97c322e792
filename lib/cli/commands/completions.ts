// Placeholder until the completions command lands (being written in this session).
import { UnsupportedError } from '../../errors.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: '(completions: not available yet)',
  usage: 'gvx completions',
  async run() {
    throw new UnsupportedError('gvx completions is not available yet');
  },
};
