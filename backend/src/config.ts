import { existsSync } from 'node:fs';
import { z } from 'zod';

/** Comma-separated list of tokens; empty entries are dropped. */
const tokenList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
  )
  .pipe(
    z.array(z.string().min(16, 'each token must be at least 16 characters')).min(1, 'at least one token is required')
  );

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  ES_URL: z.url().default('http://127.0.0.1:9200'),
  // Credentials for a cluster with security on: an API key, or a user and password.
  ES_API_KEY: z.string().min(1).optional(),
  ES_USERNAME: z.string().min(1).optional(),
  ES_PASSWORD: z.string().min(1).optional(),
  // PEM file of the CA that signed the cluster's HTTPS certificate (read at start).
  ES_CA_FILE: z.string().min(1).optional(),
  ES_INDEX_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _ only')
    .default('runlens'),
  ES_SHARDS: z.coerce.number().int().min(1).default(1),
  ES_REPLICAS: z.coerce.number().int().min(0).default(0),
  // How soon a new run or log line becomes searchable (SPEC: within 1 s, live tails included:
  // a tail sees a line one refresh plus one poll after it is written).
  ES_REFRESH_INTERVAL: z
    .string()
    .regex(/^\d+(ms|s)$/, 'like 500ms or 1s')
    .default('500ms'),
  RUNLENS_INGEST_TOKENS: tokenList,
  RUNLENS_READ_TOKENS: tokenList,
  // At most 1000 days: a run's measured response time then stays within MAX_RESPONSE_TIME_MS.
  RETENTION_DAYS: z.coerce.number().int().min(1).max(1000).default(30),
  EVENT_MAX_FUTURE_MINUTES: z.coerce.number().int().min(0).max(1440).default(15),
  BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'like 10mb')
    .default('10mb'),
  // OTLP requests one instance handles at once; beyond it answers 429 with Retry-After.
  OTLP_MAX_CONCURRENT: z.coerce.number().int().min(1).default(32),
  // Live tails (SSE): how often a stream polls Elasticsearch, sends a heartbeat comment, how
  // long one response lasts before the client resumes with Last-Event-ID, and how far behind
  // the newest line sent it looks for lines that became searchable late.
  TAIL_POLL_MS: z.coerce.number().int().min(50).default(300),
  TAIL_HEARTBEAT_MS: z.coerce.number().int().min(100).default(15_000),
  TAIL_MAX_MS: z.coerce.number().int().min(1000).default(300_000),
  TAIL_LOOKBACK_MS: z.coerce.number().int().min(0).default(5000),
  // CSV exports: where files are written (one directory shared by every replica), how long a
  // finished file is kept, how many rows each Elasticsearch page carries.
  EXPORT_DIR: z.string().min(1).default('exports'),
  EXPORT_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
  EXPORT_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof envSchema>;

export class ConfigError extends Error {}

/** Reads and validates the configuration from the environment, in one place. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (docker compose passes `${X:-}` through as "") means unset.
  const set = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const config = parsed.data;
  const problems: string[] = [];
  if (config.ES_API_KEY && (config.ES_USERNAME || config.ES_PASSWORD)) {
    problems.push('ES_API_KEY: use an API key or ES_USERNAME/ES_PASSWORD, not both');
  }
  if (Boolean(config.ES_USERNAME) !== Boolean(config.ES_PASSWORD)) {
    problems.push('ES_USERNAME, ES_PASSWORD: set both or neither');
  }
  if (config.ES_CA_FILE && !existsSync(config.ES_CA_FILE)) {
    problems.push(`ES_CA_FILE: no file at ${config.ES_CA_FILE}`);
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  const shared = config.RUNLENS_INGEST_TOKENS.filter((t) => config.RUNLENS_READ_TOKENS.includes(t));
  if (shared.length > 0) {
    throw new ConfigError('invalid configuration:\n  ingest and read tokens must differ');
  }
  return config;
}
