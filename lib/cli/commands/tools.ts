// Placeholder until the tools command lands (being written in this session).
import { UnsupportedError } from '../../errors.js';
import type { Command } from '../context.js';

export const command: Command = {
  summary: '(tools: not available yet)',
  usage: 'gvx tools',
  async run() {
    throw new UnsupportedError('gvx tools is not available yet');
  },
};
