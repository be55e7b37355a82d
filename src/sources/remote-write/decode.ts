import snappy from 'snappyjs';
import { NinesError } from '../../core/errors.ts';

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
