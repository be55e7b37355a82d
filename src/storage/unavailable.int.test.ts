import { describe, expect, it } from 'vitest';
import { NinesError } from '../core/errors.ts';
import { openStorage } from './open.ts';
import { asStorageError } from './unavailable.ts';

const withCode = (code: string) => Object.assign(new Error(`failed: ${code}`), { code });

describe('asStorageError', () => {
  it.each(['08006', '08001', '57P01', '57P03', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'])(
    'maps %s to unavailable',
    (code) => {
      expect(asStorageError(withCode(code))).toMatchObject({
        code: 'unavailable',
        message: 'storage unavailable',
      });
    },
  );

  it('maps a lost connection found in a cause or an AggregateError', () => {
    expect(asStorageError(new Error('query failed', { cause: withCode('ECONNREFUSED') }))).toBeInstanceOf(
      NinesError,
    );
    expect(asStorageError(new AggregateError([withCode('ECONNREFUSED')]))).toBeInstanceOf(NinesError);
    expect(asStorageError(new Error('Connection terminated unexpectedly'))).toBeInstanceOf(NinesError);
  });

  it('leaves query errors and NinesErrors alone', () => {
    const syntax = withCode('42601');
    expect(asStorageError(syntax)).toBe(syntax);
    const cancelled = withCode('57014');
    expect(asStorageError(cancelled)).toBe(cancelled);
    const own = new NinesError('not_found', 'x');
    expect(asStorageError(own)).toBe(own);
  });

  it('maps the error of a closed embedded database', async () => {
    const db = await openStorage({});
    await db.close();
    const error = await db.query('SELECT 1').catch((e: unknown) => e);
    expect(asStorageError(error)).toMatchObject({ code: 'unavailable' });
  });
});
