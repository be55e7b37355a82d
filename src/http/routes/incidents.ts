import { Hono } from 'hono';
import { z } from 'zod';
import { NinesError } from '../../core/errors.ts';
import {
  addNote,
  assignRole,
  declareIncident,
  type IncidentRow,
  incidentDetails,
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
import { requireScope } from '../auth.ts';
import type { AppDeps, AppEnv } from '../deps.ts';
import { parseChoiceParam, parseLimitParam } from '../params.ts';
import { idParam, instantSchema, readBody } from './body.ts';

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

/**
 * Incidents: declare, list, show, edit, lifecycle, roles, notes (append-only), status updates, linked
 * pages and the merged timeline. The timeline has no route that edits or deletes.
 */
export function incidentRoutes(deps: AppDeps): Hono<AppEnv> {
  const { ctx } = deps;
  const routes = new Hono<AppEnv>();
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

  routes.get('/incidents', async (c) => {
    const rows = await listIncidents(ctx.db, {
      status: parseChoiceParam('status', c.req.query('status'), [...incidentStatuses, 'open'] as const),
      severity: parseChoiceParam('severity', c.req.query('severity'), incidentSeverities),
      service: c.req.query('service') || undefined,
      limit: parseLimitParam('limit', c.req.query('limit'), { fallback: 100, max: 1000 }),
    });
    return c.json({ incidents: rows.map(incidentView) });
  });
  routes.post('/incidents', requireScope('write'), async (c) => {
    const body = await readBody(c.req.raw, declareSchema, 'an incident ({"title", "severity", "services"})');
    const { startedAt, detectedAt, pages, ...rest } = body;
    const row = published(
      await declareIncident({
        ctx,
        actor: c.get('identity').name,
        input: { ...rest, startedAtMs: startedAt, detectedAtMs: detectedAt, pageIds: pages },
      }),
    );
    return c.json(await detail(row), 201);
  });
  routes.get('/incidents/:id', async (c) => c.json(await detail(await load(c.req.param('id')))));
  routes.patch('/incidents/:id', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const { startedAt, ...changes } = await readBody(c.req.raw, changesSchema, 'incident changes');
    const row = published(
      await updateIncident({
        ctx,
        incidentId: id,
        actor: c.get('identity').name,
        changes: { ...changes, startedAtMs: startedAt },
      }),
    );
    return c.json(await detail(row));
  });
  routes.post('/incidents/:id/status', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(c.req.raw, statusSchema, 'a status change ({"status": "identified"})');
    const row = published(
      await setIncidentStatus({ ctx, incidentId: id, actor: c.get('identity').name, ...body }),
    );
    return c.json(await detail(row));
  });
  routes.post('/incidents/:id/roles', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(c.req.raw, roleSchema, 'a role assignment ({"role", "person"})');
    return c.json(
      await detail(await assignRole({ ctx, incidentId: id, actor: c.get('identity').name, ...body })),
    );
  });
  routes.delete('/incidents/:id/roles/:role', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const row = await load(String(id));
    const role = c.req.param('role');
    const person = c.req.query('person') ?? (role === 'sme' ? undefined : row.roles[role as 'commander']);
    if (!person) throw new NinesError('invalid_input', `say which person leaves the ${role} role (?person=)`);
    const actor = c.get('identity').name;
    return c.json(
      await detail(await assignRole({ ctx, incidentId: id, actor, role, person, unassign: true })),
    );
  });
  routes.get('/incidents/:id/timeline', async (c) => {
    const row = await load(c.req.param('id'));
    const entries = await incidentTimeline(ctx.db, row.id);
    return c.json({
      incident: row.id,
      timeline: entries.map((e) => ({ ...e, at: new Date(e.atMs).toISOString(), atMs: undefined })),
    });
  });
  routes.post('/incidents/:id/notes', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(c.req.raw, noteSchema, 'a note ({"text"}, optionally "corrects")');
    const note = await addNote({ ctx, incidentId: id, actor: c.get('identity').name, ...body });
    return c.json({ id: `incident:${note.id}` }, 201);
  });
  routes.get('/incidents/:id/updates', async (c) => {
    const row = await load(c.req.param('id'));
    return c.json({ updates: await incidentUpdates(ctx.db, row.id) });
  });
  routes.post('/incidents/:id/updates', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(
      c.req.raw,
      updateSchema,
      'a status update ({"message"}, optionally "status", "public")',
    );
    const update = published(
      await postStatusUpdate({ ctx, incidentId: id, actor: c.get('identity').name, ...body }),
    );
    return c.json(statusUpdateView(update), 201);
  });
  routes.post('/incidents/:id/pages', requireScope('write'), async (c) => {
    const id = idParam(c.req.param('id'), 'incident');
    const body = await readBody(c.req.raw, linkSchema, 'a page link ({"page": 12})');
    await linkPage({ ctx, incidentId: id, pageId: body.page, actor: c.get('identity').name });
    return c.json(await detail(await load(String(id))));
  });
  return routes;
}
