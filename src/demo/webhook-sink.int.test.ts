import { afterEach, describe, expect, it } from 'vitest';
import { type SinkDelivery, startWebhookSink, type WebhookSink } from './webhook-sink.ts';

const sinks: WebhookSink[] = [];
afterEach(async () => {
  while (sinks.length) await sinks.pop()?.close();
});

async function sink(port = 0) {
  const received: SinkDelivery[] = [];
  const started = await startWebhookSink({ port, onDelivery: (delivery) => received.push(delivery) });
  sinks.push(started);
  return { ...started, received };
}

const post = (url: string, summary: string) =>
  fetch(url, { method: 'POST', body: JSON.stringify({ kind: 'page', summary }) });

describe('the demo notification sink', () => {
  it("shows only notifications addressed to this run's sink, not another program's on its port", async () => {
    const mine = await sink();
    expect(mine.port).toBeGreaterThan(0);
    expect(mine.baseUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${mine.port}/[0-9a-f]{32}$`));
    // Another program sends to the port without this run's secret: refused, never shown.
    const foreign = await post(`http://127.0.0.1:${mine.port}/person/charlie`, 'not ours');
    expect(foreign.status).toBe(404);
    const ours = await post(`${mine.baseUrl}/person/charlie`, 'payment down');
    expect(ours.status).toBe(204);
    expect(mine.received).toEqual([
      { path: '/person/charlie', idempotencyKey: undefined, body: { kind: 'page', summary: 'payment down' } },
    ]);
    expect(mine.refused()).toBe(1);
  });

  it('gives each run its own secret', async () => {
    const [a, b] = [await sink(), await sink()];
    expect(a.baseUrl.split('/').at(-1)).not.toBe(b.baseUrl.split('/').at(-1));
  });

  it('refuses a port another program holds, saying how to choose another', async () => {
    const taken = await sink();
    await expect(sink(taken.port)).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`cannot listen on 127.0.0.1:${taken.port}`),
    });
  });
});
