import { z } from '@hono/zod-openapi';
import { actorOf } from '../../auth/index.ts';
import { NinesError } from '../../core/errors.ts';
import {
  addNote,
  assignRole,
  declareIncident,
  type IncidentRow,
  incidentDetails,
  incidentRoles,
  incidentSeverities,
  incidentStatuses,
  incidentTimeline,
  incidentUpdates,
  incidentView,
  linkPage,
  listIncidents,
  loadIncident,
  postStatusUpdate,
  setIncidentStatus,
  statusUpdateView,
  updateIncident,
} from '../../incidents/index.ts';
import { postmortemOfIncident } from '../../postmortems/index.ts';
import { statusSnapshots } from '../../status-page/index.ts';
import { type ApiRoute, type ApiRoutes, addRoute, apiRoutes, failure, json } from '../api-route.ts';
import { choiceParam, idParams, limitParam, queryParam } from '../api-schemas.ts';
import type { AppDeps } from '../deps.ts';
import { parseChoiceParam, parseIdParam, parseLimitParam } from '../params.ts';
import { idParam, instantSchema, readBody } from './body.ts';
import { incidentDetailSchema, incidentSchema, statusUpdateSchema } from './incident-schemas.ts';

const severity = z.enum(incidentSeverities);
const status = z.enum(incidentStatuses);
const name = z.string().min(1).max(200);
const text = (max: number) => z.string().trim().min(1).max(max);

export const declareSchema = z.strictObject({
  title: text(200),
  severity,
  services: z.array(name).max(100).default([]),
  summary: z.string().max(10_000).optional(),
  public: z.boolean().optional(),
  publicTitle: z.string().trim().min(1).max(200).nullable().optional(),
  dataLoss: z.boolean().optional(),
  tags: z.array(name).max(50).optional(),
  startedAt: instantSchema.optional(),
  detectedAt: instantSchema.optional(),
  commander: name.optional(),
  pages: z.array(z.number().int().positive()).max(100).optional(),
});

export const changesSchema = z.strictObject({
  title: text(200).optional(),
  summary: z.string().max(10_000).optional(),
  severity: severity.optional(),
  reason: z.string().max(2_000).optional(),
  services: z.array(name).max(100).optional(),
  public: z.boolean().optional(),
  publicTitle: z.string().trim().min(1).max(200).nullable().optional(),
  dataLoss: z.boolean().optional(),
  tags: z.array(name).max(50).optional(),
  startedAt: instantSchema.optional(),
  causeDeploy: z
    .number()
    .int()
    .positive()
    .nullable()
    .optional()
    .openapi({ description: 'The deploy that caused it; null to clear.' }),
});

export const statusSchema = z.strictObject({ status, reason: z.string().max(2_000).optional() });
export const roleSchema = z.strictObject({ role: z.string().min(1), person: name });
export const noteSchema = z.strictObject({
  text: text(10_000),
  corrects: z
    .union([z.number().int().positive(), z.string().regex(/^incident:\d{1,15}$/)])
    .transform((v) => (typeof v === 'number' ? v : Number(v.slice('incident:'.length))))
    .optional(),
});
export const updateSchema = z.strictObject({
  message: text(5_000),
  status: status.optional(),
  public: z.boolean().optional(),
});
export const linkSchema = z.strictObject({ page: z.number().int().positive() });

const incidentParams = idParams('Incident');
const notFound = failure('No such incident.');

/** A POST that changes the incident and answers with it. */
function changeRoute<V extends string>(
  verb: V,
  docs: { summary: string; description: string; body: z.ZodType; conflict?: string },
): ApiRoute & { path: `/incidents/{id}/${V}` } {
  const responses: ApiRoute['responses'] = {
    200: json('The incident after the change.', incidentDetailSchema),
    400: failure('Bad body, unknown person, role or service.'),
    404: notFound,
  };
  if (docs.conflict) responses[409] = failure(docs.conflict);
  return {
    method: 'post',
    path: `/incidents/{id}/${verb}`,
    summary: docs.summary,
    description: `${docs.description} Recorded in the timeline with the token's name as the actor.`,
    scope: 'write',
    params: incidentParams,
    body: { schema: docs.body },
    responses,
  };
}

const listRoute = {
  method: 'get',
  path: '/incidents',
  summary: 'Incidents, newest first',
  scope: 'read',
  query: z.object({
    status: choiceParam('`open` (not resolved) or one status.', [...incidentStatuses, 'open']),
    severity: choiceParam('Only this severity.', incidentSeverities),
    service: queryParam('Only incidents affecting this service.'),
    causeDeploy: queryParam('Only incidents naming this deploy (its id) as their cause.'),
    limit: limitParam(),
  }),
  responses: {
    200: json('Incidents.', z.object({ incidents: z.array(incidentSchema) })),
    400: failure('Bad filter.'),
  },
} as const;

const declareRoute = {
  method: 'post',
  path: '/incidents',
  summary: 'Declare an incident',
  description:
    'Starts in `investigating`. The blast radius is computed from the catalog. Pages P0/P1 declare incidents on their own per the IncidentPolicy.',
  scope: 'write',
  body: { schema: declareSchema },
  responses: {
    201: json('The incident.', incidentDetailSchema),
    400: failure('Bad body, unknown service or person, times out of order.'),
    409: failure('A page to link belongs to another incident.'),
  },
} as const;

const showRoute = {
  method: 'get',
  path: '/incidents/{id}',
  summary: 'One incident with its pages and status updates',
  scope: 'read',
  params: incidentParams,
  responses: { 200: json('The incident.', incidentDetailSchema), 404: notFound },
} as const;

const editRoute = {
  method: 'patch',
  path: '/incidents/{id}',
  summary:
    'Edit an incident (title, summary, severity with reason, services, public fields, data loss, tags)',
  description: 'Each change is a timeline event; a severity change restarts the update cadence.',
  scope: 'write',
  params: incidentParams,
  body: { schema: changesSchema },
  responses: {
    200: json('The incident.', incidentDetailSchema),
    400: failure('Bad body or unknown service.'),
    404: notFound,
  },
} as const;

const statusRoute = changeRoute('status', {
  summary: 'Move an incident through its lifecycle',
  description:
    'investigating → identified → monitoring → resolved; open statuses may go back. Resolving drafts the postmortem.',
  body: statusSchema,
  conflict: 'Already in that status, or a resolved incident reopened without `reason`.',
});

const roleRoute = changeRoute('roles', {
  summary: 'Assign a role',
  description: `Roles: ${incidentRoles.join(', ')}; \`sme\` holds several people, the others one (replaced).`,
  body: roleSchema,
});

const unassignRoute = {
  method: 'delete',
  path: '/incidents/{id}/roles/{role}',
  summary: 'Take a role back',
  scope: 'write',
  params: incidentParams.extend({
    role: z.string().openapi({ param: { description: 'The role.' }, enum: [...incidentRoles] }),
  }),
  query: z.object({ person: queryParam('Which person (required for `sme`).') }),
  responses: {
    200: json('The incident.', incidentDetailSchema),
    400: failure('Unknown role, or no person for `sme`.'),
    404: notFound,
    409: failure('The person does not hold the role.'),
  },
} as const;

const timelineRoute = {
  method: 'get',
  path: '/incidents/{id}/timeline',
  summary: 'The append-only timeline: incident events, linked pages’ history, notifications',
  description:
    'Nothing in it can be edited or deleted; corrections are new entries naming the one they correct.',
  scope: 'read',
  params: incidentParams,
  responses: {
    200: json(
      'Entries, oldest first.',
      z.object({
        incident: z.int(),
        timeline: z.array(
          z.object({
            id: z.string().openapi({ examples: ['incident:12', 'page:40', 'delivery:7', 'deploy:3'] }),
            at: z.iso.datetime(),
            source: z.enum(['incident', 'page', 'delivery', 'deploy']),
            kind: z.string(),
            actor: z.string(),
            details: z.record(z.string(), z.unknown()),
            corrects: z.string().nullable(),
          }),
        ),
      }),
    ),
    404: notFound,
  },
} as const;

const noteRoute = {
  method: 'post',
  path: '/incidents/{id}/notes',
  summary: 'Add a note (or a correction of an earlier entry)',
  scope: 'write',
  params: incidentParams,
  body: { schema: noteSchema },
  responses: {
    201: json('The new entry’s id.', z.object({ id: z.string() })),
    400: failure('Bad body, or `corrects` names no entry of this incident.'),
    404: notFound,
  },
} as const;

const updatesRoute = {
  method: 'get',
  path: '/incidents/{id}/updates',
  summary: 'Status updates posted for the incident, oldest first',
  scope: 'read',
  params: incidentParams,
  responses: {
    200: json('Updates.', z.object({ updates: z.array(statusUpdateSchema) })),
    404: notFound,
  },
} as const;

const postUpdateRoute = {
  method: 'post',
  path: '/incidents/{id}/updates',
  summary: 'Post a status update',
  description:
    'Public updates (default) appear on the status page. Records whether it met the cadence, restarts it, and moves the incident to `status` when given.',
  scope: 'write',
  params: incidentParams,
  body: { schema: updateSchema },
  responses: {
    201: json('The update.', statusUpdateSchema),
    400: failure('Bad body.'),
    404: notFound,
    409: failure('The incident is resolved, or the status change is not allowed.'),
  },
} as const;

const linkRoute = changeRoute('pages', {
  summary: 'Link a page (and its alerts) to the incident',
  description: 'A page belongs to one incident at most.',
  body: linkSchema,
  conflict: 'The page belongs to another incident.',
});

/**
 * Incidents: declare, list, show, edit, lifecycle, roles, notes (append-only), status updates, linked
 * pages and the merged timeline. The timeline has no route that edits or deletes.
 */
export function incidentRoutes(deps: AppDeps): ApiRoutes {
  const { ctx } = deps;
  const routes = apiRoutes();
  const load = (idText: string) => loadIncident(ctx.db, idParam(idText, 'incident'));
  // What the public status page shows may have changed: its next request rebuilds (after the commit).
  const published = <T>(result: T): T => {
    statusSnapshots(ctx).invalidate();
    return result;
  };
  /** The incident as a verb returned it (no second read), with its pages, updates and postmortem. */
  const detail = async (row: IncidentRow) => {
    const postmortem = await postmortemOfIncident(ctx.db, row.id);
    return {
      ...incidentView(row),
      ...(await incidentDetails(ctx.db, row.id)),
      postmortem: postmortem
        ? { id: postmortem.id, status: postmortem.status, required: postmortem.required }
        : null,
    };
  };

  addRoute(routes, listRoute, async (c) => {
    const rows = await listIncidents(ctx.db, {
      status: parseChoiceParam('status', c.req.query('status'), [...incidentStatuses, 'open'] as const),
      severity: parseChoiceParam('severity', c.req.query('severity'), incidentSeverities),
      service: c.req.query('service') || undefined,
      causeDeploy: parseIdParam('causeDeploy', c.req.query('causeDeploy')),
      limit: parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 }),
    });
    return c.json({ incidents: rows.map(incidentView) });
  });
  addRoute(routes, declareRoute, async (c) => {
    const body = await readBody(c.req.raw, declareSchema, 'an incident ({"title", "severity", "services"})');
    const { startedAt, detectedAt, pages, ...rest } = body;
    const row = published(
      await declareIncident({
        ctx,
        actor: actorOf(c.get('identity')),
        input: { ...rest, startedAtMs: startedAt, detectedAtMs: detectedAt, pageIds: pages },
      }),
    );
    return c.json(await detail(row), 201);
  });
  addRoute(routes, showRoute, async (c) => c.json(await detail(await load(c.req.param('id')))));
  addRoute(routes, editRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const { startedAt, ...changes } = await readBody(c.req.raw, changesSchema, 'incident changes');
    const row = published(
      await updateIncident({
        ctx,
        incidentId: id,
        actor: actorOf(c.get('identity')),
        changes: { ...changes, startedAtMs: startedAt },
      }),
    );
    return c.json(await detail(row));
  });
  addRoute(routes, statusRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(c.req.raw, statusSchema, 'a status change ({"status": "identified"})');
    const row = published(
      await setIncidentStatus({ ctx, incidentId: id, actor: actorOf(c.get('identity')), ...body }),
    );
    return c.json(await detail(row));
  });
  addRoute(routes, roleRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(c.req.raw, roleSchema, 'a role assignment ({"role", "person"})');
    return c.json(
      await detail(await assignRole({ ctx, incidentId: id, actor: actorOf(c.get('identity')), ...body })),
    );
  });
  addRoute(routes, unassignRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const row = await load(String(id));
    const role = c.req.param('role');
    const person = c.req.query('person') ?? (role === 'sme' ? undefined : row.roles[role as 'commander']);
    if (!person) throw new NinesError('invalid_input', `say which person leaves the ${role} role (?person=)`);
    const actor = actorOf(c.get('identity'));
    return c.json(
      await detail(await assignRole({ ctx, incidentId: id, actor, role, person, unassign: true })),
    );
  });
  addRoute(routes, timelineRoute, async (c) => {
    const row = await load(c.req.param('id'));
    const entries = await incidentTimeline(ctx.db, row.id);
    return c.json({
      incident: row.id,
      timeline: entries.map((e) => ({ ...e, at: new Date(e.atMs).toISOString(), atMs: undefined })),
    });
  });
  addRoute(routes, noteRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(c.req.raw, noteSchema, 'a note ({"text"}, optionally "corrects")');
    const note = await addNote({ ctx, incidentId: id, actor: actorOf(c.get('identity')), ...body });
    return c.json({ id: `incident:${note.id}` }, 201);
  });
  addRoute(routes, updatesRoute, async (c) => {
    const row = await load(c.req.param('id'));
    return c.json({ updates: await incidentUpdates(ctx.db, row.id) });
  });
  addRoute(routes, postUpdateRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(
      c.req.raw,
      updateSchema,
      'a status update ({"message"}, optionally "status", "public")',
    );
    const update = published(
      await postStatusUpdate({ ctx, incidentId: id, actor: actorOf(c.get('identity')), ...body }),
    );
    return c.json(statusUpdateView(update), 201);
  });
  addRoute(routes, linkRoute, async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(c.req.raw, linkSchema, 'a page link ({"page": 12})');
    await linkPage({ ctx, incidentId: id, pageId: body.page, actor: actorOf(c.get('identity')) });
    return c.json(await detail(await load(String(id))));
  });
  return routes;
}
