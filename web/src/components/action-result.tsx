import type { Action } from '../use-action.ts';
import { ErrorNotice } from './notice.tsx';

/** The answer to an action: the server's new state in words, or its refusal. Never silent. */
export function ActionResult({ action }: { action: Action }) {
  if (action.error) return <ErrorNotice message={action.error} />;
  if (!action.done) return null;
  return (
    <p className="notice" role="status">
      {action.done}
    </p>
  );
}

/** Why the write buttons nearby are disabled, in words (not only a greyed-out button). */
export function NeedsWrite({ canWrite, what = 'act here' }: { canWrite: boolean; what?: string }) {
  if (canWrite) return null;
  return (
    <p className="notice" role="note">
      Your token can only read: to {what}, sign in with a token that has the write scope.
    </p>
  );
}
