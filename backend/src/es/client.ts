import { Client } from '@elastic/elasticsearch';
import type { Config } from '../config';

export function createEsClient(config: Config): Client {
  return new Client({
    node: config.ES_URL,
    // Fail fast so the API can answer 503 + Retry-After instead of hanging.
    requestTimeout: 30_000,
    maxRetries: 2,
    compression: false,
  });
}
