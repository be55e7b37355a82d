/** Text for numbers and instants, the same on every page. Pure: tested in format.test.ts. */

/** 0.99912 → "99.912 %" (ratio to percent, trailing zeros trimmed, at most `digits` decimals). */
export function percent(ratio: number | null | undefined, digits = 3): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${trim((ratio * 100).toFixed(digits))} %`;
}

/** A number with at most `digits` decimals, trailing zeros trimmed; "—" for none. */
export function num(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return trim(value.toFixed(digits));
}

function trim(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Seconds → "45 s", "12 min", "3 h 5 min", "2 d 4 h"; "—" for none. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d} d ${h % 24} h` : `${d} d`;
}

/** An instant as local date and time ("2026-12-06 09:41"); "—" for none. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** How long ago `iso` was, relative to `nowMs` ("5 min ago", "in 2 h"). */
export function ago(iso: string | null | undefined, nowMs = Date.now()): string {
  if (!iso) return '—';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const seconds = (nowMs - t) / 1000;
  if (Math.abs(seconds) < 30) return 'just now';
  return seconds > 0 ? `${duration(seconds)} ago` : `in ${duration(-seconds)}`;
}
