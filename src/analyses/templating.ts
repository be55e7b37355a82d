/**
 * PromQL templating of canary queries. Pure. A placeholder inside a PromQL string literal gets the value
 * escaped for that literal's quote; outside one it must be a plain name (or, for `{{scope}}`, it becomes a
 * whole `label="value"` matcher), so no value can change the query's structure.
 */

/** What a placeholder becomes: a value (escaped where it stands) or text we built (inserted as is). */
export type Fill = { value: string } | { raw: string };
export type Filled = { ok: true; text: string } | { ok: false; reason: string };

type Quote = '"' | "'" | '`' | null;

/** Escapes `value` for a PromQL string literal quoted with `quote` (Go-style escapes as PromQL reads them). */
export function escapePromString(value: string, quote: '"' | "'"): string {
  let out = '';
  for (const char of value) {
    if (char === '\\' || char === quote) out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else out += char;
  }
  return out;
}

/** A label matcher `label="value"`, escaped. */
export function matcher(label: string, value: string): string {
  return `${label}="${escapePromString(value, '"')}"`;
}

const bareName = /^[A-Za-z0-9_:]+$/;

function placeValue(value: string, quote: Quote, name: string): Filled {
  if (quote === '"' || quote === "'") return { ok: true, text: escapePromString(value, quote) };
  if (quote === '`') {
    return value.includes('`')
      ? { ok: false, reason: `the value of ${name} holds a backtick, which a raw string cannot carry` }
      : { ok: true, text: value };
  }
  return bareName.test(value)
    ? { ok: true, text: value }
    : {
        ok: false,
        reason: `${name} stands outside a string, so its value must be letters, digits, _ or : (got ${JSON.stringify(value)}); quote it`,
      };
}

/** The quote of the PromQL string literal open at index `end` of `text`, or null outside one. */
export function quoteAt(text: string, end: number): Quote {
  let quote: Quote = null;
  for (let i = 0; i < end; i++) {
    const char = text[i];
    if (quote === null) {
      if (char === '"' || char === "'" || char === '`') quote = char;
      else if (char === '#') {
        // A PromQL comment runs to the end of the line.
        const newline = text.indexOf('\n', i);
        if (newline === -1 || newline >= end) return null;
        i = newline;
      }
    } else if (char === '\\' && quote !== '`') i++;
    else if (char === quote) quote = null;
  }
  return quote;
}

/**
 * Replaces every match of `placeholder` (global, group 1 the name) by `fill(name)`: a string is a refusal
 * (the reason), undefined leaves the placeholder as written.
 */
export function fillTemplate(
  template: string,
  placeholder: RegExp,
  fill: (name: string) => Fill | string | undefined,
): Filled {
  let out = '';
  let last = 0;
  for (const match of template.matchAll(placeholder)) {
    const at = match.index;
    const name = match[1] ?? '';
    const wanted = fill(name);
    if (wanted === undefined) continue;
    if (typeof wanted === 'string') return { ok: false, reason: wanted };
    const quote = quoteAt(template, at);
    let text: string;
    if ('raw' in wanted) {
      if (quote !== null) return { ok: false, reason: `${match[0]} must stand outside a string` };
      text = wanted.raw;
    } else {
      const placed = placeValue(wanted.value, quote, match[0]);
      if (!placed.ok) return placed;
      text = placed.text;
    }
    out += template.slice(last, at) + text;
    last = at + match[0].length;
  }
  return { ok: true, text: out + template.slice(last) };
}

const variantPlaceholders = /\{\{\s*(variant|scope)\s*\}\}/g;

/** Whether a query is templated by variant (`{{variant}}` or `{{scope}}`). */
export function hasVariantPlaceholder(query: string): boolean {
  return new RegExp(variantPlaceholders.source).test(query);
}

/** A canary query for one variant: `{{variant}}` → its scope value, `{{scope}}` → `label="value"`. */
export function renderVariantQuery(template: string, scope: { label: string | null; value: string }): Filled {
  return fillTemplate(template, variantPlaceholders, (name) => {
    if (name === 'variant') return { value: scope.value };
    if (scope.label === null) return '{{scope}} needs scope.label (the label that tells the variants apart)';
    return { raw: matcher(scope.label, scope.value) };
  });
}

/** An SLO query (`{{.window}}`) over a window of `windowText` (e.g. `300s`). */
export function withWindow(query: string, windowText: string): string {
  return query.replaceAll(/\{\{\s*\.window\s*\}\}/g, windowText);
}
