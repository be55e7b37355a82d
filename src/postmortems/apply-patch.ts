import { NinesError } from '../core/errors.ts';
import type { PostmortemDocument } from './document.ts';
import type { PostmortemRow } from './postmortem-row.ts';
import type { PostmortemPatch } from './schema.ts';
import { checkStatusChange } from './status-flow.ts';

/** The postmortem after a patch: sections replaced one by one, authors kept in the header. */
export function applyPatch(row: PostmortemRow, patch: PostmortemPatch): PostmortemRow {
  const to = patch.status ?? row.status;
  checkStatusChange({ id: row.id, from: row.status, to, reason: patch.reason });
  const editsContent =
    patch.title !== undefined || patch.authors !== undefined || patch.document !== undefined;
  // A final document changes only through review: reopen it (with a reason) in the same request.
  if (row.status === 'final' && to === 'final' && editsContent) {
    throw new NinesError('conflict', `postmortem ${row.id} is final: move it back to in_review to edit it`, [
      { path: 'status', message: 'set "in_review" with a "reason" to edit a final postmortem' },
    ]);
  }
  const { impact, ...sections } = patch.document ?? {};
  const document: PostmortemDocument = {
    ...row.document,
    ...sections,
    header: { ...row.document.header, ...(patch.authors ? { authors: patch.authors } : {}) },
    impact: { ...row.document.impact, ...impact },
  };
  return {
    ...row,
    status: to,
    title: patch.title ?? row.title,
    tags: patch.tags ?? row.tags,
    failure_modes: patch.failureModes ?? row.failure_modes,
    document,
  };
}

/** Names of the fields a patch touches, for the audit log. */
export function patchedFields(patch: PostmortemPatch): string[] {
  const top = Object.keys(patch).filter((key) => !['version', 'document', 'reason'].includes(key));
  return [...top, ...Object.keys(patch.document ?? {}).map((key) => `document.${key}`)];
}
