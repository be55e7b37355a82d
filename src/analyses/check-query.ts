import type { Problem } from '../core/errors.ts';
import { hasVariantPlaceholder, renderVariantQuery } from './templating.ts';
import type { AnalysisSpec } from './types.ts';

/** A canary query must tell the variants apart and render safely for both (problems at `path`). */
export function checkQuery(
  query: string,
  scope: AnalysisSpec['scope'],
  path: string,
  problems: Problem[],
): void {
  if (!hasVariantPlaceholder(query)) {
    problems.push({ path, message: 'must tell the variants apart with {{variant}} or {{scope}}' });
    return;
  }
  for (const value of [scope.control, scope.experiment]) {
    const rendered = renderVariantQuery(query, { label: scope.label, value });
    if (!rendered.ok) {
      problems.push({ path, message: rendered.reason });
      return;
    }
  }
}
