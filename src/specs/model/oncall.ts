// On-call: people, schedules and escalation policies.

import type { ContactMethod, Origin, SourceLocation } from './common.ts';

/** Someone who can be on call. */
export interface Person {
  name: string;
  displayName?: string;
  /** IANA zone, for business hours in reports. */
  timeZone: string;
  contacts: ContactMethod[];
  origin: Origin;
  source: SourceLocation;
}

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** A time-of-day window on some weekdays, in the layer's time zone; `end` <= `start` crosses midnight. */
export interface Restriction {
  days: Weekday[];
  /** Minutes after local midnight. */
  startMinute: number;
  endMinute: number;
}

/** One rotation: participants take turns of a fixed length, handing off at a local time. */
export interface ScheduleLayer {
  name: string;
  /** Person names, in turn order. */
  participants: string[];
  /** Turn length: `hours` are absolute; `days`/`weeks` follow the local calendar (DST-proof handoffs). */
  turn: { every: number; unit: 'hours' | 'days' | 'weeks' };
  /** Start of the first turn, as local wall time `YYYY-MM-DDTHH:MM` in `timeZone` (the handoff time). */
  start: string;
  timeZone: string;
  /** When non-empty, the layer covers only these windows (e.g. business hours for follow-the-sun). */
  restrictions: Restriction[];
}

/**
 * Who is on call: the highest layer that has someone at an instant wins (later layers override
 * earlier ones, as in PagerDuty); stored overrides win over every layer.
 */
export interface Schedule {
  name: string;
  description?: string;
  layers: ScheduleLayer[];
  origin: Origin;
  source: SourceLocation;
}

export type EscalationTarget =
  | { kind: 'schedule'; name: string }
  | { kind: 'person'; name: string }
  | { kind: 'team'; name: string };

export interface EscalationLevel {
  targets: EscalationTarget[];
  /** Time to acknowledge before the next level is notified. */
  ackTimeoutMs: number;
}

export interface EscalationPolicy {
  name: string;
  levels: EscalationLevel[];
  /** How many more times the whole policy runs when the last level times out unacknowledged. */
  repeat: number;
  origin: Origin;
  source: SourceLocation;
}
