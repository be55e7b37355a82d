import { describe, expect, it } from 'vitest';
import { formatMatcher, matchesLabels, parseMatcher } from './label-matchers.ts';
import type { LabelMatcher } from './model/alerting.ts';

const parsed = (text: string) => parseMatcher(text) as LabelMatcher;

describe('parseMatcher', () => {
  it('reads the four operators with quoted values', () => {
    expect(parseMatcher('service="payment"')).toEqual({ label: 'service', op: '=', value: 'payment' });
    expect(parseMatcher('env != "dev"')).toEqual({ label: 'env', op: '!=', value: 'dev' });
    expect(parseMatcher('severity=~"critical|page"')).toEqual({
      label: 'severity',
      op: '=~',
      value: 'critical|page',
    });
    expect(parseMatcher('  team !~ "ops.*" ')).toEqual({ label: 'team', op: '!~', value: 'ops.*' });
  });

  it('reads bare values as Alertmanager does, and an empty value', () => {
    expect(parseMatcher('severity=critical')).toEqual({ label: 'severity', op: '=', value: 'critical' });
    expect(parseMatcher('instance=')).toEqual({ label: 'instance', op: '=', value: '' });
    expect(parseMatcher('instance=""')).toEqual({ label: 'instance', op: '=', value: '' });
  });

  it('unescapes \\" \\\\ and \\n and keeps other escapes for the regex', () => {
    expect(parsed('msg="say \\"hi\\""').value).toBe('say "hi"');
    expect(parsed('path="C:\\\\temp"').value).toBe('C:\\temp');
    expect(parsed('text="a\\nb"').value).toBe('a\nb');
    expect(parsed('host=~"api\\.example\\.com"').value).toBe('api\\.example\\.com');
  });

  it('says what is wrong', () => {
    const hint = 'expected label, operator (=, !=, =~, !~) and value, e.g. service="checkout"';
    expect(parseMatcher('service')).toBe(hint);
    expect(parseMatcher('service!"x"')).toBe(hint);
    expect(parseMatcher('="x"')).toBe(`missing label name before "=": ${hint}`);
    expect(parseMatcher('service-name="x"')).toBe(
      '"service-name" is not a label name (letters, digits and _, not starting with a digit)',
    );
    expect(parseMatcher('service=="x"')).toBe('"==" is not an operator: write = (or =~ for a regex)');
    expect(parseMatcher('a="x')).toBe('the quoted value has no closing "');
    expect(parseMatcher('a="x" b')).toBe('unexpected text after the quoted value:  b');
    expect(parseMatcher('a=x"y')).toBe('a value containing " must be quoted: "a \\" b"');
    expect(parseMatcher('a=~"(unclosed"')).toBe('invalid regular expression "(unclosed": Unterminated group');
  });

  it('accepts any text for equality even if it is not a regex', () => {
    expect(parseMatcher('a="(unclosed"')).toEqual({ label: 'a', op: '=', value: '(unclosed' });
  });
});

describe('formatMatcher', () => {
  it('quotes and escapes so parseMatcher reads it back', () => {
    const matcher: LabelMatcher = { label: 'msg', op: '!~', value: 'a "b" \\. c\nd' };
    expect(formatMatcher(matcher)).toBe('msg!~"a \\"b\\" \\\\. c\\nd"');
    expect(parseMatcher(formatMatcher(matcher))).toEqual(matcher);
  });
});

describe('matchesLabels', () => {
  const labels = { service: 'payment', severity: 'critical', env: 'prod' };

  it('needs every matcher to hold; no matchers match everything', () => {
    expect(matchesLabels([parsed('service="payment"'), parsed('env="prod"')], labels)).toBe(true);
    expect(matchesLabels([parsed('service="payment"'), parsed('env="dev"')], labels)).toBe(false);
    expect(matchesLabels([], labels)).toBe(true);
  });

  it('anchors regexes at both ends, like Prometheus', () => {
    expect(matchesLabels([parsed('severity=~"critical|page"')], labels)).toBe(true);
    expect(matchesLabels([parsed('severity=~"crit"')], labels)).toBe(false);
    expect(matchesLabels([parsed('severity=~"crit.*"')], labels)).toBe(true);
    expect(matchesLabels([parsed('service!~"pay"')], labels)).toBe(true);
    expect(matchesLabels([parsed('service!~"pay.*"')], labels)).toBe(false);
  });

  it('reads a missing label as the empty string', () => {
    expect(matchesLabels([parsed('team=""')], labels)).toBe(true);
    expect(matchesLabels([parsed('team!=""')], labels)).toBe(false);
    expect(matchesLabels([parsed('team=~".*"')], labels)).toBe(true);
    expect(matchesLabels([parsed('team=~".+"')], labels)).toBe(false);
    expect(matchesLabels([parsed('env!=""')], labels)).toBe(true);
  });

  it('ignores case after a leading (?i)', () => {
    expect(matchesLabels([parsed('severity=~"(?i)CRITICAL"')], labels)).toBe(true);
    expect(matchesLabels([parsed('severity=~"CRITICAL"')], labels)).toBe(false);
  });

  it('does not read inherited properties as labels', () => {
    expect(matchesLabels([parsed('toString=""')], {})).toBe(true);
  });
});
