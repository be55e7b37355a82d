import { useEffect } from 'react';
import type { ViewProps } from '../app.tsx';
import { AnalysisPanel } from '../components/analysis-panel.tsx';
import { ErrorNotice, Loading, View } from '../components/notice.tsx';
import { useLive } from '../live.ts';
import { Link, useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';

/** While an analysis without a deploy runs (no deploy events tell of it), it is read again this often. */
const RUNNING_POLL_MS = 10_000;

/** One canary analysis, with or without a deploy: its score per interval and its last judgement. */
export default function AnalysisView({ params }: ViewProps) {
  const id = Number(params.id);
  useTitle(`Canary analysis ${params.id}`, 'Deploys');
  const { api } = useSession();
  const valid = Number.isInteger(id) && id > 0;
  const analysis = useApi(async () => {
    if (!valid) throw new Error(`"${params.id}" is not an analysis number.`);
    return must(await api.GET('/api/v1/canary/analyses/{id}', { params: { path: { id } } })).data;
  }, [api, id]);
  const a = analysis.data;
  // With a deploy, its events say when an interval was judged; without one, it is read while it runs.
  useLive(['deploy'], (event) => {
    const deployId = (event.data as { deployId?: number } | null)?.deployId;
    if (a?.deployId != null && (event.type === 'reset' || deployId === a.deployId)) analysis.reload();
  });
  const polling = a !== undefined && a.deployId === null && a.status === 'running';
  const { reload } = analysis;
  useEffect(() => {
    if (!polling) return undefined;
    const timer = setInterval(reload, RUNNING_POLL_MS);
    return () => clearInterval(timer);
  }, [polling, reload]);

  if (!a) {
    return (
      <View title={`Canary analysis ${params.id}`}>
        <ErrorNotice message={analysis.error} />
        {analysis.error ? (
          <p>
            <Link href="/deploys">All deploys</Link>
          </p>
        ) : (
          <Loading what="the analysis" />
        )}
      </View>
    );
  }
  return (
    <View title={`Canary analysis ${a.id}: ${a.service}`}>
      <ErrorNotice message={analysis.error} />
      <AnalysisPanel analysis={a} />
    </View>
  );
}
