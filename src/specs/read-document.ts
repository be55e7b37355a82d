import { readBackstageDocument } from './backstage.ts';
import { type Collected, collected } from './entries.ts';
import { readOpenSloDocument } from './openslo.ts';
import { problemAt } from './problems.ts';
import { readNinesDocument } from './read-nines.ts';
import { ninesApiVersion } from './schema-common.ts';
import { readSlothCrd, readSlothDocument } from './sloth.ts';
import type { YamlDocument } from './yaml-documents.ts';

type DocumentReader = (doc: YamlDocument, kind: string) => Collected;

/** One reader per apiVersion; adding a format is a file and a line here. */
const readers: Record<string, DocumentReader> = {
  [ninesApiVersion]: readNinesDocument,
  'openslo/v1': readOpenSloDocument,
  'backstage.io/v1alpha1': readBackstageDocument,
  'backstage.io/v1beta1': readBackstageDocument,
  'sloth.slok.dev/v1': readSlothCrd,
};

/** Sends a document to the reader of its format; problems for what no reader claims. */
export function readDocument(doc: YamlDocument): Collected {
  const value = doc.value;
  if (typeof value !== 'object' || value === null || Object.getPrototypeOf(value) !== Object.prototype) {
    return fail(doc, [], 'expected a mapping with apiVersion and kind (or a Sloth spec with version)');
  }
  const { apiVersion, kind, version } = value as Record<string, unknown>;
  if (apiVersion === undefined) {
    if (version !== undefined) return readSlothDocument(doc);
    return fail(
      doc,
      [],
      'missing apiVersion: expected nines.dev/v1, openslo/v1, backstage.io/v1alpha1 or a Sloth spec',
    );
  }
  const reader = typeof apiVersion === 'string' ? readers[apiVersion] : undefined;
  if (!reader) {
    const known = Object.keys(readers).join(', ');
    return fail(
      doc,
      ['apiVersion'],
      `unknown apiVersion ${JSON.stringify(apiVersion)}; expected one of ${known}`,
    );
  }
  if (typeof kind !== 'string')
    return fail(
      doc,
      ['kind'],
      kind === undefined ? 'missing required field "kind"' : 'kind must be a string',
    );
  return reader(doc, kind);
}

function fail(doc: YamlDocument, path: string[], message: string): Collected {
  return collected({ problems: [problemAt(doc.at(path), message)] });
}
