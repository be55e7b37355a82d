import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { renderApiSchema, schemaFile } from '../../scripts/api-client.ts';

it('is the checked-in types file for the document the app serves (`npm run api:client` rewrites it)', async () => {
  const checkedIn = await readFile(schemaFile, 'utf8');
  const current = await renderApiSchema();
  expect(current === checkedIn, 'src/api-client/schema.ts is out of date: run `npm run api:client`').toBe(
    true,
  );
});
