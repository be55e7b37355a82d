import type { AppContext } from '../context/index.ts';
import { NinesError, type Problem } from '../core/errors.ts';
import { analysisRow, insertSamples } from './store.ts';

export interface PushedSample {
  metric: string;
  variant: 'control' | 'experiment';
  atMs: number;
  value: number;
}

/**
 * Stores samples pushed for a running pushed analysis, durably before it answers. Samples of another
 * analysis kind, or of one that ended, are a conflict; unknown metrics or times outside the bake are refused.
 */
export async function pushSamples(o: {
  ctx: Pick<AppContext, 'db'>;
  id: number;
  samples: readonly PushedSample[];
}): Promise<{ accepted: number }> {
  return o.ctx.db.transaction(async (tx) => {
    const row = await analysisRow(tx, o.id, true);
    if (!row) throw new NinesError('not_found', `no canary analysis ${o.id}`);
    if (row.spec.source.kind !== 'pushed') {
      throw new NinesError(
        'conflict',
        `canary analysis ${o.id} reads Prometheus; it takes no pushed samples`,
      );
    }
    if (row.status !== 'running') {
      throw new NinesError('conflict', `canary analysis ${o.id} already ended: ${row.status}`);
    }
    const known = new Set(row.spec.metrics.map((m) => m.name));
    if (row.spec.sloAware?.metric) known.add(row.spec.sloAware.metric);
    const problems: Problem[] = [];
    let refused = 0;
    o.samples.forEach((sample, i) => {
      const before = problems.length;
      if (!known.has(sample.metric)) {
        problems.push({
          path: `samples.${i}.metric`,
          message: `not a metric of this analysis (${[...known].join(', ')})`,
        });
      }
      if (sample.atMs < row.started_ms || sample.atMs > row.ends_ms) {
        problems.push({
          path: `samples.${i}.at`,
          message: 'must be within the analysis (startedAt to endsAt)',
        });
      }
      if (problems.length > before) refused += 1;
    });
    if (problems.length > 0) {
      throw new NinesError(
        'invalid_input',
        `${refused} of ${o.samples.length} samples ${refused === 1 ? 'is' : 'are'} not valid; none was stored`,
        problems.slice(0, 100),
      );
    }
    await insertSamples(tx, o.id, o.samples);
    return { accepted: o.samples.length };
  });
}
