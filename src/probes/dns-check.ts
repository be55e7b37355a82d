import { Resolver } from 'node:dns/promises';
import { NinesError } from '../core/errors.ts';
import type { DnsCheck } from '../specs/index.ts';
import type { CheckContext, CheckOutcome } from './check-handler.ts';
import { findDnsFailure } from './dns-expectations.ts';

type Resolve = (resolver: Resolver, name: string) => Promise<string[]>;

/** Every record type as plain text answers, the form `expect` is written in. */
const resolveAnswers: Record<DnsCheck['recordType'], Resolve> = {
  A: (resolver, name) => resolver.resolve4(name),
  AAAA: (resolver, name) => resolver.resolve6(name),
  CNAME: (resolver, name) => resolver.resolveCname(name),
  NS: (resolver, name) => resolver.resolveNs(name),
  TXT: async (resolver, name) => (await resolver.resolveTxt(name)).map((chunks) => chunks.join('')),
  MX: async (resolver, name) => (await resolver.resolveMx(name)).map((record) => record.exchange),
  SRV: async (resolver, name) =>
    (await resolver.resolveSrv(name)).map((record) => `${record.name}:${record.port}`),
};

/** Passes when the name has at least one answer of the type and, if `expect` is set, one of them matches. */
export async function runDnsCheck(check: DnsCheck, context: CheckContext): Promise<CheckOutcome> {
  const resolver = createResolver(check, context.timeoutMs);
  const cancel = () => resolver.cancel();
  context.signal.addEventListener('abort', cancel, { once: true });
  try {
    const answers = await resolveAnswers[check.recordType](resolver, check.name);
    const error = findDnsFailure(check, answers);
    return error === undefined ? { ok: true } : { ok: false, error };
  } catch (error) {
    if (!isDnsError(error)) throw error;
    return { ok: false, error: describeDnsError(check, error.code, context.timeoutMs) };
  } finally {
    context.signal.removeEventListener('abort', cancel);
  }
}

function createResolver(check: DnsCheck, timeoutMs: number): Resolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (check.server === undefined) return resolver;
  try {
    resolver.setServers([check.server]);
  } catch {
    throw new NinesError('invalid_config', `DNS server ${JSON.stringify(check.server)} is not host:port`);
  }
  return resolver;
}

function describeDnsError(check: DnsCheck, code: string, timeoutMs: number): string {
  switch (code) {
    case 'ENOTFOUND':
      return `${check.name} does not exist (NXDOMAIN)`;
    case 'ENODATA':
      return findDnsFailure(check, []) ?? code;
    case 'ETIMEOUT':
      return `timed out after ${timeoutMs} ms`;
    default:
      return `${check.recordType} ${check.name}: ${code}`;
  }
}

/** Resolver failures carry a c-ares code and a `query*` syscall; anything else is a bug worth throwing. */
function isDnsError(error: unknown): error is Error & { code: string } {
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  return (
    error instanceof Error &&
    typeof code === 'string' &&
    typeof syscall === 'string' &&
    syscall.startsWith('query')
  );
}
