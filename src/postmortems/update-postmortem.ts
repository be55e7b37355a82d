import type { Clock } from '../core/clock.ts';
import { NinesError } from '../core/errors.ts';
import { appendAudit, type Db } from '../storage/index.ts';
import { applyPatch, patchedFields } from './apply-patch.ts';
import type { PostmortemRow } from './postmortem-row.ts';
import type { PostmortemPatch } from './schema.ts';
import { loadPostmortem } from './store.ts';

/**
 * Edits a postmortem: document sections, title, authors, tags, failure modes and status. `patch.version`
 * must be the current version (else `conflict` naming it), so two editors never overwrite each other.
 */
export async function updatePostmortem({
  ctx,
  id,
  patch,
  actor,
}: {
  ctx: { db: Db; clock: Clock };
  id: number;
  patch: PostmortemPatch;
  actor: string;
}): Promise<PostmortemRow> {
  return ctx.db.transaction(async (tx) => {
    const current = await loadPostmortem(tx, id, true);
    if (current.version !== patch.version) {
      throw new NinesError(
        'conflict',
        `postmortem ${id} is at version ${current.version}, not ${patch.version}: reload it and edit again`,
        [{ path: 'version', message: `current version is ${current.version}` }],
      );
    }
    const next = applyPatch(current, patch);
    const nowMs = ctx.clock.now();
    const [row] = await tx.query<PostmortemRow>(
      `UPDATE postmortems SET status = $2, title = $3, document = $4, tags = $5, failure_modes = $6,
         updated_ms = $7, updated_by = $8, version = version + 1
       WHERE id = $1 RETURNING *`,
      [
        id,
        next.status,
        next.title,
        JSON.stringify(next.document),
        JSON.stringify(next.tags),
        JSON.stringify(next.failure_modes),
        nowMs,
        actor,
      ],
    );
    await appendAudit(tx, {
      nowMs,
      actor,
      action: 'postmortem.update',
      target: `postmortem:${id}`,
      details: {
        version: row?.version,
        fields: patchedFields(patch),
        ...(next.status !== current.status ? { status: { from: current.status, to: next.status } } : {}),
        ...(patch.reason ? { reason: patch.reason } : {}),
      },
    });
    return row as PostmortemRow;
  });
}
