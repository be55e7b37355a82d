import { pino } from 'pino';

/** The logger seam: pino in production, a silent one in tests. */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({ level: options.level, name: options.name ?? 'nines' });
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
