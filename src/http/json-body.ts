import { NinesError } from '../core/errors.ts';
import { documentProblem } from '../core/well-formed.ts';

/** Largest request body accepted: 10 MiB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

function tooLarge(maxBytes: number): NinesError {
  return new NinesError(
    'invalid_input',
    `the body is larger than ${maxBytes / 1024 / 1024} MiB; send smaller batches`,
  );
}

/** Reads the body, refusing it as soon as it passes `maxBytes` (whatever Content-Length claimed). */
export async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
  if (Number(request.headers.get('content-length')) > maxBytes) throw tooLarge(maxBytes);
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** `application/json` and its `+json` variants (`application/problem+json`), with any parameters. */
const jsonMediaType = /^application\/([\w.-]+\+)?json[ \t]*(;.*)?$/i;

/** Refuses a request whose Content-Type is not JSON (`unsupported_media_type`, 415). */
export function requireJsonContentType(request: Request): void {
  const type = request.headers.get('content-type');
  if (type !== null && jsonMediaType.test(type.trim())) return;
  throw new NinesError(
    'unsupported_media_type',
    type === null
      ? 'send the body with "Content-Type: application/json"'
      : `the body's Content-Type is ${JSON.stringify(type)}; send "Content-Type: application/json"`,
  );
}

/**
 * Parses a JSON request body of at most `maxBytes`. A Content-Type other than JSON is
 * `unsupported_media_type`; malformed or oversized bodies, strings holding U+0000 or an unpaired
 * surrogate (which no engine can store faithfully) and nesting deeper than 64 levels are `invalid_input`
 * naming the field. Every route reads its body here, so no handler sees such text.
 */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const bytes = await readAtMost(request, maxBytes);
  // No body at all is the clearer mistake (it has no Content-Type to get wrong).
  if (bytes.byteLength === 0)
    throw new NinesError('invalid_input', 'the body is empty; send a JSON document');
  requireJsonContentType(request);
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new NinesError('invalid_input', `the body is not valid JSON: ${(error as Error).message}`);
  }
  const problem = documentProblem(body);
  if (problem) {
    const where = problem.path === '' ? 'the body' : `"${problem.path}"`;
    throw new NinesError('invalid_input', `${where} ${problem.message}`, [problem]);
  }
  return body;
}
