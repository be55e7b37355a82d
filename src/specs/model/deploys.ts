// Deploy safety: freeze windows the deploy gate enforces.

import type { Origin, SourceLocation } from './common.ts';
import type { ChangeKind, Exclusion } from './slos.ts';

/** A time when deploys are held: one-off or recurring, for some services, teams, or everything. */
export interface FreezeWindow {
  name: string;
  reason?: string;
  /** Services it holds; with `teams` empty too, it holds every service. */
  services: string[];
  /** Teams whose services it holds. */
  teams: string[];
  /** When it holds (the same shapes as an SLO's exclusions). */
  windows: Exclusion[];
  /** Change kinds it lets through (default: security). */
  allow: ChangeKind[];
  /** What the gate answers for a change it holds: block (default) or warn. */
  decision: 'block' | 'warn';
  origin: Origin;
  source: SourceLocation;
}
