// What every model definition shares: where it came from, and how secrets and contacts are written.

/** Where a definition came from, for `file:line:col` messages. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/** A secret is never written in config: it names the environment variable that holds it. */
export interface SecretRef {
  env: string;
}

/** How to reach a person or a team. Secrets (webhook URLs with tokens, HMAC keys) are env references. */
export type ContactMethod =
  | { kind: 'email'; address: string }
  | { kind: 'slack'; webhookUrl: string | SecretRef }
  | { kind: 'webhook'; url: string; secret?: SecretRef };

export type Origin = 'nines' | 'openslo' | 'sloth' | 'backstage';
