import { useId, useMemo } from 'react';
import {
  type AnalysisFigures,
  canaryTone,
  intervalText,
  type MetricFigures,
  pValueText,
  scoreSeries,
  scoreSummary,
} from '../analysis-text.ts';
import { dateTime, duration, num } from '../format.ts';
import { href, Link } from '../router.tsx';
import { Chart, type ChartLine, type ChartSeries } from './chart.tsx';
import { Facts } from './notice.tsx';
import { type Column, PagedTable } from './paged-table.tsx';

/** The fields of a canary analysis the panel shows beyond its figures. */
export interface AnalysisShown extends AnalysisFigures {
  service: string;
  deployId: number | null;
  startedAt: string;
  endsAt: string;
  finishedAt: string | null;
  createdBy: string;
  /** When the next interval is judged; null once it ended. */
  nextIntervalAt?: string | null;
  /** The last read that failed (its metrics were judged NoData). */
  lastError?: string | null;
  spec: AnalysisFigures['spec'] & {
    scope: { label: string | null; control: string; experiment: string };
    intervalMs: number;
    bakeMs: number;
    confidence: number;
  };
}

/** A canary word as a badge: the word carries the meaning, the tone repeats it. */
export function CanaryBadge({ word }: { word: string }) {
  return <span className={`badge badge-${canaryTone(word)}`}>{word.replaceAll('_', ' ')}</span>;
}

const series: ChartSeries[] = [{ label: 'Score', color: 'var(--series-1)', format: (v) => num(v) }];

const metricColumns: Array<Column<MetricFigures>> = [
  { header: 'Metric', cell: (m) => m.name },
  { header: 'Classification', cell: (m) => <CanaryBadge word={m.classification} /> },
  { header: 'Estimate', cell: (m) => num(m.estimate, 4), numeric: true },
  { header: 'Interval', cell: (m) => intervalText(m.lower, m.upper), numeric: true },
  { header: 'p-value', cell: (m) => pValueText(m.pValue), numeric: true },
  { header: 'Mean ratio', cell: (m) => num(m.meanRatio, 3), numeric: true },
  { header: 'Critical', cell: (m) => (m.critical ? 'yes' : 'no') },
];

/**
 * One canary analysis: its state, the score of every interval against the pass and marginal thresholds
 * (a chart with its text alternative), and the last interval's judgement metric by metric.
 */
export function AnalysisPanel({
  analysis,
  headingLevel = 2,
  linked = false,
}: {
  analysis: AnalysisShown;
  headingLevel?: 2 | 3;
  /** Links the heading to the analysis' own page (from a deploy's page). */
  linked?: boolean;
}) {
  const headingId = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const { pass, marginal } = analysis.spec.thresholds;
  const { startedAt, endsAt } = analysis;
  const data = useMemo(
    () => scoreSeries(analysis.intervals, { startedAt, endsAt }),
    [analysis.intervals, startedAt, endsAt],
  );
  const lines = useMemo<ChartLine[]>(
    () => [
      { value: pass, label: `Pass threshold (${num(pass)})`, color: 'var(--good)' },
      { value: marginal, label: `Marginal threshold (${num(marginal)})`, color: 'var(--warn)' },
    ],
    [pass, marginal],
  );
  const last = [...analysis.intervals].sort((a, b) => a.index - b.index).at(-1);
  const { scope } = analysis.spec;
  return (
    <section className="analysis" aria-labelledby={headingId}>
      <Heading id={headingId}>
        {linked ? (
          <Link href={href('analyses', analysis.id)}>Canary analysis {analysis.id}</Link>
        ) : (
          `Canary analysis ${analysis.id}`
        )}{' '}
        <CanaryBadge word={analysis.status} />
      </Heading>
      <Facts
        items={[
          ['Score', analysis.score === null ? '—' : num(analysis.score)],
          [
            'Service',
            <Link key="s" href={href('services', analysis.service)}>
              {analysis.service}
            </Link>,
          ],
          [
            'Deploy',
            analysis.deployId === null ? (
              'none'
            ) : (
              <Link key="d" href={href('deploys', analysis.deployId)}>
                Deploy {analysis.deployId}
              </Link>
            ),
          ],
          [
            'Compares',
            `${scope.experiment} (canary) against ${scope.control} (baseline)${scope.label ? `, by label ${scope.label}` : ''}`,
          ],
          [
            'Judged',
            `every ${duration(analysis.spec.intervalMs / 1000)} for ${duration(analysis.spec.bakeMs / 1000)}, at ${num(analysis.spec.confidence * 100)} % confidence`,
          ],
          ['Started', `${dateTime(analysis.startedAt)} by ${analysis.createdBy}`],
          [analysis.finishedAt ? 'Finished' : 'Ends', dateTime(analysis.finishedAt ?? analysis.endsAt)],
          ...(analysis.nextIntervalAt
            ? [['Next interval judged', dateTime(analysis.nextIntervalAt)] as [string, string]]
            : []),
        ]}
      />
      {analysis.reason ? <p>{analysis.reason}</p> : null}
      {analysis.lastError ? (
        <p className="notice">The last read failed (its metrics count as no data): {analysis.lastError}</p>
      ) : null}
      <div className="charts">
        <Chart
          title={`Canary score by interval (analysis ${analysis.id})`}
          summary={<p>{scoreSummary(analysis)}</p>}
          data={data}
          series={series}
          lines={lines}
          yMin={0}
          yMax={100}
          height={200}
        />
      </div>
      {last ? (
        <>
          {last.slo ? (
            <p>
              SLO {last.slo.name}: the canary burns its budget at{' '}
              {last.slo.burnRate === null ? 'an unknown rate (no traffic)' : `${num(last.slo.burnRate)}×`}, at
              most {num(last.slo.maxBurnRate)}× allowed: {last.slo.ok ? 'within' : 'over'} the policy.
            </p>
          ) : null}
          <PagedTable
            caption={`Interval ${last.index} of analysis ${analysis.id}: ${last.verdict}, score ${num(last.score)}`}
            rows={last.metrics}
            columns={metricColumns}
            rowKey={(m) => m.name}
            empty="No metric was judged."
            pageSize={25}
          />
        </>
      ) : (
        <p className="muted">
          No interval judged yet: the first is judged {duration(analysis.spec.intervalMs / 1000)} after the
          start.
        </p>
      )}
    </section>
  );
}
