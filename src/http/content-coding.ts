/** Content codings a prepared body can be sent in, most preferred first when a client ranks them equally. */
export const preparedCodings = ['br', 'gzip', 'identity'] as const;
export type PreparedCoding = (typeof preparedCodings)[number];

/** The `q` of each coding named in `Accept-Encoding` (lower-cased), `*` included; q defaults to 1. */
export function parseAcceptEncoding(header: string): Map<string, number> {
  const ranks = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const coding = name.trim();
    if (!coding) continue;
    let q = 1;
    for (const param of params) {
      const [key, value] = param.trim().split('=');
      if (key?.trim() !== 'q') continue;
      const parsed = Number(value?.trim());
      // A malformed weight ranks the coding as not wanted rather than guessing.
      q = Number.isFinite(parsed) && parsed >= 0 && parsed <= 1 ? parsed : 0;
    }
    // Should a coding repeat, the highest weight wins.
    ranks.set(coding, Math.max(q, ranks.get(coding) ?? 0));
  }
  return ranks;
}

/**
 * RFC 9110 §12.5.3: the coding to send a body in. The client's highest `q` wins; ties go to the smaller
 * body (br, then gzip, then identity). No header gets identity: the RFC deems any coding acceptable then,
 * but a client that says nothing (curl, scripts) most likely cannot decode one. `*` stands for every coding
 * not named; identity is acceptable unless `identity;q=0` (or `*;q=0` without naming identity). When nothing
 * is acceptable the body goes out uncoded: the RFC lets a server answer without a coding rather than 406,
 * and every client can read that.
 */
export function negotiateCoding(header: string | undefined): PreparedCoding {
  if (header === undefined) return 'identity';
  // Browsers send a handful of distinct headers: remember the answers, boundedly.
  const known = decided.get(header);
  if (known !== undefined) return known;
  const coding = decide(header);
  if (decided.size >= MAX_DECIDED) decided.clear();
  decided.set(header, coding);
  return coding;
}

const MAX_DECIDED = 256;
const decided = new Map<string, PreparedCoding>();

function decide(header: string): PreparedCoding {
  const ranks = parseAcceptEncoding(header);
  const star = ranks.get('*');
  const weight = (coding: PreparedCoding): number => {
    const named = ranks.get(coding);
    if (named !== undefined) return named;
    if (star !== undefined) return star;
    // Not named and no `*`: a coding is refused; identity stays acceptable but only as the last resort,
    // which the fallback below gives it.
    return 0;
  };
  let best: PreparedCoding = 'identity';
  let bestQ = 0;
  for (const coding of preparedCodings) {
    const q = weight(coding);
    if (q > bestQ) {
      best = coding;
      bestQ = q;
    }
  }
  // Nothing acceptable, or only identity left: uncoded.
  return best;
}
