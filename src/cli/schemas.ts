import { writeJsonSchemas } from '../specs/index.ts';
import { defineCommand, EXIT_OK } from './command.ts';

export const command = defineCommand({
  usage: 'nines schemas DIR',
  summary: 'Writes one JSON Schema per nines.dev/v1 kind into DIR, for editors.',
  options: {},
  positionals: [1, 1],
  async run({ positionals, io }) {
    const files = await writeJsonSchemas(positionals[0] as string);
    for (const file of files) io.out(file);
    return EXIT_OK;
  },
});
