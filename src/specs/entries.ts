import type { SourceLocation } from './model/common.ts';
import type { Model } from './model/model.ts';
import type { ConfigProblem } from './problems.ts';
import { isValidName } from './schema-common.ts';

export type ModelKind = keyof Model;

/** Kinds a reference can point at: the model's kinds plus OpenSLO SLIs (used by indicatorRef). */
export type EntryKind = ModelKind | 'slis';

/** A reference from one definition to another, checked once every file has been read. */
export interface Reference {
  kind: EntryKind;
  name: string;
  at: SourceLocation;
  /** Appended to the broken-reference message (e.g. how to fix it in that format). */
  hint?: string;
}

/** An OpenSLO indicator before its objective is known (threshold metrics need the objective's op and value). */
export type PartialIndicator =
  | {
      kind: 'ratio';
      source: string;
      sourceAt: SourceLocation;
      errorQuery?: string;
      goodQuery?: string;
      totalQuery: string;
    }
  | { kind: 'threshold'; source: string; sourceAt: SourceLocation; query: string };

export interface SliDefinition {
  name: string;
  /** Undefined when the SLI itself was invalid (its problems are already reported). */
  indicator?: PartialIndicator;
  source: SourceLocation;
}

/** Where fields that checks across entries look at are written (e.g. an Integration's routingKey). */
export type FieldLocations = Readonly<Record<string, SourceLocation>>;

/** What an entry knows beyond its model value, for readers that resolve later (a Backstage User's groups). */
interface EntryExtras {
  refs: Reference[];
  locations?: FieldLocations;
  /** Teams a Person belongs to as its source says (Backstage `memberOf`): owner Users resolve to them. */
  memberOf?: readonly string[];
}

export type Entry =
  | { [K in ModelKind]: { kind: K; value: Model[K][number] } & EntryExtras }[ModelKind]
  | ({ kind: 'slis'; value: SliDefinition } & EntryExtras);

/** Work that needs every entry first (OpenSLO indicatorRef), and where to report if it breaks. */
export interface Later {
  at: SourceLocation;
  run(entries: readonly Entry[]): Collected;
}

/** A name defined by a document too broken to read; references to it are not reported again. */
export interface Claim {
  kind: EntryKind;
  name: string;
}

/** What reading one document yields. */
export interface Collected {
  entries: Entry[];
  problems: ConfigProblem[];
  later: Later[];
  claims: Claim[];
  /** References of documents too broken to become entries, still checked so every problem shows at once. */
  looseRefs: Reference[];
  /** Things read but not used, or read differently than written: the config is still valid. */
  warnings: ConfigProblem[];
}

/** An empty result, to spread into. */
export function collected(parts: Partial<Collected> = {}): Collected {
  return {
    entries: parts.entries ?? [],
    problems: parts.problems ?? [],
    later: parts.later ?? [],
    claims: parts.claims ?? [],
    looseRefs: parts.looseRefs ?? [],
    warnings: parts.warnings ?? [],
  };
}

/** Joins results in order. */
export function mergeCollected(parts: readonly Collected[]): Collected {
  return {
    entries: parts.flatMap((part) => part.entries),
    problems: parts.flatMap((part) => part.problems),
    later: parts.flatMap((part) => part.later),
    claims: parts.flatMap((part) => part.claims),
    looseRefs: parts.flatMap((part) => part.looseRefs),
    warnings: parts.flatMap((part) => part.warnings),
  };
}

/** Problems for a document that failed validation, claiming its name when it has a valid one. */
export function failedDocument(kind: EntryKind, name: unknown, problems: ConfigProblem[]): Collected {
  const claims = typeof name === 'string' && isValidName(name) ? [{ kind, name }] : [];
  return collected({ problems, claims });
}
