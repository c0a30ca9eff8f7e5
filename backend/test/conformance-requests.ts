import type { CallOpts, Json } from './conformance';

/** The scenario data the conformance suite shares: the script, a run body, a valid request per operation. */
export const SCRIPT = 'billing';
export const run = (over: Json = {}) => ({
  script: SCRIPT,
  function: 'charge',
  source_type: 'api',
  source: 'checkout',
  ...over,
});

/** An OTLP JSON ExportLogsServiceRequest with one record per message. */
export function otlpRequest(runId: string, ...messages: string[]) {
  return {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: SCRIPT } }] },
        scopeLogs: [
          {
            logRecords: messages.map((m) => ({
              severityNumber: 9,
              body: { stringValue: m },
              attributes: [{ key: 'run_id', value: { stringValue: runId } }],
            })),
          },
        ],
      },
    ],
  };
}

/** The Grafana user the export routes need, and an export id no one has. */
export const USER = { 'X-Grafana-User': 'alice' };
export const UNKNOWN_EXPORT = '00000000-0000-4000-8000-000000000000';

/** A valid request for every operation, for the auth and Elasticsearch-down rounds. */
export const valid: Record<string, CallOpts> = {
  'GET /healthz': {},
  'GET /readyz': {},
  'GET /metrics': {},
  'POST /api/v1/scripts/{script}/deployments': { params: { script: 'auth-probe' } },
  'DELETE /api/v1/scripts/{script}/deployments/current': { params: { script: SCRIPT } },
  'GET /api/v1/scripts': {},
  'GET /api/v1/deployments': { query: { script: SCRIPT } },
  'POST /api/v1/runs': { body: run({ run_id: 'probe-1' }) },
  'POST /api/v1/runs/{run_id}/finish': { params: { run_id: 'probe-1' }, body: { status: 'success' } },
  'GET /api/v1/runs': {},
  'GET /api/v1/runs/stats': {},
  'GET /api/v1/runs/timeseries': {},
  'GET /api/v1/runs/by-version': {},
  'GET /api/v1/runs/values': { query: { field: 'status' } },
  'GET /api/v1/runs/{run_id}': { params: { run_id: 'run-ok-1' } },
  'POST /api/v1/logs': { body: [{ run_id: 'probe-1', level: 'info', message: 'probe' }] },
  'GET /api/v1/logs': {},
  'GET /api/v1/logs/timeseries': {},
  'POST /v1/logs': { body: otlpRequest('probe-1', 'probe') },
  'GET /api/v1/runs/{run_id}/logs/stream': { params: { run_id: 'run-ok-1' } },
  'GET /api/v1/logs/stream': { query: { script: SCRIPT } },
  'POST /api/v1/exports': { headers: USER, body: { kind: 'runs', script: SCRIPT } },
  'GET /api/v1/exports': { headers: USER },
  'GET /api/v1/exports/{id}': { headers: USER, params: { id: UNKNOWN_EXPORT } },
  'GET /api/v1/exports/{id}/download': { headers: USER, params: { id: UNKNOWN_EXPORT } },
  'DELETE /api/v1/exports/{id}': { headers: USER, params: { id: UNKNOWN_EXPORT } },
};
