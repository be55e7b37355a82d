import { type FormEvent, useId, useState } from 'react';
import { type Api, ApiError, type Schemas } from '../api.ts';
import { listToText, textToList, textToWhys, whysToText } from '../postmortem-text.ts';
import { useSession } from '../session.tsx';
import { useAction } from '../use-action.ts';
import { must } from '../use-api.ts';
import { ActionResult } from './action-result.tsx';

type Postmortem = Schemas['Postmortem'];

/** GET /api/v1/postmortems/{id} as JSON (the route can also answer Markdown, which the console never asks for). */
export async function getPostmortem(api: Api, id: number): Promise<Postmortem> {
  const answer = must(
    await api.GET('/api/v1/postmortems/{id}', { params: { path: { id }, query: { format: 'json' } } }),
  );
  if (typeof answer === 'string') throw new Error('The server answered Markdown instead of JSON.');
  return answer;
}

/** The editable sections: label, and whether it is a list (one item a line). */
const sections = {
  summary: 'Summary',
  usersAffected: 'Users affected',
  revenueImpact: 'Revenue impact',
  supportTickets: 'Support tickets',
  dataImpact: 'Data impact',
  whys: 'Five whys (one "why → because" a line)',
  rootCause: 'Root cause',
  contributingFactors: 'Contributing factors (one a line)',
  wentWell: 'What went well (one a line)',
  couldBeBetter: 'What could be better (one a line)',
  lessonsLearned: 'Lessons learned (one a line)',
} as const;
type Section = keyof typeof sections;

function textsOf(p: Postmortem): Record<Section, string> {
  const d = p.document;
  return {
    summary: d.summary,
    usersAffected: d.impact.usersAffected,
    revenueImpact: d.impact.revenueImpact,
    supportTickets: d.impact.supportTickets,
    dataImpact: d.impact.dataImpact,
    whys: whysToText(d.whys),
    rootCause: d.rootCause,
    contributingFactors: listToText(d.contributingFactors),
    wentWell: listToText(d.wentWell),
    couldBeBetter: listToText(d.couldBeBetter),
    lessonsLearned: listToText(d.lessonsLearned),
  };
}

/**
 * Edits the document against the version it was read at. A 409 (someone saved meanwhile) keeps the
 * user's text, says which version is current, and lets them save over it knowingly.
 */
export function PostmortemEditor({
  postmortem,
  onSaved,
  onCancel,
}: {
  postmortem: Postmortem;
  onSaved: (version: number) => void;
  onCancel: () => void;
}) {
  const { api } = useSession();
  const action = useAction();
  const [texts, setTexts] = useState(() => textsOf(postmortem));
  const [baseVersion, setBaseVersion] = useState(postmortem.version);
  const [conflict, setConflict] = useState<string | null>(null);
  const prefix = useId();
  const save = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const document = {
        summary: texts.summary,
        impact: {
          usersAffected: texts.usersAffected,
          revenueImpact: texts.revenueImpact,
          supportTickets: texts.supportTickets,
          dataImpact: texts.dataImpact,
        },
        whys: textToWhys(texts.whys),
        rootCause: texts.rootCause,
        contributingFactors: textToList(texts.contributingFactors),
        wentWell: textToList(texts.wentWell),
        couldBeBetter: textToList(texts.couldBeBetter),
        lessonsLearned: textToList(texts.lessonsLearned),
      };
      try {
        const answer = must(
          await api.PATCH('/api/v1/postmortems/{id}', {
            params: { path: { id: postmortem.id } },
            body: { version: baseVersion, document },
          }),
        );
        onSaved(answer.version);
        return `Saved (now v${answer.version}).`;
      } catch (failure) {
        if (failure instanceof ApiError && failure.status === 409) await explainConflict(failure);
        throw failure;
      }
    });
  };
  const explainConflict = async (failure: ApiError) => {
    try {
      const latest = await getPostmortem(api, postmortem.id);
      setBaseVersion(latest.version);
      setConflict(
        `Someone else saved version ${latest.version} (${latest.updatedBy}) while you were editing version ${baseVersion}. Your text is kept below: compare it with the saved postmortem in another tab, then press Save again to replace version ${latest.version} with it.`,
      );
    } catch {
      setConflict(`${failure.message} Your text is kept below.`);
    }
  };
  return (
    <form className="postmortem-editor" onSubmit={save} aria-label="Edit the postmortem">
      <p className="muted">Editing version {baseVersion}.</p>
      {conflict ? (
        <p className="notice notice-error" role="alert">
          {conflict}
        </p>
      ) : null}
      {(Object.keys(sections) as Section[]).map((section) => (
        <div key={section} className="field">
          <label htmlFor={`${prefix}-${section}`}>{sections[section]}</label>
          <textarea
            id={`${prefix}-${section}`}
            value={texts[section]}
            rows={section === 'summary' || section === 'rootCause' || section === 'whys' ? 5 : 3}
            onChange={(event) => setTexts((t) => ({ ...t, [section]: event.target.value }))}
          />
        </div>
      ))}
      <div className="form-row">
        <button type="submit" className="primary" disabled={action.busy}>
          Save
        </button>
        <button type="button" onClick={onCancel} disabled={action.busy}>
          Cancel
        </button>
      </div>
      {conflict ? null : <ActionResult action={action} />}
    </form>
  );
}
