import { type ParseArgsConfig, parseArgs } from 'node:util';
import { isNinesError } from '../core/errors.ts';

/** Exit codes: 0 success, 1 a problem the user must fix, 2 wrong usage. */
export const EXIT_OK = 0;
export const EXIT_PROBLEM = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

export interface CommandIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
}

export interface Command<O extends Options> {
  usage: string;
  summary: string;
  options: O;
  /** How many positional arguments the command takes: [min, max]. */
  positionals?: [number, number];
  run(args: {
    values: Record<string, string | boolean | undefined>;
    positionals: string[];
    io: CommandIo;
  }): Promise<number>;
}

export function defineCommand<O extends Options>(command: Command<O>): Command<O> {
  return command;
}

function helpText(command: Command<Options>): string {
  const lines = [`Usage: ${command.usage}`, '', command.summary];
  const entries = Object.entries(command.options);
  if (entries.length > 0) {
    lines.push('', 'Options:');
    for (const [name, option] of entries) {
      const value = option.type === 'string' ? ' <value>' : '';
      lines.push(`  --${name}${value}`);
    }
  }
  lines.push('  --help');
  return lines.join('\n');
}

/** Parses argv for a command, prints help on --help, maps errors to exit codes. */
export async function runCommand(command: Command<Options>, argv: string[], io: CommandIo): Promise<number> {
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...command.options, help: { type: 'boolean' } },
      allowPositionals: true,
      strict: true,
    }) as typeof parsed;
    if (parsed.values.help) {
      io.out(helpText(command));
      return EXIT_OK;
    }
    const [min, max] = command.positionals ?? [0, 0];
    if (parsed.positionals.length < min || parsed.positionals.length > max) {
      throw new UsageError(
        `expected ${min === max ? min : `${min} to ${max}`} argument(s), got ${parsed.positionals.length}`,
      );
    }
  } catch (error) {
    io.err(`error: ${(error as Error).message}\n\n${helpText(command)}`);
    return EXIT_USAGE;
  }
  try {
    return await command.run({ ...parsed, io });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n\n${helpText(command)}`);
      return EXIT_USAGE;
    }
    if (isNinesError(error)) {
      io.err(`error: ${error.message}`);
      for (const detail of error.details ?? []) io.err(`${detail.path}: ${detail.message}`);
      return EXIT_PROBLEM;
    }
    io.err(`error: ${(error as Error).stack ?? String(error)}`);
    return EXIT_PROBLEM;
  }
}
