import { useLive } from '../live.ts';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';
import { AnalysisPanel } from './analysis-panel.tsx';
import { ErrorNotice, Loading } from './notice.tsx';

/**
 * The canary analyses of a deploy, newest first, each with its score chart and last judgement; read
 * again when one of the deploy's events arrives (an interval judged is one).
 */
export function DeployAnalyses({ deployId }: { deployId: number }) {
  const { api } = useSession();
  const analyses = useApi(
    async () =>
      must(await api.GET('/api/v1/canary/analyses', { params: { query: { deploy: String(deployId) } } }))
        .data,
    [api, deployId],
  );
  useLive(['deploy'], (event) => {
    const id = (event.data as { deployId?: number } | null)?.deployId;
    if (event.type === 'reset' || id === deployId) analyses.reload();
  });
  if (!analyses.data) {
    return analyses.error ? <ErrorNotice message={analyses.error} /> : <Loading what="canary analyses" />;
  }
  return (
    <>
      <h2>Canary analyses</h2>
      <ErrorNotice message={analyses.error} />
      {analyses.data.length === 0 ? (
        <p className="muted">No canary analysis judges this deploy.</p>
      ) : (
        analyses.data.map((analysis) => (
          <AnalysisPanel key={analysis.id} analysis={analysis} headingLevel={3} linked />
        ))
      )}
    </>
  );
}
