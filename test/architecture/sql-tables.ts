import ts from 'typescript';

/** One SQL statement found in a source file, with the tables it reads and writes. */
export interface SqlStatement {
  line: number;
  reads: string[];
  writes: string[];
}

// Our SQL writes its keywords in capitals; prose that says "select" or "from" is not SQL.
const SQL_START = /^\s*(?:SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|WITH\s+\w+\s+AS|TRUNCATE)\b/;
const SQL_INSIDE = /\b(?:SELECT\b[\s\S]*\bFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\s/;
const IDENT = '([a-z_][a-z0-9_]*)\\b';
const WRITES = [
  new RegExp(`\\bINSERT\\s+INTO\\s+${IDENT}`, 'gi'),
  new RegExp(`\\bUPDATE\\s+${IDENT}\\s+SET\\b`, 'gi'),
  new RegExp(`\\bDELETE\\s+FROM\\s+${IDENT}`, 'gi'),
  new RegExp(`\\bTRUNCATE\\s+(?:TABLE\\s+)?${IDENT}`, 'gi'),
];
// A table follows FROM or JOIN; a name followed by `(` is a function (unnest, generate_series).
const READS = new RegExp(`(?<!DELETE\\s+)\\b(?:FROM|JOIN)\\s+${IDENT}(?!\\s*\\()`, 'gi');
const CTE = new RegExp(`(?:\\bWITH|,)\\s+(?:RECURSIVE\\s+)?${IDENT}\\s+AS\\s*\\(`, 'gi');

function matches(pattern: RegExp, text: string): string[] {
  return [...text.matchAll(pattern)].map((m) => (m[1] as string).toLowerCase());
}

/** The tables one SQL text reads and writes; names of its common table expressions are left out. */
export function tablesOfSql(sql: string): { reads: string[]; writes: string[] } | undefined {
  if (!SQL_START.test(sql) && !SQL_INSIDE.test(sql)) return undefined;
  const ctes = new Set(matches(CTE, sql));
  const writes = new Set(WRITES.flatMap((pattern) => matches(pattern, sql)));
  const reads = new Set(matches(READS, sql).filter((table) => !ctes.has(table) && !writes.has(table)));
  // `ON CONFLICT … DO UPDATE SET` names no table; the statement's table is the INSERT's.
  writes.delete('set');
  return { reads: [...reads].sort(), writes: [...writes].filter((t) => !ctes.has(t)).sort() };
}

function literalText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  // Interpolations become a placeholder, so `FROM ${table}` reads as no table name.
  if (ts.isTemplateExpression(node))
    return node.head.text + node.templateSpans.map((span) => ` $x ${span.literal.text}`).join('');
  return undefined;
}

/** Every SQL statement written as a string or template literal in one TypeScript file. */
export function sqlStatements(fileName: string, source: string): SqlStatement[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true);
  const found: SqlStatement[] = [];
  const visit = (node: ts.Node): void => {
    const text = literalText(node);
    const tables = text === undefined ? undefined : tablesOfSql(text);
    if (tables) {
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      found.push({ line, ...tables });
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}
