import { ref } from './openapi-schemas.ts';

/** A JSON Schema or OpenAPI object, loosely typed: the document is data. */
export type Schema = Record<string, unknown>;
type Scope = 'read' | 'write' | 'admin';

export const json = (schema: Schema) => ({ content: { 'application/json': { schema } } });
export const errorResponse = (description: string) => ({ description, ...json(ref('Error')) });

const authErrors = {
  '401': errorResponse('Missing, unknown or revoked token (`unauthenticated`).'),
  '403': errorResponse('The token lacks the scope (`forbidden`).'),
  '503': errorResponse('Storage unavailable (`unavailable`).'),
};

export function query(name: string, description: string, schema: Schema = { type: 'string' }) {
  return { name, in: 'query', required: false, description, schema };
}

export const nameParam = (what: string) => ({
  name: 'name',
  in: 'path',
  required: true,
  description: `${what} name, URL-encoded (groupBy instance names contain \`:\` and \`,\`).`,
  schema: { type: 'string' },
});

/** A path parameter other than `name`. */
export function pathParam(name: string, description: string, schema: Schema = { type: 'string' }) {
  return { name, in: 'path', required: true, description, schema };
}

/**
 * An authenticated operation; `scope` is documented in the description (scopes nest admin ⊇ write ⊇ read),
 * followed by the operation's own `description` when it has one.
 */
export function protectedOp(
  op: { summary: string; scope: Scope; description?: string; responses: Record<string, unknown> } & Schema,
) {
  const { scope, summary, description, responses, ...rest } = op;
  const needs = `Needs a token with the \`${scope}\` scope.`;
  return {
    summary,
    description: description ? `${needs} ${description}` : needs,
    security: [{ bearer: [] }],
    ...rest,
    responses: { ...responses, ...authErrors },
  };
}

/** An operation that needs no API token (it may carry another credential, named in `description`). */
export function publicOp(summary: string, responses: Record<string, unknown>, more: Schema = {}) {
  return { summary, security: [], ...more, responses };
}
