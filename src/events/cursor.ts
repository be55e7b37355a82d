import { NinesError } from '../core/errors.ts';

/**
 * Where a client is in the live event stream: the last page, incident and deploy event it received (ids
 * in storage, the same on every node and restart) and the last SLO change of this process's boot.
 */
export interface EventCursor {
  pageEventId: number;
  incidentEventId: number;
  /** Null in an id sent before deploy events were streamed: that client starts deploys at now. */
  deployEventId: number | null;
  bootId: string;
  sloSeq: number;
}

const shape = /^p(\d{1,15})\.i(\d{1,15})(?:\.d(\d{1,15}))?\.s([0-9a-f]{1,32})-(\d{1,15})$/;

/** `p12.i3.d5.s1a2b3c4d-7`: what the stream sends as each event's `id`. */
export function formatCursor(cursor: EventCursor): string {
  const deploys = cursor.deployEventId === null ? '' : `.d${cursor.deployEventId}`;
  return `p${cursor.pageEventId}.i${cursor.incidentEventId}${deploys}.s${cursor.bootId}-${cursor.sloSeq}`;
}

/** Reads a `Last-Event-ID`; anything but an id the stream sent (now or before deploys) is the client's mistake. */
export function parseCursor(text: string, field = 'Last-Event-ID'): EventCursor {
  const match = shape.exec(text.trim());
  if (!match) {
    throw new NinesError('invalid_input', `${field} is not an id this stream sent`, [
      {
        path: field,
        message: 'expected p<pageEventId>.i<incidentEventId>.d<deployEventId>.s<bootId>-<sequence>',
      },
    ]);
  }
  const [, page, incident, deploy, bootId, seq] = match;
  return {
    pageEventId: Number(page),
    incidentEventId: Number(incident),
    deployEventId: deploy === undefined ? null : Number(deploy),
    bootId: bootId as string,
    sloSeq: Number(seq),
  };
}
