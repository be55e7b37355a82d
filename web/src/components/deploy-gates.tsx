import { percent } from '../format.ts';
import { href, Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';
import { useLiveReload } from '../use-live-reload.ts';
import { Panel } from './panel.tsx';
import { Status } from './status.tsx';

/**
 * The gate strip: services whose deploy gate holds (`block`) or warns on a feature change now, each with
 * its reasons' sources; what a release manager checks before a release train leaves.
 */
export function DeployGates() {
  const { api } = useSession();
  const gates = useApi(
    async () => must(await api.GET('/api/v1/deploy-gates', { params: { query: { change: 'feature' } } })),
    [api],
  );
  // Budgets, incidents and deploys move the gate: re-ask at most every 10 s while they change.
  useLiveReload(['slo', 'incident'], gates.reload, 10_000);
  const held = (gates.data?.data ?? []).filter((g) => g.decision !== 'allow');
  const judged = gates.data?.data.length ?? 0;
  return (
    <Panel
      title="Deploy gates for a feature change"
      loading={!gates.data && !gates.error}
      error={gates.error}
    >
      {held.length === 0 ? (
        <p className="muted">
          Every service may ship a feature change now ({judged} service{judged === 1 ? '' : 's'} checked).
        </p>
      ) : (
        <ul className="gate-strip">
          {held.map((gate) => (
            <li key={gate.service}>
              <Status value={gate.decision} />{' '}
              <Link href={href('services', gate.service)}>{gate.service}</Link>
              {gate.budgetRemaining === null ? '' : ` (${percent(gate.budgetRemaining)} of budget left)`}:{' '}
              {gate.reasons
                .filter((r) => r.decision !== 'allow')
                .map((r) => r.source)
                .join(', ')}
            </li>
          ))}
        </ul>
      )}
      {gates.data?.truncated ? (
        <p className="muted">Only the first {judged} services by name were checked.</p>
      ) : null}
    </Panel>
  );
}
