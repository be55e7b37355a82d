import { z } from '@hono/zod-openapi';
import { parseDuration } from '../../core/duration.ts';
import { NinesError } from '../../core/errors.ts';
import { problemsFromZod } from '../../core/zod-problems.ts';
import { readJsonBody } from '../json-body.ts';
import { parseTimeParam } from '../params.ts';

/** An instant in a JSON body: RFC 3339 text or epoch milliseconds, read as epoch milliseconds. */
export const instantSchema = z
  .union([z.number().int().nonnegative(), z.string()])
  .transform((value, ctx): number => {
    if (typeof value === 'number') return value;
    const ms = parseTimeOrUndefined(value);
    if (ms !== undefined) return ms;
    ctx.addIssue({
      code: 'custom',
      message: 'must be RFC 3339 (2026-01-02T03:04:05Z) or epoch milliseconds',
    });
    return z.NEVER;
  })
  .openapi({ description: 'RFC 3339 or epoch ms.' });

/** A duration in a JSON body (`30m`, `1h30m`), read as milliseconds. */
export const durationSchema = z
  .string()
  .transform((text, ctx): number => {
    const ms = parseDuration(text);
    if (ms !== undefined) return ms;
    ctx.addIssue({ code: 'custom', message: 'must be a duration such as 30m, 2h or 1d' });
    return z.NEVER;
  })
  .openapi({ examples: ['30m'] });

function parseTimeOrUndefined(text: string): number | undefined {
  try {
    return parseTimeParam('time', text);
  } catch {
    return undefined;
  }
}

/** Reads a JSON body and validates it with `schema`; a 400 lists every problem with its path. */
export async function readBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  what: string,
  maxBytes = 64 * 1024,
): Promise<z.output<S>> {
  const body = await readJsonBody(request, maxBytes);
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  throw new NinesError(
    'invalid_input',
    `the body is not ${what}`,
    problemsFromZod(parsed.error.issues, body),
  );
}

/** A numeric id from a path; anything else names nothing, so it is a 404 like an unknown id. */
export function idParam(text: string, what: string): number {
  if (!/^\d{1,15}$/.test(text)) throw new NinesError('not_found', `no ${what} ${text}`);
  return Number(text);
}
