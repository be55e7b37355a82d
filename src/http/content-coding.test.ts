import { describe, expect, it } from 'vitest';
import { negotiateCoding } from './content-coding.ts';

describe('negotiateCoding', () => {
  it('sends the smallest body a browser accepts', () => {
    // What browsers send: all three at q=1, so the tie goes to br.
    expect(negotiateCoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateCoding('gzip, br')).toBe('br');
    expect(negotiateCoding('gzip')).toBe('gzip');
    expect(negotiateCoding('GZIP')).toBe('gzip');
  });

  it('honours the weights the client gives', () => {
    expect(negotiateCoding('br;q=0.5, gzip;q=0.8')).toBe('gzip');
    expect(negotiateCoding('br, gzip;q=0.8')).toBe('br');
    // Identity preferred over both codings.
    expect(negotiateCoding('gzip;q=0.5, br;q=0.4, identity')).toBe('identity');
    expect(negotiateCoding('gzip; q=0.9, br ; q = 0.3')).toBe('gzip');
    // A repeated coding counts with its highest weight.
    expect(negotiateCoding('br;q=0.1, gzip;q=0.5, br;q=0.9')).toBe('br');
  });

  it('never sends a coding refused with q=0', () => {
    expect(negotiateCoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateCoding('gzip;q=0')).toBe('identity');
    expect(negotiateCoding('*;q=0.5, br;q=0')).toBe('gzip');
    // A malformed weight counts as refusal, not as 1.
    expect(negotiateCoding('br;q=high, gzip')).toBe('gzip');
    expect(negotiateCoding('br;q=2, gzip')).toBe('gzip');
  });

  it('sends identity without a header, with an empty one, or when nothing named is held', () => {
    expect(negotiateCoding(undefined)).toBe('identity');
    expect(negotiateCoding('')).toBe('identity');
    expect(negotiateCoding('identity')).toBe('identity');
    expect(negotiateCoding('deflate, zstd')).toBe('identity');
  });

  it('reads * as every coding not named, identity included', () => {
    expect(negotiateCoding('*')).toBe('br');
    expect(negotiateCoding('identity;q=0.5, *;q=0.1')).toBe('identity');
    expect(negotiateCoding('identity;q=0, *;q=0.1')).toBe('br');
  });

  it('falls back to identity when the client refuses everything, as RFC 9110 §12.5.3 allows', () => {
    // identity;q=0 and nothing else acceptable: an uncoded body rather than a 406 nobody handles.
    expect(negotiateCoding('identity;q=0')).toBe('identity');
    expect(negotiateCoding('*;q=0')).toBe('identity');
    // identity;q=0 but gzip acceptable: gzip, never identity.
    expect(negotiateCoding('gzip;q=0.2, identity;q=0')).toBe('gzip');
    expect(negotiateCoding('br;q=0, gzip;q=0, identity;q=0')).toBe('identity');
  });
});
