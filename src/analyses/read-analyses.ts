import type { Queryable } from '../storage/index.ts';
import { analysisRow, analysisRows } from './store.ts';
import type { AnalysisView } from './types.ts';
import { analysisView } from './view.ts';

export async function getAnalysis(db: Queryable, id: number): Promise<AnalysisView | undefined> {
  const row = await analysisRow(db, id);
  return row ? analysisView(row) : undefined;
}

/** Newest first; at most `limit` (default 100). */
export async function listAnalyses(
  db: Queryable,
  f: { service?: string; deployId?: number; limit?: number },
): Promise<AnalysisView[]> {
  const rows = await analysisRows(db, { ...f, limit: f.limit ?? 100 });
  return rows.map(analysisView);
}
