import type { AppContext } from '../context/index.ts';
import { NinesError } from '../core/errors.ts';
import { addIncidentEvent } from './incident-events.ts';
import { type IncidentRole, type IncidentRoles, type IncidentRow, incidentRoles } from './incident-row.ts';
import { checkPerson, lockIncident } from './store.ts';

function checkRole(role: string): asserts role is IncidentRole {
  if ((incidentRoles as readonly string[]).includes(role)) return;
  throw new NinesError('invalid_input', `unknown role "${role}"`, [
    { path: 'role', message: `one of ${incidentRoles.join(', ')}` },
  ]);
}

/**
 * Assigns a role to a person (replacing its holder; subject-matter experts accumulate) or, with
 * `person: null`, takes it back (for `sme`, `person` names which expert). Each change is an event.
 */
export async function assignRole(options: {
  ctx: AppContext;
  incidentId: number;
  actor: string;
  role: string;
  person: string;
  unassign?: boolean;
}): Promise<IncidentRow> {
  const { ctx, incidentId, actor, role, person } = options;
  checkRole(role);
  const nowMs = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    const roles: IncidentRoles = { ...incident.roles };
    const experts = roles.sme ?? [];
    if (options.unassign) {
      const holds = role === 'sme' ? experts.includes(person) : roles[role] === person;
      if (!holds) throw new NinesError('conflict', `${person} does not hold the ${role} role`);
      if (role === 'sme') roles.sme = experts.filter((p) => p !== person);
      else delete roles[role];
    } else {
      checkPerson(ctx.model, person, 'person');
      if (role === 'sme' ? experts.includes(person) : roles[role] === person) return incident;
      if (role === 'sme') roles.sme = [...experts, person];
      else roles[role] = person;
    }
    await tx.query('UPDATE incidents SET roles = $2 WHERE id = $1', [incidentId, JSON.stringify(roles)]);
    const previous = role === 'sme' ? undefined : incident.roles[role];
    await addIncidentEvent(tx, {
      incidentId,
      atMs: nowMs,
      kind: options.unassign ? 'role_unassigned' : 'role_assigned',
      actor,
      details: { role, person, ...(previous && !options.unassign ? { replaces: previous } : {}) },
    });
    return lockIncident(tx, incidentId);
  });
}
