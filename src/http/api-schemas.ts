import { z } from '@hono/zod-openapi';
import { errorCodes } from '../core/errors.ts';
import { BURN_WINDOW_KEYS } from '../slo/index.ts';

/** The body of every error response. */
export const errorSchema = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
      requestId: z.string(),
    }),
  })
  .openapi('Error');

/** An instant as the API shows it (RFC 3339, UTC). */
export const time = z.iso.datetime();
export const nullableTime = z.iso.datetime().nullable();
export const stringMap = z.record(z.string(), z.string());

export const burnRatesSchema = z
  .object(Object.fromEntries(BURN_WINDOW_KEYS.map((key) => [key, z.number().nullable()])))
  .openapi('BurnRates');

/**
 * A query parameter: absent, or text the handler parses (its own errors name the parameter). A repeated
 * parameter is read as its first value, as `c.req.query(name)` does.
 */
export function queryParam(description: string, documented: Record<string, unknown> = {}) {
  return z
    .preprocess((value) => (Array.isArray(value) ? value[0] : value), z.string().optional())
    .openapi({ param: { description }, ...documented });
}

/** `?limit=`: at most this many. */
export const limitParam = (description = 'At most this many (default 100).') =>
  queryParam(description, { type: 'integer', minimum: 1, maximum: 1000 });

/** A closed set of values in a query parameter. */
export const choiceParam = (description: string, choices: readonly string[]) =>
  queryParam(description, { enum: [...choices] });

/** `{name}` in a path. */
export const nameParams = (what: string) =>
  z.object({
    name: z.string().openapi({
      param: {
        description: `${what} name, URL-encoded (groupBy instance names contain \`:\` and \`,\`).`,
      },
    }),
  });

/** `{id}` in a path: a number (anything else names nothing: 404). */
export const idParams = (what: string) =>
  z.object({ id: z.string().openapi({ param: { description: `${what} id.` }, type: 'integer' }) });

/**
 * Names a schema defined outside the HTTP layer as a component of the document. It is cloned: schemas
 * built before the OpenAPI extension was loaded lack its `.openapi()`.
 */
export function named<S extends z.ZodType>(schema: S, name: string): S {
  return (schema.clone() as S).openapi(name);
}
