import type { Random } from './random';

/**
 * The demo's scripts: what a team's custom scripts look like to RunLens. Times are in days
 * before "now" (the end of the backfill). Each version has its own response-time and failure
 * behaviour, so the dashboards have something to show: a latency regression in Qbalance v2
 * (fixed in v3), a failure spike in kyc-verify v2 (the failure-rate alert fires on it), and
 * legacy-report undeployed two days ago (its runs and logs stay readable).
 */

export type LogStyle = 'stdout' | 'korelogger';
export type SourceType = 'tool' | 'api';

export interface VersionProfile {
  version: number;
  /** Days before now when this version was deployed. */
  deployedDaysAgo: number;
  /** Median response time multiplier (1 = the function's normal speed). */
  slowdown: number;
  failureRate: number;
}

export interface FunctionProfile {
  name: string;
  /** Median response time of a successful run, ms. */
  medianMs: number;
  /** Log-normal shape: larger = longer tail (P99 far above P90). */
  sigma: number;
  weight: number;
  input(r: Random): unknown;
  output(r: Random, input: unknown): unknown;
  errors: string[];
  /** Lines a run prints / logs on its way (template, filled with the input). */
  steps: string[];
}

export interface SourceProfile {
  type: SourceType;
  name: string;
  weight: number;
}

export interface ScriptProfile {
  script: string;
  logStyle: LogStyle;
  /** Relative share of the traffic. */
  weight: number;
  functions: FunctionProfile[];
  sources: SourceProfile[];
  versions: VersionProfile[];
  /** Days before now when the script was undeployed (it then takes no new runs). */
  undeployedDaysAgo?: number;
}

const account = (r: Random) => String(r.int(1_000_000_000, 9_999_999_999));
const money = (r: Random, max: number) => Math.round(r.next() * max * 100) / 100;

export const CATALOG: ScriptProfile[] = [
  {
    script: 'Qbalance',
    logStyle: 'korelogger',
    weight: 3,
    sources: [
      { type: 'api', name: 'mobile-banking-api', weight: 3 },
      { type: 'tool', name: 'Banking Assistant', weight: 2 },
    ],
    versions: [
      { version: 1, deployedDaysAgo: 7, slowdown: 1, failureRate: 0.02 },
      { version: 2, deployedDaysAgo: 4, slowdown: 3, failureRate: 0.03 },
      { version: 3, deployedDaysAgo: 1.5, slowdown: 0.95, failureRate: 0.02 },
    ],
    functions: [
      {
        name: 'getBalance',
        medianMs: 180,
        sigma: 0.45,
        weight: 4,
        input: (r) => ({ account_id: account(r), currency: r.pick(['USD', 'EUR', 'INR']) }),
        output: (r, input) => ({ ...(input as object), available: money(r, 25_000), ledger: money(r, 26_000), as_of: new Date().toISOString() }),
        errors: [
          'TimeoutError: core-banking did not answer within 5000 ms',
          'AccountNotFound: no account with this id',
          'UpstreamError: core-banking answered HTTP 502',
        ],
        steps: ['Validating account {account_id}', 'Calling core-banking /balances', 'Converting to {currency}', 'Balance fetched'],
      },
      {
        name: 'getMiniStatement',
        medianMs: 420,
        sigma: 0.55,
        weight: 1,
        input: (r) => ({ account_id: account(r), last: r.pick([5, 10, 20]) }),
        output: (r, input) => ({
          account_id: (input as { account_id: string }).account_id,
          transactions: Array.from({ length: 3 }, () => ({ amount: money(r, 900) * (r.chance(0.5) ? -1 : 1), ref: r.hex(4) })),
        }),
        errors: ['TimeoutError: statement service did not answer within 8000 ms', 'ValidationError: last must be at most 20'],
        steps: ['Validating account {account_id}', 'Fetching last {last} transactions', 'Formatting statement'],
      },
    ],
  },
  {
    script: 'order-sync',
    logStyle: 'stdout',
    weight: 3,
    sources: [
      { type: 'api', name: 'shop-backend', weight: 4 },
      { type: 'tool', name: 'Order Ops Agent', weight: 1 },
    ],
    versions: [
      { version: 1, deployedDaysAgo: 7, slowdown: 1, failureRate: 0.04 },
      { version: 2, deployedDaysAgo: 3, slowdown: 0.9, failureRate: 0.03 },
    ],
    functions: [
      {
        name: 'syncOrder',
        medianMs: 260,
        sigma: 0.5,
        weight: 5,
        input: (r) => ({ order_id: `ORD-${r.int(100000, 999999)}`, items: r.int(1, 6), warehouse: r.pick(['BLR-1', 'FRA-2', 'IAD-1']) }),
        output: (r, input) => ({ order_id: (input as { order_id: string }).order_id, erp_id: `SO${r.int(10_000_000, 99_999_999)}`, synced: true }),
        errors: ['ERPError: order already exists in ERP', 'ConnectionResetError: ERP closed the connection', 'ValidationError: items must not be empty'],
        steps: ['Received order {order_id} with {items} items', 'Reserving stock in {warehouse}', 'Posting sales order to ERP', 'Order {order_id} synced'],
      },
      {
        name: 'retryFailed',
        medianMs: 900,
        sigma: 0.6,
        weight: 1,
        input: (r) => ({ batch: r.int(5, 50) }),
        output: (r, input) => ({ retried: (input as { batch: number }).batch, still_failing: r.int(0, 3) }),
        errors: ['ERPError: rate limited (HTTP 429)'],
        steps: ['Retrying {batch} failed orders', 'Batch done'],
      },
    ],
  },
  {
    script: 'kyc-verify',
    logStyle: 'korelogger',
    weight: 2,
    sources: [
      { type: 'tool', name: 'Onboarding Flow', weight: 3 },
      { type: 'api', name: 'partner-gateway', weight: 1 },
    ],
    versions: [
      { version: 1, deployedDaysAgo: 6.5, slowdown: 1, failureRate: 0.03 },
      { version: 2, deployedDaysAgo: 2, slowdown: 1.1, failureRate: 0.2 },
    ],
    functions: [
      {
        name: 'verifyIdentity',
        medianMs: 1200,
        sigma: 0.4,
        weight: 3,
        input: (r) => ({ customer_id: `C${r.int(10000, 99999)}`, document: r.pick(['passport', 'national_id', 'driving_licence']), country: r.pick(['IN', 'DE', 'US', 'GB']) }),
        output: (r) => ({ verified: true, score: Math.round(r.next() * 100) / 100, provider_ref: r.hex(8) }),
        errors: [
          'ProviderError: identity provider returned "document unreadable"',
          'TimeoutError: identity provider did not answer within 10000 ms',
          'KeyError: \'date_of_birth\' missing from provider response',
        ],
        steps: ['Starting verification for {customer_id}', 'Uploading {document} scan', 'Provider check for country {country}', 'Verification complete'],
      },
      {
        name: 'checkSanctions',
        medianMs: 350,
        sigma: 0.35,
        weight: 2,
        input: (r) => ({ customer_id: `C${r.int(10000, 99999)}`, lists: ['OFAC', 'EU'] }),
        output: (r) => ({ hits: r.chance(0.02) ? 1 : 0 }),
        errors: ['UpstreamError: sanctions list service answered HTTP 503'],
        steps: ['Screening {customer_id}', 'Screening done'],
      },
    ],
  },
  {
    script: 'weather-lookup',
    logStyle: 'stdout',
    weight: 1,
    sources: [{ type: 'api', name: 'travel-app', weight: 1 }],
    versions: [{ version: 1, deployedDaysAgo: 6, slowdown: 1, failureRate: 0.01 }],
    functions: [
      {
        name: 'forecast',
        medianMs: 90,
        sigma: 0.3,
        weight: 1,
        input: (r) => ({ city: r.pick(['Bengaluru', 'Berlin', 'Austin', 'Lisbon']), days: r.int(1, 5) }),
        output: (r, input) => ({ city: (input as { city: string }).city, high_c: r.int(10, 38), low_c: r.int(0, 20), rain: r.chance(0.3) }),
        errors: ['HTTPError: weather API answered HTTP 500'],
        steps: ['Forecast for {city}, {days} days', 'Cache miss, calling weather API'],
      },
    ],
  },
  {
    script: 'legacy-report',
    logStyle: 'stdout',
    weight: 1,
    sources: [{ type: 'tool', name: 'Finance Workflow', weight: 1 }],
    versions: [
      { version: 1, deployedDaysAgo: 7, slowdown: 1, failureRate: 0.05 },
      { version: 2, deployedDaysAgo: 5, slowdown: 1.2, failureRate: 0.08 },
    ],
    undeployedDaysAgo: 2,
    functions: [
      {
        name: 'generateReport',
        medianMs: 2500,
        sigma: 0.5,
        weight: 1,
        input: (r) => ({ period: r.pick(['2026-10', '2026-11']), format: r.pick(['pdf', 'xlsx']) }),
        output: (r, input) => ({ ...(input as object), pages: r.int(3, 40), url: `s3://reports/${r.hex(6)}` }),
        errors: ['MemoryError: report too large for the sandbox', 'DeprecationError: ledger v1 API is switched off'],
        steps: ['Loading ledger for {period}', 'Rendering {format}', 'Uploading report'],
      },
    ],
  },
];

/** The version running at a given time (null before the first deployment or after undeploy). */
export function versionAt(profile: ScriptProfile, daysAgo: number): VersionProfile | null {
  if (profile.undeployedDaysAgo !== undefined && daysAgo <= profile.undeployedDaysAgo) {return null;}
  let current: VersionProfile | null = null;
  for (const v of profile.versions) {
    if (v.deployedDaysAgo >= daysAgo) {current = v;}
  }
  return current;
}

/** Fills `{field}` placeholders of a log line from the run's input. */
export function fill(template: string, input: unknown): string {
  const values = (input ?? {}) as Record<string, unknown>;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? k));
}
