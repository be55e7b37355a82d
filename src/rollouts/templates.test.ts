import { describe, expect, it } from 'vitest';
import { formatWeight, jsonEscape, looksLikeJson, renderTemplate, type TemplateValues } from './templates.ts';

const values: TemplateValues = {
  service: 'payment',
  version: 'v2 "beta"/1',
  environment: 'production',
  weight: '25',
  step: '3',
  deployId: '12',
  rolloutId: '4',
};

describe('renderTemplate', () => {
  it('fills every placeholder, with spaces inside the braces too', () => {
    expect(
      renderTemplate(
        '{{service}}@{{ version }} {{environment}} {{weight}}% #{{step}} d{{deployId}} r{{rolloutId}}',
        values,
      ),
    ).toBe('payment@v2 "beta"/1 production 25% #3 d12 r4');
  });

  it('URL-encodes for URLs and JSON-escapes for JSON bodies', () => {
    expect(renderTemplate('http://h/{{service}}/{{version}}', values, encodeURIComponent)).toBe(
      'http://h/payment/v2%20%22beta%22%2F1',
    );
    const body = renderTemplate('{"weight": {{weight}}, "version": "{{version}}"}', values, jsonEscape);
    expect(JSON.parse(body)).toEqual({ weight: 25, version: 'v2 "beta"/1' });
  });

  it('leaves an unknown placeholder as written', () => {
    expect(renderTemplate('{{nope}}', values)).toBe('{{nope}}');
  });
});

describe('helpers', () => {
  it('tells JSON bodies apart and writes weights plainly', () => {
    expect([looksLikeJson(' {"a":1}'), looksLikeJson('[1]'), looksLikeJson('weight=5')]).toEqual([
      true,
      true,
      false,
    ]);
    expect([formatWeight(25), formatWeight(2.5), formatWeight(0.1 + 0.2)]).toEqual(['25', '2.5', '0.3']);
  });
});
