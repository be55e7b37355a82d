import { z } from '@hono/zod-openapi';
import { type ApiRoutes, addRoute, apiRoutes, json } from '../api-route.ts';
import { byName } from '../by-name.ts';
import type { AppDeps } from '../deps.ts';

const personSchema = z
  .object({
    name: z.string(),
    displayName: z.string().nullable(),
    timeZone: z.string(),
    teams: z.array(z.string()).openapi({ description: 'Teams listing the person as a member, by name.' }),
  })
  .openapi('Person');

const listRoute = {
  method: 'get',
  path: '/persons',
  summary: 'The configured people, without their contacts',
  description:
    'Who can be paged, hold an override or an incident role, own an action item or own a token: the console offers them in its pickers. Contacts are left out (they can hold secrets).',
  scope: 'read',
  responses: {
    200: json('Every Person of the config, sorted by name.', z.object({ persons: z.array(personSchema) })),
  },
} as const;

/** GET /persons: the config's people (name, display name, zone, teams), never their contact details. */
export function personRoutes(deps: AppDeps): ApiRoutes {
  const routes = apiRoutes();
  addRoute(routes, listRoute, (c) => {
    const { persons, teams } = deps.ctx.model;
    return c.json({
      persons: [...persons].sort(byName).map((person) => ({
        name: person.name,
        displayName: person.displayName ?? null,
        timeZone: person.timeZone,
        teams: teams.filter((team) => team.members.includes(person.name)).map((team) => team.name),
      })),
    });
  });
  return routes;
}
