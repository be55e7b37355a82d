import type { TokenIdentity, TokenVerifier } from '../auth/index.ts';
import type { AppContext } from '../context/index.ts';
import type { Metrics } from '../telemetry/metrics.ts';

/** What `/readyz` reports: ready or not, and one line per dependency. */
export interface Readiness {
  ok: boolean;
  checks: Record<string, string>;
}

/** Everything the HTTP app needs from the composition root. */
export interface AppDeps {
  /** The engine's context plus what paging needs (public URL, link-signing key, secret env). */
  ctx: AppContext;
  metrics: Metrics;
  verifyToken: TokenVerifier;
  /** Re-reads the config; throws `invalid_config` (keeping the running model) when it is invalid. */
  reloadConfig(): Promise<{ rebuilt: string[]; removed: string[] }>;
  readiness(): Promise<Readiness>;
  /** The console's build folder (`NINES_CONSOLE_DIR`); without a build there, pages answer 503 saying how to build it. */
  consoleDir?: string;
}

/** Per-request values set by middleware. */
export interface AppEnv {
  Variables: {
    requestId: string;
    /** Set by `authenticate` on every `/api/v1` route except the public ones. */
    identity: TokenIdentity;
  };
}
