import protobuf from 'protobufjs/light.js';
import snappy from 'snappyjs';
import { NinesError } from '../../core/errors.ts';
import { scanWriteRequest } from './write-request-reader.ts';

/** Largest decompressed WriteRequest accepted: 32 MiB (Prometheus sends a few MiB at most per request). */
export const MAX_DECOMPRESSED_BYTES = 32 * 1024 * 1024;

export interface WriteSample {
  value: number;
  timestampMs: number;
}

export interface WriteSeries {
  labels: Record<string, string>;
  samples: WriteSample[];
}

// The remote-write 1.0 WriteRequest (prometheus/prompb types.proto) as protobufjs writes it: what
// Prometheus sends, for tests and benches. The receiver reads with the hand reader (write-request-reader.ts).
const root = protobuf.Root.fromJSON({
  nested: {
    WriteRequest: { fields: { timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 } } },
    TimeSeries: {
      fields: {
        labels: { rule: 'repeated', type: 'Label', id: 1 },
        samples: { rule: 'repeated', type: 'Sample', id: 2 },
      },
    },
    Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
    Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
  },
});
export const writeRequestType = root.lookupType('WriteRequest');

/** Snappy block decompression with the size limit checked before any allocation. */
export function decompressSnappy(body: Uint8Array, maxBytes = MAX_DECOMPRESSED_BYTES): Uint8Array {
  try {
    return snappy.uncompress(body, maxBytes);
  } catch (error) {
    const reason = (error as Error).message;
    if (/too big/.test(reason)) {
      throw new NinesError(
        'invalid_input',
        `the body decompresses to more than ${maxBytes / 1024 / 1024} MiB; lower queue_config.max_samples_per_send`,
      );
    }
    throw new NinesError('invalid_input', `the body is not snappy block-compressed: ${reason}`);
  }
}

/** Decodes every series of a snappy-compressed protobuf WriteRequest; a malformed body is `invalid_input`. */
export function decodeWriteRequest(body: Uint8Array, maxBytes = MAX_DECOMPRESSED_BYTES): WriteSeries[] {
  const request = scanWriteRequest(decompressSnappy(body, maxBytes));
  const series: WriteSeries[] = [];
  for (let index = 0; index < request.seriesCount; index++) {
    series.push({ labels: request.labels(index), samples: request.samples(index) });
  }
  return series;
}

/** Encodes series as a snappy-compressed WriteRequest, as Prometheus sends it (for tests and benches). */
export function encodeWriteRequest(series: WriteSeries[]): Uint8Array {
  const message = writeRequestType.fromObject({
    timeseries: series.map((one) => ({
      labels: Object.entries(one.labels).map(([name, value]) => ({ name, value })),
      samples: one.samples.map((sample) => ({ value: sample.value, timestamp: sample.timestampMs })),
    })),
  });
  return snappy.compress(writeRequestType.encode(message).finish());
}
