import { resolveRuntimeConfig } from '../config/config.ts';
import { isNinesError } from '../core/errors.ts';
import { createLogger } from '../core/logger.ts';
import { startNines } from '../main.ts';
import { defineCommand, EXIT_OK } from './command.ts';

/** Resolves when SIGINT or SIGTERM arrives. */
export function untilStopped(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export const command = defineCommand({
  usage: 'nines serve [--config DIR] [--port N] [--host H] [--data-dir DIR]',
  summary:
    "Runs the server and the web console at /. Settings: NINES_CONFIG, NINES_PORT, NINES_HOST, NINES_DATA_DIR,\nNINES_DATABASE_URL, NINES_EVAL_INTERVAL, NINES_LOG_LEVEL, NINES_CONSOLE_DIR (flags win). SIGHUP reloads the\nconfig; an invalid one is refused. The console's build is read at start: restart after rebuilding it.",
  options: {
    config: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
  },
  async run({ values, io }) {
    const config = resolveRuntimeConfig(io.env, {
      configDir: values.config as string | undefined,
      port: values.port as string | undefined,
      host: values.host as string | undefined,
      dataDir: values['data-dir'] as string | undefined,
    });
    const logger = createLogger({ level: config.logLevel });
    const nines = await startNines({ config, logger });
    io.err(`nines listening on ${nines.url} (config ${config.configDir})`);
    const onHup = () => {
      nines.reload().catch((error) => {
        const details = isNinesError(error) ? error.details : undefined;
        logger.error(
          { err: isNinesError(error) ? error.message : error, problems: details },
          'config reload refused; keeping the running config',
        );
      });
    };
    process.on('SIGHUP', onHup);
    const signal = await untilStopped();
    process.off('SIGHUP', onHup);
    logger.info({ signal }, 'stopping');
    await nines.close();
    return EXIT_OK;
  },
});
