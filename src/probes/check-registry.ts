import type { ProbeCheck } from '../specs/index.ts';
import type { CheckContext, CheckHandler, CheckOutcome } from './check-handler.ts';
import { runDnsCheck } from './dns-check.ts';
import { runHttpCheck } from './http-check.ts';
import { runTcpCheck } from './tcp-check.ts';

/** Adding a check kind is a file and a line here. */
const checkHandlers: { [Kind in ProbeCheck['kind']]: CheckHandler<Kind> } = {
  http: runHttpCheck,
  tcp: runTcpCheck,
  dns: runDnsCheck,
};

/** Runs the handler registered for the check's kind. */
export function runCheck(check: ProbeCheck, context: CheckContext): Promise<CheckOutcome> {
  const handler = checkHandlers[check.kind] as CheckHandler<ProbeCheck['kind']>;
  return handler(check as never, context);
}
