import { NinesError } from '../core/errors.ts';

/** Largest request body accepted: 10 MiB. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

function tooLarge(maxBytes: number): NinesError {
  return new NinesError(
    'invalid_input',
    `the body is larger than ${maxBytes / 1024 / 1024} MiB; send smaller batches`,
  );
}

/** Reads the body, refusing it as soon as it passes `maxBytes` (whatever Content-Length claimed). */
async function readAtMost(request: Request, maxBytes: number): Promise<Uint8Array> {
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

/** Parses a JSON request body of at most `maxBytes`; malformed or oversized bodies are `invalid_input`. */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const bytes = await readAtMost(request, maxBytes);
  if (bytes.byteLength === 0)
    throw new NinesError('invalid_input', 'the body is empty; send a JSON document');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new NinesError('invalid_input', `the body is not valid JSON: ${(error as Error).message}`);
  }
}
