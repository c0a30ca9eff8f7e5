import { readFileSync } from 'node:fs';
import { OPENAPI_PATH, renderOpenApi } from '../../contract/scripts/openapi';

// openapi.yaml is generated from the contract; a change there must be followed by `npm run openapi`.
it('openapi.yaml is what `npm run openapi` writes from the contract', () => {
  expect(readFileSync(OPENAPI_PATH, 'utf8')).toBe(renderOpenApi());
});
