import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NinesError } from '../../core/errors.ts';
import { writeRequestType } from '../../testing/write-requests.ts';
import {
  MAX_SERIES_PER_REQUEST,
  nameKey,
  type ScannedWriteRequest,
  scanWriteRequest,
} from './write-request-reader.ts';

// The hand reader against protobufjs on generated WriteRequests: the same series, labels and samples, and
// the same bodies refused. The generator writes protobuf by hand so it can put what senders may send and
// protobufjs would never write: unknown fields of every wire type (groups too), fields out of order,
// absent fields, negative and 64-bit timestamps, NaN stale markers.

type Field = Uint8Array;

function varint(value: bigint): number[] {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    const low = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v > 0n ? low | 0x80 : low);
  } while (v > 0n);
  return out;
}

const tag = (field: number, wire: number) => varint(BigInt(field * 8 + wire));
const bytesField = (field: number, body: Uint8Array): Field =>
  Uint8Array.from([...tag(field, 2), ...varint(BigInt(body.length)), ...body]);
const utf8 = (text: string) => new TextEncoder().encode(text);
const concat = (parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

function doubleField(field: number, value: number): Field {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setFloat64(0, value, true);
  return Uint8Array.from([...tag(field, 1), ...bytes]);
}

/** An unknown field of any wire type, a group holding another unknown field. */
const unknownField = (fromField: number): fc.Arbitrary<Field> =>
  fc.oneof(
    fc
      .record({ field: fc.integer({ min: fromField, max: 60 }), value: fc.bigInt(0n, 2n ** 64n - 1n) })
      .map(({ field, value }) => Uint8Array.from([...tag(field, 0), ...varint(value)])),
    fc
      .record({ field: fc.integer({ min: fromField, max: 60 }), value: fc.double() })
      .map(({ field, value }) => doubleField(field, value)),
    fc
      .record({ field: fc.integer({ min: fromField, max: 60 }), body: fc.uint8Array({ maxLength: 12 }) })
      .map(({ field, body }) => bytesField(field, body)),
    fc
      .record({
        field: fc.integer({ min: fromField, max: 60 }),
        body: fc.uint8Array({ minLength: 4, maxLength: 4 }),
      })
      .map(({ field, body }) => Uint8Array.from([...tag(field, 5), ...body])),
    fc
      .record({ field: fc.integer({ min: fromField, max: 60 }), inner: fc.bigInt(0n, 300n) })
      .map(({ field, inner }) =>
        Uint8Array.from([...tag(field, 3), ...tag(1, 0), ...varint(inner), ...tag(field, 4)]),
      ),
  );

/** Fields in any order, unknown ones among them. */
const message = (fields: fc.Arbitrary<Field[]>, fromField: number) =>
  fc
    .tuple(fields, fc.array(unknownField(fromField), { maxLength: 2 }))
    .chain(([known, unknown]) =>
      fc.shuffledSubarray([...known, ...unknown], { minLength: known.length + unknown.length }),
    )
    .map(concat);

const text = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('__name__', 'up', 'job', ''),
);

const label = message(
  fc
    .tuple(fc.option(text), fc.option(text))
    .map(([name, value]) => [
      ...(name === null ? [] : [bytesField(1, utf8(name))]),
      ...(value === null ? [] : [bytesField(2, utf8(value))]),
    ]),
  3,
);

const timestamp = fc.oneof(
  fc.bigInt(1_600_000_000_000n, 1_900_000_000_000n),
  fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n),
  fc.constantFrom(0n, -1n, 2n ** 53n + 1n, -(2n ** 63n)),
);
const STALE_MARKER = new DataView(Uint8Array.from([2, 0, 0, 0, 0, 0, 0xf0, 0x7f]).buffer).getFloat64(0, true);

const sample = message(
  fc
    .tuple(fc.option(fc.oneof(fc.double(), fc.constant(STALE_MARKER))), fc.option(timestamp))
    .map(([value, time]) => [
      ...(value === null ? [] : [doubleField(1, value)]),
      ...(time === null ? [] : [Uint8Array.from([...tag(2, 0), ...varint(time)])]),
    ]),
  3,
);

const series = message(
  fc
    .tuple(fc.array(label, { maxLength: 5 }), fc.array(sample, { maxLength: 3 }))
    .map(([labels, samples]) => [
      ...labels.map((l) => bytesField(1, l)),
      ...samples.map((s) => bytesField(2, s)),
    ]),
  3,
);

const writeRequest = message(
  fc.array(series, { maxLength: 4 }).map((all) => all.map((s) => bytesField(1, s))),
  2,
);

/** What protobufjs reads, in the reader's shape. */
function protobufjsRead(bytes: Uint8Array) {
  const raw = writeRequestType.toObject(writeRequestType.decode(bytes), { longs: Number }) as {
    timeseries?: {
      labels?: { name?: string; value?: string }[];
      samples?: { value?: number; timestamp?: number }[];
    }[];
  };
  return (raw.timeseries ?? []).map((one) => {
    const labels: Record<string, string> = {};
    for (const l of one.labels ?? []) labels[l.name ?? ''] = l.value ?? '';
    const samples = (one.samples ?? []).map((s) => ({
      value: s.value ?? 0,
      timestampMs: Number(s.timestamp ?? 0),
    }));
    return { labels, samples };
  });
}

function handRead(request: ScannedWriteRequest) {
  return Array.from({ length: request.seriesCount }, (_, index) => ({
    labels: request.labels(index),
    samples: request.samples(index),
  }));
}

function outcome(read: () => unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: read() };
  } catch {
    return { ok: false };
  }
}

describe('scanWriteRequest', () => {
  it('refuses a request of more series than any sender sends, before it grows its tables for them', () => {
    // `0a 00`: an empty TimeSeries, 2 bytes. 1,000,000 of them are accepted, one more is refused.
    const series = (n: number) => new Uint8Array(2 * n).map((_, i) => (i % 2 === 0 ? 0x0a : 0));
    expect(scanWriteRequest(series(MAX_SERIES_PER_REQUEST)).seriesCount).toBe(1_000_000);
    expect(() => scanWriteRequest(series(MAX_SERIES_PER_REQUEST + 1))).toThrow(
      /more than 1,000,000 series; send fewer a request/,
    );
  });

  it('reads what protobufjs reads from any WriteRequest', () => {
    fc.assert(
      fc.property(writeRequest, (bytes) => {
        const scanned = scanWriteRequest(bytes);
        const expected = protobufjsRead(bytes);
        expect(handRead(scanned)).toEqual(expected);
        expect(scanned.sampleCount).toBe(expected.reduce((sum, one) => sum + one.samples.length, 0));
      }),
      { numRuns: 500 },
    );
  });

  it('names each series by its __name__ without decoding it', () => {
    fc.assert(
      fc.property(writeRequest, (bytes) => {
        const scanned = scanWriteRequest(bytes);
        for (const [index, one] of handRead(scanned).entries()) {
          expect(scanned.nameKey(index)).toBe(nameKey(one.labels.__name__ ?? ''));
          expect(scanned.hasSamples(index)).toBe(one.samples.length > 0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a cut body exactly when protobufjs does, with invalid_input', () => {
    fc.assert(
      fc.property(
        writeRequest.filter((bytes) => bytes.length > 1),
        fc.nat(),
        (bytes, at) => {
          const cut = bytes.subarray(0, at % bytes.length);
          const hand = outcome(() => handRead(scanWriteRequest(cut)));
          const reference = outcome(() => protobufjsRead(cut));
          expect(hand.ok).toBe(reference.ok);
          if (hand.ok && reference.ok) expect(hand.value).toEqual(reference.value);
          if (!hand.ok) {
            expect(() => handRead(scanWriteRequest(cut))).toThrow(NinesError);
            expect(() => handRead(scanWriteRequest(cut))).toThrow(
              /not a protobuf WriteRequest: .* at byte \d+/,
            );
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a 10-byte timestamp varint as the signed 64-bit value', () => {
    const minusOne = bytesField(2, Uint8Array.from([...tag(2, 0), ...varint(-1n)]));
    expect(varint(-1n)).toHaveLength(10);
    const scanned = scanWriteRequest(bytesField(1, minusOne));
    expect(scanned.samples(0)).toEqual([{ value: 0, timestampMs: -1 }]);
  });

  it('says what is wrong: a varint past 10 bytes, a wire type protobuf lacks, groups nested without end, a label that is not UTF-8', () => {
    const overlong = Uint8Array.from([0x10, ...new Array(10).fill(0xff), 0x01]);
    expect(() => scanWriteRequest(overlong)).toThrow(/varint is longer than 10 bytes/);
    expect(() => scanWriteRequest(Uint8Array.from([0x0f]))).toThrow(/wire type 7/);
    expect(() => scanWriteRequest(Uint8Array.from([0x08, 0x01]))).toThrow(
      /WriteRequest.timeseries has wire type 0/,
    );
    const nested = Uint8Array.from([...new Array(100_000).fill(0x1b)]); // field 3, start group, ×100,000
    expect(() => scanWriteRequest(nested)).toThrow(/groups nest deeper than 32/);
    const badName = bytesField(1, bytesField(1, bytesField(1, Uint8Array.from([0xc3, 0x28]))));
    const scanned = scanWriteRequest(badName);
    expect(() => scanned.labels(0)).toThrow(/not valid UTF-8/);
  });

  it('keys a series by its label bytes: equal for the same labels, none when they are scattered', () => {
    const labelA = bytesField(1, concat([bytesField(1, utf8('__name__')), bytesField(2, utf8('up'))]));
    const labelB = bytesField(1, concat([bytesField(1, utf8('job')), bytesField(2, utf8('api'))]));
    const one = bytesField(2, doubleField(1, 1));
    const two = bytesField(2, doubleField(1, 2));
    const request = concat([
      bytesField(1, concat([labelA, labelB, one])),
      bytesField(1, concat([labelA, labelB, two])),
      bytesField(1, concat([labelA, one, labelB])),
    ]);
    const scanned = scanWriteRequest(request);
    expect(scanned.labelsKey(0)).toBe(scanned.labelsKey(1));
    expect(scanned.labelsKey(2)).toBeUndefined();
    expect(scanned.labels(2)).toEqual({ __name__: 'up', job: 'api' });
    expect(scanned.nameKey(2)).toBe('up');
  });
});
