import { readFileSync } from 'node:fs';
import { Client, type ClientOptions } from '@elastic/elasticsearch';
import type { Config } from '../config';

export function createEsClient(config: Config, overrides: Partial<ClientOptions> = {}): Client {
  return new Client({
    node: config.ES_URL,
    auth: config.ES_API_KEY
      ? { apiKey: config.ES_API_KEY }
      : config.ES_USERNAME && config.ES_PASSWORD
        ? { username: config.ES_USERNAME, password: config.ES_PASSWORD }
        : undefined,
    tls: config.ES_CA_FILE ? { ca: readFileSync(config.ES_CA_FILE) } : undefined,
    // Fail fast so the API can answer 503 + Retry-After instead of hanging.
    requestTimeout: 30_000,
    maxRetries: 2,
    compression: false,
    ...overrides,
  });
}
