import { describe, expect, it } from 'vitest';
import { matches, matchesAll } from './matchers.ts';

const labels = { alertname: 'HighErrorRate', service: 'orders', env: 'prod' };

describe('matches', () => {
  it('compares equality and inequality', () => {
    expect(matches({ label: 'service', op: '=', value: 'orders' }, labels)).toBe(true);
    expect(matches({ label: 'service', op: '=', value: 'order' }, labels)).toBe(false);
    expect(matches({ label: 'service', op: '!=', value: 'payments' }, labels)).toBe(true);
    expect(matches({ label: 'service', op: '!=', value: 'orders' }, labels)).toBe(false);
  });

  it('matches regexes against the whole value', () => {
    expect(matches({ label: 'service', op: '=~', value: 'ord.*' }, labels)).toBe(true);
    expect(matches({ label: 'service', op: '=~', value: 'ord' }, labels)).toBe(false);
    expect(matches({ label: 'service', op: '=~', value: 'rder' }, labels)).toBe(false);
    expect(matches({ label: 'service', op: '=~', value: 'payments|orders' }, labels)).toBe(true);
    expect(matches({ label: 'service', op: '!~', value: 'ord' }, labels)).toBe(true);
    expect(matches({ label: 'service', op: '!~', value: 'ord.*' }, labels)).toBe(false);
  });

  it('reads a missing label as the empty string', () => {
    expect(matches({ label: 'team', op: '!=', value: 'db' }, labels)).toBe(true);
    expect(matches({ label: 'team', op: '=', value: '' }, labels)).toBe(true);
    expect(matches({ label: 'team', op: '=~', value: '.*' }, labels)).toBe(true);
    expect(matches({ label: 'team', op: '=~', value: '.+' }, labels)).toBe(false);
  });

  it('needs every matcher to hold; no matchers match everything', () => {
    const orders = { label: 'service', op: '=', value: 'orders' } as const;
    const staging = { label: 'env', op: '=', value: 'staging' } as const;
    expect(matchesAll([orders], labels)).toBe(true);
    expect(matchesAll([orders, staging], labels)).toBe(false);
    expect(matchesAll([], labels)).toBe(true);
  });
});
