import { NinesError } from '../../core/errors.ts';

/**
 * A hand-written reader of the remote-write 1.0 WriteRequest (prometheus/prompb types.proto):
 *
 *   WriteRequest { repeated TimeSeries timeseries = 1; }   (metadata = 3 and others: unknown, skipped)
 *   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2; }   (exemplars, histograms: skipped)
 *   Label        { string name = 1; string value = 2; }
 *   Sample       { double value = 1; int64 timestamp = 2; }
 *
 * `scanWriteRequest` checks the whole structure of every series once and notes where each series' labels,
 * metric name and samples are, building no objects; a receiver then decodes only the series it wants.
 * Most series of a Prometheus' stream feed no SLO, so most are never decoded.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_START_GROUP = 3;
const WIRE_END_GROUP = 4;
const WIRE_FIXED32 = 5;

/** Unknown groups nested deeper are refused (each level is a call: a hostile body must not overflow the stack). */
const MAX_GROUP_DEPTH = 32;

/**
 * Series in one WriteRequest at most. Prometheus sends `max_samples_per_send` samples a request (2,000 by
 * default); 1M is far past any real one, while 1.5 MB of snappy can expand to 16M empty series, whose
 * spans alone would take 0.5 GB.
 */
export const MAX_SERIES_PER_REQUEST = 1_000_000;

/** Per series, in `ScannedWriteRequest.spans`: where it is and where its parts are. */
const SPAN_FIELDS = 7;
const START = 0;
const END = 1;
const LABELS_START = 2;
const LABELS_END = 3;
const NAME_START = 4;
const NAME_END = 5;
const FLAGS = 6;
/** Flag: the label fields are not one run of bytes (samples or unknown fields between them). */
const LABELS_SCATTERED = 1;
/** Flag: the series has at least one sample. */
const HAS_SAMPLES = 2;

class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
    readonly end: number,
  ) {}

  /** A varint as protobufjs reads an int64: the low 64 bits, two's complement, as a (maybe rounded) number. */
  int64(): number {
    let lo = 0;
    let hi = 0;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      if (i < 4) lo |= (byte & 0x7f) << (i * 7);
      else if (i === 4) {
        lo |= (byte & 0x7f) << 28;
        hi |= (byte & 0x7f) >> 4;
      } else hi |= (byte & 0x7f) << (i * 7 - 32);
      if (byte < 0x80) return int64Number(lo >>> 0, hi >>> 0);
    }
    throw this.error('a varint is longer than 10 bytes');
  }

  /** A varint used as a length or tag: at most 32 bits matter (as protobufjs reads uint32). */
  uint32(): number {
    let value = 0;
    for (let i = 0; i < 10; i++) {
      const byte = this.byte();
      if (i < 5) value = (value | ((byte & 0x7f) << (i * 7))) >>> 0;
      if (byte < 0x80) return value;
    }
    throw this.error('a varint is longer than 10 bytes');
  }

  byte(): number {
    if (this.at >= this.end) throw this.error('the message ends inside a field');
    return this.bytes[this.at++] as number;
  }

  /** Skips `length` bytes, checking they are inside the current message. */
  skip(length: number): void {
    if (length > this.end - this.at) throw this.error('a field is longer than its message');
    this.at += length;
  }

  /** Skips a field's value of wire type `wire` (what an unknown field holds). */
  skipValue(wire: number, field: number, depth = 0): void {
    switch (wire) {
      case WIRE_VARINT:
        this.uint32();
        return;
      case WIRE_FIXED64:
        this.skip(8);
        return;
      case WIRE_BYTES:
        this.skip(this.uint32());
        return;
      case WIRE_START_GROUP:
        if (depth >= MAX_GROUP_DEPTH) throw this.error(`groups nest deeper than ${MAX_GROUP_DEPTH}`);
        this.skipGroup(field, depth + 1);
        return;
      case WIRE_FIXED32:
        this.skip(4);
        return;
      default:
        throw this.error(`wire type ${wire} (field ${field}) does not exist in protobuf`);
    }
  }

  private skipGroup(field: number, depth: number): void {
    for (;;) {
      const tag = this.uint32();
      const wire = tag & 7;
      if (wire === WIRE_END_GROUP) {
        if (tag >>> 3 !== field) throw this.error(`group ${field} ends with the end of group ${tag >>> 3}`);
        return;
      }
      this.skipValue(wire, tag >>> 3, depth);
    }
  }

  /** The end of a length-delimited field that starts here (the length is read). */
  delimitedEnd(): number {
    const length = this.uint32();
    if (length > this.end - this.at) throw this.error('a field is longer than its message');
    return this.at + length;
  }

  error(reason: string): NinesError {
    return new NinesError(
      'invalid_input',
      `the body is not a protobuf WriteRequest: ${reason} at byte ${this.at}`,
    );
  }
}

/** protobufjs' LongBits.toNumber(false): the signed 64-bit value, rounded to a double past 2^53. */
function int64Number(lo: number, hi: number): number {
  if (hi >>> 31) {
    const negLo = (~lo + 1) >>> 0;
    let negHi = ~hi >>> 0;
    if (!negLo) negHi = (negHi + 1) >>> 0;
    return -(negLo + negHi * 4294967296);
  }
  return lo + hi * 4294967296;
}

function expectWire(cursor: Cursor, wire: number, expected: number, what: string): void {
  if (wire !== expected) throw cursor.error(`${what} has wire type ${wire}, not ${expected}`);
}

/** A WriteRequest whose structure is checked, its series located; decode what you need by index. */
export class ScannedWriteRequest {
  private static readonly utf8 = new TextDecoder('utf-8', { fatal: true });
  /** The same bytes as a Buffer: latin1 rendering (one character per byte, no decoding) and doubles. */
  private readonly buffer: Buffer;

  constructor(
    readonly bytes: Uint8Array,
    /** SPAN_FIELDS numbers per series. */
    private readonly spans: Int32Array,
    readonly seriesCount: number,
    /** Samples of every series. */
    readonly sampleCount: number,
  ) {
    this.buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * The series' `__name__` as a byte-for-byte (latin1) string: compare it with `nameKey(name)`. Cheap: no
   * UTF-8 decoding, so it can be asked of every series. '' when the series has no name.
   */
  nameKey(series: number): string {
    const at = series * SPAN_FIELDS;
    return this.latin1Of(this.spans[at + NAME_START] as number, this.spans[at + NAME_END] as number);
  }

  /**
   * The series' label fields as they were sent, as a byte-for-byte string: the same labels sent the same
   * way give the same key (Prometheus sends them sorted), so it can key what was decided about a series.
   * Undefined when the labels are scattered among other fields (no sender known does that).
   */
  labelsKey(series: number): string | undefined {
    const at = series * SPAN_FIELDS;
    if ((this.spans[at + FLAGS] as number) & LABELS_SCATTERED) return undefined;
    return this.latin1Of(this.spans[at + LABELS_START] as number, this.spans[at + LABELS_END] as number);
  }

  hasSamples(series: number): boolean {
    return ((this.spans[series * SPAN_FIELDS + FLAGS] as number) & HAS_SAMPLES) !== 0;
  }

  /** The series' labels (a name sent twice keeps its last value); invalid UTF-8 is `invalid_input`. */
  labels(series: number): Record<string, string> {
    const labels: Record<string, string> = {};
    const cursor = this.seriesCursor(series);
    while (cursor.at < cursor.end) {
      const tag = cursor.uint32();
      if (tag >>> 3 === 1 && (tag & 7) === WIRE_BYTES) {
        const end = cursor.delimitedEnd();
        this.readLabel(new Cursor(this.bytes, cursor.at, end), labels);
        cursor.at = end;
      } else cursor.skipValue(tag & 7, tag >>> 3);
    }
    return labels;
  }

  /** The series' samples in the order sent (a missing value or timestamp is 0, as in proto3). */
  samples(series: number): { value: number; timestampMs: number }[] {
    const samples: { value: number; timestampMs: number }[] = [];
    const cursor = this.seriesCursor(series);
    while (cursor.at < cursor.end) {
      const tag = cursor.uint32();
      if (tag >>> 3 === 2 && (tag & 7) === WIRE_BYTES) {
        const end = cursor.delimitedEnd();
        samples.push(this.readSample(new Cursor(this.bytes, cursor.at, end)));
        cursor.at = end;
      } else cursor.skipValue(tag & 7, tag >>> 3);
    }
    return samples;
  }

  private seriesCursor(series: number): Cursor {
    const at = series * SPAN_FIELDS;
    return new Cursor(this.bytes, this.spans[at + START] as number, this.spans[at + END] as number);
  }

  private readLabel(cursor: Cursor, labels: Record<string, string>): void {
    let name = '';
    let value = '';
    while (cursor.at < cursor.end) {
      const tag = cursor.uint32();
      const field = tag >>> 3;
      if ((field === 1 || field === 2) && (tag & 7) === WIRE_BYTES) {
        const end = cursor.delimitedEnd();
        const text = this.utf8Of(cursor, end);
        if (field === 1) name = text;
        else value = text;
        cursor.at = end;
      } else cursor.skipValue(tag & 7, field);
    }
    labels[name] = value;
  }

  private readSample(cursor: Cursor): { value: number; timestampMs: number } {
    let value = 0;
    let timestampMs = 0;
    while (cursor.at < cursor.end) {
      const tag = cursor.uint32();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === WIRE_FIXED64) {
        value = this.buffer.readDoubleLE(cursor.at);
        cursor.at += 8;
      } else if (field === 2 && (tag & 7) === WIRE_VARINT) {
        timestampMs = cursor.int64();
      } else cursor.skipValue(tag & 7, field);
    }
    return { value, timestampMs };
  }

  private utf8Of(cursor: Cursor, end: number): string {
    try {
      return ScannedWriteRequest.utf8.decode(this.bytes.subarray(cursor.at, end));
    } catch {
      throw cursor.error('a label is not valid UTF-8');
    }
  }

  private latin1Of(start: number, end: number): string {
    return end > start ? this.buffer.toString('latin1', start, end) : '';
  }
}

/** `name` as `ScannedWriteRequest.nameKey` renders it: its UTF-8 bytes, one character per byte. */
export function nameKey(name: string): string {
  return Buffer.from(name, 'utf8').toString('latin1');
}

/** Checks the structure of a decompressed WriteRequest and locates its series; malformed is `invalid_input`. */
export function scanWriteRequest(bytes: Uint8Array): ScannedWriteRequest {
  let spans = new Int32Array(SPAN_FIELDS * 64);
  let count = 0;
  let samples = 0;
  const cursor = new Cursor(bytes, 0, bytes.length);
  while (cursor.at < cursor.end) {
    const tag = cursor.uint32();
    const field = tag >>> 3;
    if (field !== 1) {
      cursor.skipValue(tag & 7, field);
      continue;
    }
    expectWire(cursor, tag & 7, WIRE_BYTES, 'WriteRequest.timeseries');
    if (count === MAX_SERIES_PER_REQUEST) {
      throw new NinesError(
        'invalid_input',
        `a WriteRequest carries more than ${MAX_SERIES_PER_REQUEST.toLocaleString('en')} series; send fewer a request (queue_config.max_samples_per_send)`,
      );
    }
    const end = cursor.delimitedEnd();
    if ((count + 1) * SPAN_FIELDS > spans.length) {
      const grown = new Int32Array(spans.length * 2);
      grown.set(spans);
      spans = grown;
    }
    samples += scanSeries(new Cursor(bytes, cursor.at, end), spans, count * SPAN_FIELDS);
    cursor.at = end;
    count++;
  }
  return new ScannedWriteRequest(bytes, spans, count, samples);
}

/** Notes the series' spans at `spans[at…]`; returns its number of samples. */
function scanSeries(cursor: Cursor, spans: Int32Array, at: number): number {
  spans[at + START] = cursor.at;
  spans[at + END] = cursor.end;
  let labelsStart = -1;
  let labelsEnd = -1;
  let flags = 0;
  let samples = 0;
  spans[at + NAME_START] = 0;
  spans[at + NAME_END] = 0;
  while (cursor.at < cursor.end) {
    const fieldStart = cursor.at;
    const tag = cursor.uint32();
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(cursor, tag & 7, WIRE_BYTES, 'TimeSeries.labels');
      if (labelsStart < 0) labelsStart = fieldStart;
      else if (labelsEnd !== fieldStart) flags |= LABELS_SCATTERED;
      const end = cursor.delimitedEnd();
      scanLabel(new Cursor(cursor.bytes, cursor.at, end), spans, at);
      cursor.at = end;
      labelsEnd = end;
    } else if (field === 2) {
      expectWire(cursor, tag & 7, WIRE_BYTES, 'TimeSeries.samples');
      const end = cursor.delimitedEnd();
      scanSample(new Cursor(cursor.bytes, cursor.at, end));
      cursor.at = end;
      flags |= HAS_SAMPLES;
      samples++;
    } else {
      cursor.skipValue(tag & 7, field);
    }
  }
  spans[at + LABELS_START] = Math.max(labelsStart, 0);
  spans[at + LABELS_END] = Math.max(labelsEnd, 0);
  spans[at + FLAGS] = flags;
  return samples;
}

const NAME_LABEL = new TextEncoder().encode('__name__');

/** Checks a Label's fields and notes where the value of `__name__` is (the last one, as decoding keeps). */
function scanLabel(cursor: Cursor, spans: Int32Array, at: number): void {
  let isName = false;
  let valueStart = 0;
  let valueEnd = 0;
  while (cursor.at < cursor.end) {
    const tag = cursor.uint32();
    const field = tag >>> 3;
    if (field === 1 || field === 2) {
      expectWire(cursor, tag & 7, WIRE_BYTES, field === 1 ? 'Label.name' : 'Label.value');
      const end = cursor.delimitedEnd();
      if (field === 1) {
        isName = end - cursor.at === NAME_LABEL.length && startsWithName(cursor.bytes, cursor.at);
      } else {
        valueStart = cursor.at;
        valueEnd = end;
      }
      cursor.at = end;
    } else cursor.skipValue(tag & 7, field);
  }
  if (isName) {
    spans[at + NAME_START] = valueStart;
    spans[at + NAME_END] = valueEnd;
  }
}

function startsWithName(bytes: Uint8Array, at: number): boolean {
  for (let i = 0; i < NAME_LABEL.length; i++) if (bytes[at + i] !== NAME_LABEL[i]) return false;
  return true;
}

function scanSample(cursor: Cursor): void {
  while (cursor.at < cursor.end) {
    const tag = cursor.uint32();
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(cursor, tag & 7, WIRE_FIXED64, 'Sample.value');
      cursor.skip(8);
    } else if (field === 2) {
      expectWire(cursor, tag & 7, WIRE_VARINT, 'Sample.timestamp');
      cursor.int64();
    } else cursor.skipValue(tag & 7, field);
  }
}
