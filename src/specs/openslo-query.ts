import { windowPlaceholder } from './schema-slo.ts';

/**
 * OpenSLO ratio queries as Nines reads them: with `{{.window}}` where the range goes.
 *
 * Nines reads a query twice over: once per source step (`rate(x[1m])` each minute: that minute's
 * events per second) and, in exported rules, once per burn window (`rate(x[1h])`). OpenSLO queries are
 * written with one fixed range (`[5m]`) or none at all (`counter: true` on a cumulative counter), so
 * each is turned into a windowed query here, or refused with how to write it:
 *
 * - a query that already has `{{.window}}` is kept;
 * - every range selector becomes `[{{.window}}]` (a subquery keeps its resolution), and `increase(`
 *   becomes `rate(` — `increase(x[w])` is `rate(x[w]) * w`, so the ratio is unchanged and the values are
 *   per second, as every Nines query's are;
 * - a counter (`counter: true`) without a range, written as a selector or as `sum(selector)` /
 *   `sum by (...) (selector)`, becomes `sum(rate(selector[{{.window}}]))` (keeping the `by`): a cumulative
 *   total read as it is would make the SLO the lifetime ratio of the counters.
 */
export type WindowedQuery = { query: string } | { problem: string };

const example = 'sum(rate(http_requests_total[5m]))';
const selector = String.raw`[a-zA-Z_:][a-zA-Z0-9_:]*\s*(?:\{[^{}]*\})?`;
const bareSelector = new RegExp(String.raw`^\s*(${selector})\s*$`);
const summedSelector = new RegExp(
  String.raw`^\s*sum\s*((?:(?:by|without)\s*\([^()]*\))?)\s*\(\s*(${selector})\s*\)\s*((?:(?:by|without)\s*\([^()]*\))?)\s*$`,
  'd',
);
const rangeSelector = /\[\s*(?:\d+(?:ms|s|m|h|d|w|y))+\s*(:[^\]]*)?\]/g;
const hasRange = new RegExp(rangeSelector.source);
const increaseCall = /\bincrease(\s*\()/g;
const lastSamplesCall = /\b(irate|idelta)\s*\(/;

/** Turns an OpenSLO ratio query into one Nines can read over any window, or says how to write it. */
export function windowRatioQuery(query: string, counter: boolean): WindowedQuery {
  if (windowPlaceholder.test(query)) return { query };
  // Ranges and function names are looked for outside string literals only ({path=~"/a[0-9]"}).
  const masked = maskStrings(query);
  const lastSamples = lastSamplesCall.exec(masked);
  if (lastSamples) {
    return {
      problem: `${lastSamples[1]}() reads only the last two samples of a range, whatever the window: use rate(), e.g. ${example}`,
    };
  }
  if (hasRange.test(masked)) return { query: rewriteAt(query, masked) };
  if (!counter) {
    return {
      problem: `a query without a range selector cannot be read per step or per burn window: write the rate of a counter, e.g. ${example} (Nines replaces the range by each window), or set ratioMetric.counter: true if the query is a raw counter`,
    };
  }
  if (bareSelector.test(masked)) return { query: `sum(rate(${query.trim()}[{{.window}}]))` };
  const summed = summedSelector.exec(masked);
  const at = summed?.indices?.[2];
  if (summed && at) {
    const by = [summed[1], summed[3]].filter(Boolean).join(' ');
    return { query: `sum${by ? ` ${by} ` : ''}(rate(${query.slice(at[0], at[1])}[{{.window}}]))` };
  }
  return {
    problem: `counter: true needs a counter selector such as http_requests_total{code!~"5.."} (optionally in sum(...) or sum by (...) (...)), or a rate over a range such as ${example} whose range Nines replaces by each window`,
  };
}

/** Replaces ranges and increase( in `query` where they appear in `masked` (same length, strings blanked). */
function rewriteAt(query: string, masked: string): string {
  const edits: { start: number; end: number; text: string }[] = [];
  for (const match of masked.matchAll(rangeSelector)) {
    edits.push({
      start: match.index,
      end: match.index + match[0].length,
      text: `[{{.window}}${match[1] ?? ''}]`,
    });
  }
  for (const match of masked.matchAll(increaseCall)) {
    edits.push({ start: match.index, end: match.index + 'increase'.length, text: 'rate' });
  }
  edits.sort((a, b) => b.start - a.start);
  let result = query;
  for (const edit of edits) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** The query with the inside of every string literal replaced by spaces, so positions stay the same. */
function maskStrings(query: string): string {
  let masked = '';
  let quote: string | undefined;
  for (let index = 0; index < query.length; index++) {
    const char = query[index] as string;
    if (quote === undefined) {
      if (char === '"' || char === "'" || char === '`') quote = char;
      masked += char;
    } else if (char === '\\' && quote !== '`' && index + 1 < query.length) {
      masked += '  ';
      index++;
    } else if (char === quote) {
      quote = undefined;
      masked += char;
    } else {
      masked += ' ';
    }
  }
  return masked;
}
