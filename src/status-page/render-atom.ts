import { isoTime } from '../core/time-format.ts';
import { escapeMarkup as esc } from './escape.ts';
import type { FeedEntry } from './feed-entries.ts';

/** The authority of `tag:` ids: the public host, so two installations never share ids. */
function tagAuthority(baseUrl: string): string {
  try {
    return new URL(baseUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** A `tag:` URI (RFC 4151) fixed by the entry's key and creation date, so readers never see it twice. */
export function entryId(baseUrl: string, entry: Pick<FeedEntry, 'key' | 'createdMs'>): string {
  return `tag:${tagAuthority(baseUrl)},${isoTime(entry.createdMs).slice(0, 10)}:${entry.key}`;
}

/**
 * Atom 1.0 (RFC 4287) of the status page's updates and maintenances. The feed's `updated` is the newest
 * entry's (or `fallbackUpdatedMs` without entries) so an unchanged feed renders byte for byte the same.
 */
export function renderAtom(input: {
  title: string;
  baseUrl: string;
  entries: readonly FeedEntry[];
  fallbackUpdatedMs: number;
}): string {
  const base = input.baseUrl.replace(/\/+$/, '');
  const updatedMs = input.entries.reduce(
    (max, entry) => Math.max(max, entry.updatedMs),
    Number.NEGATIVE_INFINITY,
  );
  const entries = input.entries.map(
    (entry) =>
      `<entry><id>${esc(entryId(base, entry))}</id><title type="text">${esc(entry.title)}</title>` +
      `<updated>${isoTime(entry.updatedMs)}</updated><published>${isoTime(entry.createdMs)}</published>` +
      `<link rel="alternate" type="text/html" href="${esc(`${base}/status#${entry.anchor}`)}"/>` +
      `<content type="text">${esc(entry.content)}</content></entry>`,
  );
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${esc(`tag:${tagAuthority(base)},2026:status`)}</id>`,
    `<title type="text">${esc(input.title)}</title>`,
    `<updated>${isoTime(Number.isFinite(updatedMs) ? updatedMs : input.fallbackUpdatedMs)}</updated>`,
    `<author><name>${esc(input.title)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${esc(`${base}/status/feed.atom`)}"/>`,
    `<link rel="alternate" type="text/html" href="${esc(`${base}/status`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
