import type { CommandIo } from './command.ts';
import { main } from './main.ts';

const io: CommandIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
};

// Long-running commands (serve, demo) resolve only when they stop.
process.exitCode = await main(process.argv.slice(2), io);
