import { formatDuration } from '../../core/duration.ts';

// Sloth queries are Go templates; `{{ .window }}` with spaces is the same placeholder there.
const windowPlaceholder = /\{\{\s*\.window\s*\}\}/g;

/** Replaces `{{.window}}` in a Sloth-style query with `windowMs` as a Prometheus duration (`5m`, `1d`). */
export function fillWindow(query: string, windowMs: number): string {
  return query.replace(windowPlaceholder, formatDuration(windowMs));
}
