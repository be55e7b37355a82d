/** The values an action's placeholders take (`{{service}}`, `{{weight}}` …), as text. */
export type TemplateValues = Record<
  'service' | 'version' | 'environment' | 'weight' | 'step' | 'deployId' | 'rolloutId',
  string
>;

const placeholderPattern = /\{\{\s*([A-Za-z]+)\s*\}\}/g;

/** `text` with each known placeholder replaced by its value passed through `encode`; unknown ones stay. */
export function renderTemplate(
  text: string,
  values: TemplateValues,
  encode: (value: string) => string = (value) => value,
): string {
  return text.replace(placeholderPattern, (whole, name: string) =>
    Object.hasOwn(values, name) ? encode(values[name as keyof TemplateValues]) : whole,
  );
}

/** A value inside a JSON string or as a bare JSON number: escaped as JSON string content. */
export function jsonEscape(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** True when a body is JSON (so its placeholders are JSON-escaped). */
export function looksLikeJson(body: string): boolean {
  return /^\s*[[{]/.test(body);
}

/** A weight as people write it: 25, 2.5 (no trailing zeros, no exponent). */
export function formatWeight(weight: number): string {
  return String(Math.round(weight * 1e6) / 1e6);
}
