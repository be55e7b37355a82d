import { describe, expect, it } from 'vitest';
import { escapePromString, fillTemplate, renderVariantQuery, withWindow } from './templating.ts';

describe('renderVariantQuery', () => {
  it('puts the variant value inside a string and a matcher for {{scope}}', () => {
    const query = 'sum(rate(errors{version="{{variant}}"}[1m])) / sum(rate(requests{ {{scope}} }[1m]))';
    expect(renderVariantQuery(query, { label: 'track', value: 'canary' })).toEqual({
      ok: true,
      text: 'sum(rate(errors{version="canary"}[1m])) / sum(rate(requests{ track="canary" }[1m]))',
    });
  });

  it('escapes quotes and backslashes so a value cannot close the string', () => {
    const value = 'a"b\\c\'d\n';
    const double = renderVariantQuery('x{v="{{variant}}"}', { label: null, value });
    expect(double).toEqual({ ok: true, text: 'x{v="a\\"b\\\\c\'d\\n"}' });
    const single = renderVariantQuery("x{v='{{ variant }}'}", { label: null, value });
    expect(single).toEqual({ ok: true, text: "x{v='a\"b\\\\c\\'d\\n'}" });
    const scoped = renderVariantQuery('x{ {{scope}} }', { label: 'v', value });
    expect(scoped).toEqual({ ok: true, text: 'x{ v="a\\"b\\\\c\'d\\n" }' });
  });

  it('refuses what cannot be placed safely', () => {
    expect(renderVariantQuery('x_{{variant}}', { label: null, value: 'canary' })).toEqual({
      ok: true,
      text: 'x_canary',
    });
    const outside = renderVariantQuery('x_{{variant}}', { label: null, value: 'a b' });
    expect(outside.ok).toBe(false);
    const raw = renderVariantQuery('x{v=`{{variant}}`}', { label: null, value: 'a`b' });
    expect(raw.ok).toBe(false);
    const noLabel = renderVariantQuery('x{ {{scope}} }', { label: null, value: 'canary' });
    expect(noLabel).toEqual({ ok: false, reason: expect.stringContaining('scope.label') });
    const quoted = renderVariantQuery('x{v="{{scope}}"}', { label: 'v', value: 'canary' });
    expect(quoted).toEqual({ ok: false, reason: expect.stringContaining('outside a string') });
  });

  it('reads escaped quotes inside a string as part of it', () => {
    // The \" does not close the string, so {{variant}} is still inside it.
    const query = 'x{a="say \\"{{variant}}"}';
    expect(renderVariantQuery(query, { label: null, value: 'q"' })).toEqual({
      ok: true,
      text: 'x{a="say \\"q\\""}',
    });
  });
});

describe('fillTemplate and windows', () => {
  it('leaves placeholders the filler does not know', () => {
    const filled = fillTemplate(`ns='\${namespace}', s='\${scope}'`, /\$\{(\w+)\}/g, (name) =>
      name === 'namespace' ? { value: "prod's" } : undefined,
    );
    expect(filled).toEqual({ ok: true, text: `ns='prod\\'s', s='\${scope}'` });
  });

  it('fills the SLO window', () => {
    expect(withWindow('rate(x[{{.window}}])', '300s')).toBe('rate(x[300s])');
    expect(escapePromString('plain', '"')).toBe('plain');
  });
});
