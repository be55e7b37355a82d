import protobuf from 'protobufjs/light.js';
import snappy from 'snappyjs';
import {
  decompressSnappy,
  MAX_DECOMPRESSED_BYTES,
  scanWriteRequest,
  type WriteSeries,
} from '../sources/remote-write/index.ts';

// Remote-write bodies for tests and benches: encoded with protobufjs, as Prometheus' own library writes
// them, and read back with the receiver's reader. The server never loads protobufjs.

// The remote-write 1.0 WriteRequest (prometheus/prompb types.proto).
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
