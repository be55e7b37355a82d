import { type FormEvent, useId, useState } from 'react';
import type { Schemas } from '../api.ts';
import type { ViewProps } from '../app.tsx';
import { ActionResult } from '../components/action-result.tsx';
import { ConfirmButton } from '../components/confirm-button.tsx';
import { ErrorNotice, Facts, Loading, View } from '../components/notice.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { PersonSelect, usePersons } from '../components/person-select.tsx';
import { dateTime } from '../format.ts';
import { fromLocalInput } from '../local-time.ts';
import { useTitle } from '../router.tsx';
import { useSession } from '../session.tsx';
import { useAction } from '../use-action.ts';
import { must, useApi } from '../use-api.ts';

type Token = Schemas['ApiToken'];
type Scope = Token['scopes'][number];
const allScopes: Scope[] = ['read', 'write', 'admin'];

export default function SettingsView(_props: ViewProps) {
  useTitle('Settings');
  const { me, isAdmin } = useSession();
  const theme = document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light';
  return (
    <View title="Settings">
      <h2>You</h2>
      <Facts
        items={[
          ['Actions are recorded as', me.actor],
          ['Person', me.person ?? 'none (the token acts under its own name)'],
          ['Token', me.name],
          ['Scopes', me.scopes.join(', ')],
          ['Theme', `${theme} (switch it with the theme button at the top)`],
        ]}
      />
      <h2>API tokens</h2>
      {isAdmin ? (
        <Tokens />
      ) : (
        <p className="notice" role="note">
          Managing API tokens needs an admin token; yours has {me.scopes.join(', ')}. Create one with{' '}
          <code>nines token create --scopes admin</code>.
        </p>
      )}
    </View>
  );
}

function tokenState(token: Token): string {
  if (token.revokedAt) return `revoked ${dateTime(token.revokedAt)}`;
  return token.active ? 'active' : 'expired';
}

function Tokens() {
  const { api, me } = useSession();
  const action = useAction();
  const { data, error, loading, reload } = useApi(
    async () => must(await api.GET('/api/v1/tokens')).tokens,
    [api],
  );
  const revoke = (token: Token) =>
    void action
      .run(async () => {
        const answer = must(await api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: token.id } } }));
        return `Revoked "${answer.name}" at ${dateTime(answer.revokedAt)}: it is refused from now on.`;
      })
      .then((ok) => ok && reload());
  return (
    <>
      <CreateToken onCreated={reload} />
      <ErrorNotice message={error} />
      <ActionResult action={action} />
      {loading && !data ? (
        <Loading what="tokens" />
      ) : (
        <PagedTable
          caption="API tokens"
          rows={data ?? []}
          rowKey={(token) => token.id}
          filterText={(token) => `${token.name} ${token.person ?? ''} ${token.scopes.join(' ')}`}
          empty="No tokens."
          columns={[
            { header: 'Name', cell: (t) => (t.id === me.id ? `${t.name} (this session)` : t.name) },
            { header: 'Person', cell: (t) => t.person ?? '—' },
            { header: 'Scopes', cell: (t) => t.scopes.join(', ') },
            { header: 'Created', cell: (t) => dateTime(t.createdAt) },
            { header: 'Expires', cell: (t) => (t.expiresAt ? dateTime(t.expiresAt) : 'never') },
            { header: 'State', cell: tokenState },
            {
              header: 'Action',
              cell: (t) =>
                t.active && !t.revokedAt ? (
                  <ConfirmButton
                    label="Revoke"
                    confirmLabel="Confirm revoke"
                    busy={action.busy}
                    onConfirm={() => revoke(t)}
                  />
                ) : (
                  '—'
                ),
            },
          ]}
        />
      )}
    </>
  );
}

/** Name, scopes, optional person and expiry; the secret is shown once, read-only, with a copy button. */
function CreateToken({ onCreated }: { onCreated: () => void }) {
  const { api } = useSession();
  const action = useAction();
  const { persons } = usePersons();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['read']);
  const [person, setPerson] = useState('');
  const [expires, setExpires] = useState('');
  const [secret, setSecret] = useState<string | null>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const ids = { name: useId(), expires: useId(), secret: useId(), scope: useId() };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSecret(null);
    setCopied(null);
    void action
      .run(async () => {
        const expiresAt = expires ? fromLocalInput(expires) : null;
        if (expires && !expiresAt) throw new Error('The expiry is not a date and time.');
        const created = must(
          await api.POST('/api/v1/tokens', {
            body: {
              name: name.trim(),
              scopes,
              ...(person ? { person } : {}),
              ...(expiresAt ? { expiresAt } : {}),
            },
          }),
        );
        setSecret(created.token);
        setName('');
        return `Created "${created.name}" (${created.scopes.join(', ')}${created.person ? `, acts as ${created.person}` : ''}). Copy the secret now: it is not shown again.`;
      })
      .then((ok) => ok && onCreated());
  };
  const copy = async () => {
    if (!secret) return;
    try {
      await navigator.clipboard.writeText(secret);
      setCopied('Copied to the clipboard.');
    } catch {
      setCopied('The browser refused the clipboard: select the field and copy it.');
    }
  };
  return (
    <form className="panel" onSubmit={submit} aria-label="Create an API token">
      <div className="form-row">
        <div className="grow">
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} value={name} required onChange={(e) => setName(e.target.value)} />
        </div>
        <fieldset className="scopes">
          <legend>Scopes</legend>
          {allScopes.map((scope) => (
            <span key={scope} className="check">
              <input
                id={`${ids.scope}-${scope}`}
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(e) =>
                  setScopes((list) => (e.target.checked ? [...list, scope] : list.filter((s) => s !== scope)))
                }
              />
              <label htmlFor={`${ids.scope}-${scope}`}>{scope}</label>
            </span>
          ))}
        </fieldset>
        <PersonSelect
          value={person}
          onChange={setPerson}
          persons={persons}
          none="No one (acts under its name)"
        />
        <div>
          <label htmlFor={ids.expires}>Expires (optional)</label>
          <input
            id={ids.expires}
            type="datetime-local"
            value={expires}
            onChange={(e) => setExpires(e.target.value)}
          />
        </div>
        <button
          type="submit"
          className="primary"
          disabled={action.busy || name.trim() === '' || scopes.length === 0}
        >
          Create token
        </button>
      </div>
      <ActionResult action={action} />
      {secret ? (
        <div className="form-row">
          <div className="grow">
            <label htmlFor={ids.secret}>New token</label>
            <input
              id={ids.secret}
              readOnly
              value={secret}
              onFocus={(e) => e.target.select()}
              className="secret"
            />
          </div>
          <button type="button" onClick={() => void copy()}>
            Copy
          </button>
          {copied ? (
            <span role="status" className="muted">
              {copied}
            </span>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}
