/**
 * PostgreSQL reads many rows as one array per column (`unnest`, typed, in order: ids follow it); jsonb
 * values travel as their JSON text. `columns` maps each column to its PostgreSQL type.
 */
export const unnestColumns = (columns: Record<string, string>) =>
  `unnest(${Object.values(columns)
    .map((type, i) => `$${i + 1}::${type}[]`)
    .join(', ')}) WITH ORDINALITY AS r(${Object.keys(columns).join(', ')}, n)`;

/** The parameters `unnestColumns` reads: one array per column, jsonb values as JSON text. */
export function columnArrays<Row>(rows: readonly Row[], columns: Record<string, string>): unknown[][] {
  return Object.entries(columns).map(([name, type]) =>
    rows.map((row) => {
      const value = (row as Record<string, unknown>)[name];
      return type === 'jsonb' ? JSON.stringify(value) : value;
    }),
  );
}
