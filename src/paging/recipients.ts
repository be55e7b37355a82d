import { liveOverrides, onCallAt } from '../oncall/index.ts';
import type { ContactMethod, EscalationTarget, Model } from '../specs/index.ts';
import type { Queryable } from '../storage/index.ts';

/** Someone (or a team channel) to notify, with every way to reach them. */
export interface Recipient {
  name: string;
  kind: 'person' | 'team';
  contacts: ContactMethod[];
}

export function personRecipient(model: Model, name: string): Recipient {
  const person = model.persons.find((p) => p.name === name);
  return { name, kind: 'person', contacts: person?.contacts ?? [] };
}

/** Who an escalation level's targets are at `atMs`: schedules resolve to whoever is on call (overrides included). */
export async function resolveTargets(options: {
  tx: Queryable;
  model: Model;
  targets: EscalationTarget[];
  atMs: number;
}): Promise<Recipient[]> {
  const { tx, model, atMs } = options;
  const recipients: Recipient[] = [];
  for (const target of options.targets) {
    switch (target.kind) {
      case 'person':
        recipients.push(personRecipient(model, target.name));
        break;
      case 'team': {
        const team = model.teams.find((t) => t.name === target.name);
        recipients.push({ name: target.name, kind: 'team', contacts: team?.contacts ?? [] });
        break;
      }
      case 'schedule': {
        const schedule = model.schedules.find((s) => s.name === target.name);
        if (!schedule) break;
        const now = onCallAt({ schedule, overrides: await liveOverrides(tx, schedule.name, atMs), atMs });
        if (now) recipients.push(personRecipient(model, now.person));
        break;
      }
    }
  }
  // One person reached through two targets is notified once.
  return recipients.filter(
    (r, i) => recipients.findIndex((o) => o.kind === r.kind && o.name === r.name) === i,
  );
}
