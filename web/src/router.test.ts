import { describe, expect, it } from 'vitest';
import { href, matchRoute } from './router.tsx';

const patterns = [
  ['overview', '/'],
  ['slos', '/slos'],
  ['slo', '/slos/:name'],
  ['page', '/pages/:id'],
] as const;

describe('console routes', () => {
  it('matches deep links and decodes their parameters', () => {
    expect(matchRoute(patterns, '/')).toEqual({ name: 'overview', params: {} });
    expect(matchRoute(patterns, '/slos/')).toEqual({ name: 'slos', params: {} });
    expect(matchRoute(patterns, '/slos/checkout%3Aeu%2Cweb')).toEqual({
      name: 'slo',
      params: { name: 'checkout:eu,web' },
    });
    expect(matchRoute(patterns, '/pages/12')).toEqual({ name: 'page', params: { id: '12' } });
    expect(matchRoute(patterns, '/pages/12/extra')).toBeUndefined();
    expect(matchRoute(patterns, '/slos/%E0%A4%A')).toBeUndefined();
  });

  it('builds links whose segments survive any name', () => {
    expect(href('slos', 'a/b c')).toBe('/slos/a%2Fb%20c');
    expect(href('pages', 7)).toBe('/pages/7');
  });
});
