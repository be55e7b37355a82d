/**
 * The one PromQL shape a remote-write receiver can evaluate on its own:
 * `sum [by (labels)] (rate|increase(metric{matchers}[{{.window}}])) [by (labels)]`.
 * Anything else is refused with a reason, and its SLO stays polled.
 */

export type MatchOp = '=' | '!=' | '=~' | '!~';

export interface LabelMatcher {
  name: string;
  op: MatchOp;
  value: string;
  /** Anchored like PromQL (`^(?:value)$`) for the regex operators. */
  regex?: RegExp;
}

export interface CounterSelector {
  matchers: LabelMatcher[];
  /** Labels of `sum by (…)`; empty for a plain `sum(…)`. */
  by: string[];
}

export type ParsedSelector = { ok: true; selector: CounterSelector } | { ok: false; reason: string };

const identifier = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

class Cursor {
  constructor(
    readonly text: string,
    public at = 0,
  ) {}
  skipSpace(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at += 1;
  }
  peek(expected: string): boolean {
    this.skipSpace();
    return this.text.startsWith(expected, this.at);
  }
  eat(expected: string): boolean {
    if (!this.peek(expected)) return false;
    this.at += expected.length;
    return true;
  }
  expect(expected: string): void {
    if (!this.eat(expected)) throw new Error(`expected "${expected}" at offset ${this.at}`);
  }
  match(pattern: RegExp): string | undefined {
    this.skipSpace();
    const found = pattern.exec(this.text.slice(this.at));
    if (!found) return undefined;
    this.at += found[0].length;
    return found[0];
  }
  done(): boolean {
    this.skipSpace();
    return this.at >= this.text.length;
  }
}

/** Parses a query of the supported shape; `reason` says why any other query is not. */
export function parseCounterQuery(query: string): ParsedSelector {
  try {
    const cursor = new Cursor(query);
    if (cursor.match(/^sum\b/) === undefined) throw new Error('the query is not a sum(…)');
    let by = grouping(cursor);
    cursor.expect('(');
    const fn = cursor.match(/^(rate|increase)\b/);
    if (fn === undefined) throw new Error('the sum is not over rate(…) or increase(…)');
    cursor.expect('(');
    const matchers = selector(cursor);
    cursor.expect('[');
    cursor.expect('{{.window}}');
    cursor.expect(']');
    cursor.expect(')');
    cursor.expect(')');
    const after = grouping(cursor);
    if (after.length > 0) by = after;
    if (!cursor.done()) throw new Error(`unexpected text at offset ${cursor.at}`);
    return { ok: true, selector: { matchers, by } };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function grouping(cursor: Cursor): string[] {
  if (cursor.match(/^without\b/) !== undefined) throw new Error('sum without (…) is not supported');
  if (cursor.match(/^by\b/) === undefined) return [];
  cursor.expect('(');
  const labels: string[] = [];
  while (!cursor.eat(')')) {
    const label = cursor.match(identifier);
    if (label === undefined) throw new Error(`expected a label name at offset ${cursor.at}`);
    labels.push(label);
    if (!cursor.peek(')')) cursor.expect(',');
  }
  return labels;
}

function selector(cursor: Cursor): LabelMatcher[] {
  const matchers: LabelMatcher[] = [];
  const name = cursor.match(metricName);
  if (name !== undefined) matchers.push({ name: '__name__', op: '=', value: name });
  if (cursor.eat('{')) {
    while (!cursor.eat('}')) {
      matchers.push(matcher(cursor));
      if (!cursor.peek('}')) cursor.expect(',');
    }
  }
  if (!matchers.some((one) => one.name === '__name__' && one.op === '=')) {
    throw new Error('the selector names no metric');
  }
  return matchers;
}

function matcher(cursor: Cursor): LabelMatcher {
  const name = cursor.match(identifier);
  if (name === undefined) throw new Error(`expected a label name at offset ${cursor.at}`);
  const op = cursor.match(/^(=~|!~|!=|=)/) as MatchOp | undefined;
  if (op === undefined) throw new Error(`expected =, !=, =~ or !~ after ${name}`);
  const value = stringLiteral(cursor);
  if (op === '=' || op === '!=') return { name, op, value };
  try {
    return { name, op, value, regex: new RegExp(`^(?:${value})$`, 'u') };
  } catch {
    throw new Error(`the regular expression of ${name} is not one JavaScript reads: ${value}`);
  }
}

function stringLiteral(cursor: Cursor): string {
  cursor.skipSpace();
  const quote = cursor.text[cursor.at];
  if (quote === '`') {
    const end = cursor.text.indexOf('`', cursor.at + 1);
    if (end < 0) throw new Error('unterminated string');
    const value = cursor.text.slice(cursor.at + 1, end);
    cursor.at = end + 1;
    return value;
  }
  if (quote !== '"' && quote !== "'") throw new Error(`expected a quoted value at offset ${cursor.at}`);
  let value = '';
  for (let i = cursor.at + 1; i < cursor.text.length; i += 1) {
    const char = cursor.text[i] as string;
    if (char === quote) {
      cursor.at = i + 1;
      return value;
    }
    if (char === '\\') {
      i += 1;
      const next = cursor.text[i] ?? '';
      value += next === 'n' ? '\n' : next === 't' ? '\t' : next;
    } else {
      value += char;
    }
  }
  throw new Error('unterminated string');
}

/** True when a series with `labels` is selected (a missing label matches as the empty string). */
export function selects(selector: CounterSelector, labels: Record<string, string>): boolean {
  for (const matcher of selector.matchers) {
    const value = labels[matcher.name] ?? '';
    switch (matcher.op) {
      case '=':
        if (value !== matcher.value) return false;
        break;
      case '!=':
        if (value === matcher.value) return false;
        break;
      case '=~':
        if (!matcher.regex?.test(value)) return false;
        break;
      case '!~':
        if (matcher.regex?.test(value)) return false;
        break;
    }
  }
  return true;
}
