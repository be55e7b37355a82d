import { NinesError } from '../core/errors.ts';
import type { Model } from '../specs/index.ts';

/**
 * Checks an action item's owner (seed 003 §05: one owner, a person, not a team) and finds the team it
 * reports under: the first team listing the person as a member, or null.
 */
export function ownerAndTeam(model: Model, owner: string): { owner: string; team: string | null } {
  const problem = (message: string) => new NinesError('invalid_input', message, [{ path: 'owner', message }]);
  if (!model.persons.some((person) => person.name === owner)) {
    if (model.teams.some((team) => team.name === owner)) {
      throw problem(`"${owner}" is a team: an action item has one owner, a person, not a team`);
    }
    throw problem(`no person named "${owner}": an action item has one owner, a person, not a team`);
  }
  return { owner, team: model.teams.find((team) => team.members.includes(owner))?.name ?? null };
}
