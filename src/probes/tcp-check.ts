import { connect } from 'node:net';
import type { TcpCheck } from '../specs/index.ts';
import type { CheckContext, CheckOutcome } from './check-handler.ts';
import { describeError } from './describe-error.ts';

/** Passes when a TCP connection to host:port opens; the connection is closed straight away. */
export function runTcpCheck(check: TcpCheck, context: CheckContext): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: check.host, port: check.port, signal: context.signal });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ ok: true });
    });
    socket.on('error', (error) => {
      socket.destroy();
      resolve({ ok: false, error: describeError(error) });
    });
  });
}
