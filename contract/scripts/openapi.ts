/**
 * Writes backend/openapi.yaml from the contract (`npm run openapi`). The backend's
 * test/openapi-generated.test.ts fails when the committed file is not what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { openApiDocument } from '../src/openapi';

export const OPENAPI_PATH = join(__dirname, '..', '..', 'backend', 'openapi.yaml');

const HEADER = '# Generated from contract/src by `npm run openapi`; do not edit by hand.\n';

export function renderOpenApi(): string {
  const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'backend', 'package.json'), 'utf8'));
  return (
    HEADER +
    stringify(openApiDocument(version), { lineWidth: 100, blockQuote: 'literal', aliasDuplicateObjects: false })
  );
}

if (require.main === module) {
  writeFileSync(OPENAPI_PATH, renderOpenApi());
  console.log(`wrote ${OPENAPI_PATH}`);
}
