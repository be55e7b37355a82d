import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseDuration } from '../core/duration.ts';
import { NinesError } from '../core/errors.ts';
import { problemsFromZod } from '../core/zod-problems.ts';

const duration = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 10s or 5m` });
        return z.NEVER;
      }
      return ms;
    });

/**
 * The folder holding package.json above this file: the same answer under tsx (src/config) and from a
 * compiled build (dist/config), whatever the working directory.
 */
export function packageRoot(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

/** Runtime settings, read from the environment once and frozen. Flags override the environment. */
export const runtimeConfigSchema = z.object({
  /** Directory of YAML config documents. @default ./nines */
  configDir: z.string().min(1).default('./nines'),
  /** HTTP port. @default 8080 */
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Interface to listen on. @default 0.0.0.0 */
  host: z.string().min(1).default('0.0.0.0'),
  /** Folder of the embedded database, used when no databaseUrl is set; `memory://` keeps nothing. @default ./.nines */
  dataDir: z.string().min(1).default('./.nines'),
  /** PostgreSQL URL; switches storage from the embedded engine to PostgreSQL. */
  databaseUrl: z.string().url().optional(),
  /** How often every SLO is evaluated. @default 10s */
  evalIntervalMs: duration('10s'),
  /** URL people reach this server at, used in notification links. @default http://127.0.0.1:<port> */
  publicUrl: z.string().url().optional(),
  /** SMTP server for e-mail notifications, `smtp://user:pass@host:587` or `smtps://…` (implicit TLS). */
  smtpUrl: z.string().url().optional(),
  /** Sender address of e-mail notifications. @default nines@localhost */
  smtpFrom: z.string().min(3).default('nines@localhost'),
  /** The console's build (index.html and assets/), read once at start. @default <package>/web/dist */
  consoleDir: z
    .string()
    .min(1)
    .default(() => join(packageRoot(), 'web', 'dist')),
  /** The only folder rollout `command` actions run programs from; unset: command actions fail. */
  rolloutCommandsDir: z.string().min(1).optional(),
  /** pino log level. @default info */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RuntimeConfig = Readonly<z.infer<typeof runtimeConfigSchema>>;

/** Environment variable of each setting. */
const envNames: Record<keyof RuntimeConfig, string> = {
  configDir: 'NINES_CONFIG',
  port: 'NINES_PORT',
  host: 'NINES_HOST',
  dataDir: 'NINES_DATA_DIR',
  databaseUrl: 'NINES_DATABASE_URL',
  evalIntervalMs: 'NINES_EVAL_INTERVAL',
  logLevel: 'NINES_LOG_LEVEL',
  publicUrl: 'NINES_PUBLIC_URL',
  smtpUrl: 'NINES_SMTP_URL',
  smtpFrom: 'NINES_SMTP_FROM',
  consoleDir: 'NINES_CONSOLE_DIR',
  rolloutCommandsDir: 'NINES_ROLLOUT_COMMANDS_DIR',
};

/** Resolves settings from `env` and `overrides` (CLI flags); reports every bad value at once. */
export function resolveRuntimeConfig(
  env: Record<string, string | undefined>,
  overrides: Partial<Record<keyof RuntimeConfig, string | undefined>> = {},
): RuntimeConfig {
  const raw: Record<string, string> = {};
  for (const [key, name] of Object.entries(envNames)) {
    const value = overrides[key as keyof RuntimeConfig] ?? env[name];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const parsed = runtimeConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const details = problemsFromZod(parsed.error.issues, raw, (path) => {
      const key = path.split('.')[0] as keyof RuntimeConfig;
      return envNames[key] ?? key;
    });
    throw new NinesError(
      'invalid_config',
      `invalid settings: ${details.map((d) => `${d.path}: ${d.message}`).join('; ')}`,
      details,
    );
  }
  return Object.freeze(parsed.data);
}
