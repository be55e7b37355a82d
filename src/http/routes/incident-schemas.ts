import { z } from '@hono/zod-openapi';
import { incidentSeverities, incidentStatuses } from '../../incidents/index.ts';
import { nullableTime } from '../api-schemas.ts';

const severity = z.enum(incidentSeverities);
const status = z.enum(incidentStatuses);

const strings = z.array(z.string());

export const incidentSchema = z
  .object({
    id: z.int(),
    title: z.string(),
    severity,
    status,
    summary: z.string(),
    services: strings,
    blastRadius: strings.openapi({
      description: 'Services depending, directly or transitively, on an affected one.',
    }),
    roles: z.object({
      commander: z.string().optional(),
      communications: z.string().optional(),
      operations: z.string().optional(),
      scribe: z.string().optional(),
      sme: strings.optional(),
    }),
    public: z.boolean(),
    publicTitle: z.string().nullable(),
    dataLoss: z.boolean(),
    tags: strings,
    declaredBy: z.string(),
    startedAt: nullableTime,
    detectedAt: nullableTime,
    declaredAt: nullableTime,
    acknowledgedAt: nullableTime,
    identifiedAt: nullableTime,
    mitigatedAt: nullableTime,
    resolvedAt: nullableTime,
    lastUpdateAt: nullableTime,
    nextUpdateDueAt: nullableTime,
    causeDeploy: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'The deploy that caused it, when named (PATCH `causeDeploy`).' }),
  })
  .openapi('Incident');

export const statusUpdateSchema = z
  .object({
    id: z.int(),
    at: nullableTime,
    status,
    message: z.string(),
    public: z.boolean(),
    postedBy: z.string(),
    dueAt: nullableTime,
    onTime: z.boolean().nullable().openapi({ description: 'Null when no update was owed.' }),
  })
  .openapi('StatusUpdate');

export const incidentDetailSchema = incidentSchema
  .extend({
    pages: z.array(
      z.object({
        id: z.int(),
        status: z.enum(['triggered', 'acknowledged', 'resolved']),
        severity: z.enum(['P0', 'P1', 'P2', 'P3', 'P4']),
        service: z.string().nullable(),
        summary: z.string(),
        createdAt: nullableTime,
        acknowledgedAt: nullableTime,
      }),
    ),
    updates: z.array(statusUpdateSchema),
    postmortem: z
      .object({ id: z.int(), status: z.enum(['draft', 'in_review', 'final']), required: z.boolean() })
      .nullable()
      .openapi({
        description: 'Its postmortem, once drafted (GET /api/v1/postmortems/{id} has the document).',
      }),
  })
  .openapi('IncidentDetail');
