import { useId } from 'react';
import type { Schemas } from '../api.ts';
import { dateTime, duration } from '../format.ts';
import { useLive } from '../live.ts';
import { stepState, stepTone } from '../rollout-steps.ts';
import { href, Link } from '../router.tsx';
import { useSession } from '../session.tsx';
import { must, useApi } from '../use-api.ts';
import { ErrorNotice, Loading } from './notice.tsx';
import { Status } from './status.tsx';

type Rollout = Schemas['Rollout'];

/**
 * The rollout plans driving a deploy, each as its steps in order (weight, bake, where it stands), the
 * current step marked; read again when one of the deploy's events arrives.
 */
export function DeployRollouts({ deployId, service }: { deployId: number; service: string }) {
  const { api } = useSession();
  // The list filters by service, not deploy: the service's newest 100 are read and this deploy's kept.
  const rollouts = useApi(async () => {
    const { rollouts: all } = must(await api.GET('/api/v1/rollouts', { params: { query: { service } } }));
    return all.filter((rollout) => rollout.deployId === deployId);
  }, [api, deployId, service]);
  useLive(['deploy'], (event) => {
    const id = (event.data as { deployId?: number } | null)?.deployId;
    if (event.type === 'reset' || id === deployId) rollouts.reload();
  });
  if (!rollouts.data) {
    return rollouts.error ? <ErrorNotice message={rollouts.error} /> : <Loading what="rollouts" />;
  }
  if (rollouts.data.length === 0) return null;
  return (
    <>
      <h2>Rollout</h2>
      <ErrorNotice message={rollouts.error} />
      {rollouts.data.map((rollout) => (
        <RolloutProgress key={rollout.id} rollout={rollout} />
      ))}
    </>
  );
}

function RolloutProgress({ rollout }: { rollout: Rollout }) {
  const listId = useId();
  return (
    <section className="rollout" aria-labelledby={listId}>
      <h3 id={listId}>
        Rollout {rollout.id} of plan {rollout.plan} <Status value={rollout.status} />
      </h3>
      <p>
        {rollout.status === 'running'
          ? `Step ${rollout.step} of ${rollout.steps.length}: ${rollout.weight} % of traffic, ${phaseWords[rollout.phase]}.`
          : `Ended ${dateTime(rollout.finishedAt)} at step ${rollout.step} of ${rollout.steps.length}.`}
        {rollout.failure ? ` ${rollout.failure}` : ''}
        {rollout.inFlight
          ? ` Waiting for ${rollout.inFlight.action} (attempt ${rollout.inFlight.attempt}, sent ${dateTime(rollout.inFlight.sentAt)}).`
          : ''}
      </p>
      <ol className="rollout-steps">
        {rollout.steps.map((step) => {
          const state = stepState(rollout, step);
          const current = rollout.status === 'running' && step.step === rollout.step;
          return (
            <li key={step.step} aria-current={current ? 'step' : undefined}>
              <span className="rollout-weight">{step.weight} %</span>
              <span className={`badge badge-${stepTone(state)}`}>{state}</span>{' '}
              <span>bake {duration(step.bakeSeconds)}</span>
              {step.analysisId !== null ? (
                <>
                  {' · '}
                  <Link href={href('analyses', step.analysisId)}>analysis {step.analysisId}</Link>
                </>
              ) : null}
              {step.judgedAt ? <span className="muted"> · judged {dateTime(step.judgedAt)}</span> : null}
              {step.reason ? <span className="muted"> · {step.reason}</span> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

const phaseWords: Record<Rollout['phase'], string> = {
  act: 'setting the weight',
  bake: 'baking under analysis',
  promote: 'promoting',
  rollback: 'rolling back',
  done: 'done',
};
