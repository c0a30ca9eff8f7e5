import { errorWith } from './errors';
import { EXPORT_OPERATIONS } from './exportOperations';
import * as logs from './logs';
import { ingestErrors, readErrors, std, type Answer, type Operation } from './operation';
import * as realtime from './realtime';
import * as runs from './runs';
import * as scripts from './scripts';
import * as service from './service';

/**
 * Every route of the API: method, path, token scope, request parts, answers and their prose.
 * `backend/openapi.yaml` is generated from this table (contract/src/openapi.ts) and the
 * conformance test checks the running service against that document.
 */

const otlpStatus = (description: string, extra: Partial<Answer> = {}): Answer => ({
  description,
  body: realtime.otlpStatus,
  protobuf: true,
  ...extra,
});

const runSelection = [runs.runSelectionParams];

const logSelection = [logs.logSelectionParams];

export const OPERATIONS: Operation[] = [
  {
    operationId: 'healthz',
    method: 'get',
    path: '/healthz',
    tag: 'service',
    summary: 'Liveness; does not touch Elasticsearch',
    answers: { 200: { description: 'The process is up', body: service.healthResponse } },
  },
  {
    operationId: 'readyz',
    method: 'get',
    path: '/readyz',
    tag: 'service',
    summary: 'Readiness; checks that Elasticsearch answers',
    description: 'Not in the error format; the 503 body has the shape of the 200 body.',
    answers: {
      200: { description: 'Elasticsearch answers', body: service.readyResponse },
      503: { description: 'Elasticsearch is unreachable', body: service.notReadyResponse, retryAfter: true },
    },
  },
  {
    operationId: 'metrics',
    method: 'get',
    path: '/metrics',
    tag: 'service',
    summary: 'Prometheus metrics (text exposition format 0.0.4)',
    description:
      'Default process metrics prefixed `runlens_`, `runlens_http_request_duration_seconds` (labels method, route template, status) and `runlens_ingested_total` (label kind).',
    answers: { 200: { description: 'Metrics in the Prometheus text format', text: service.metricsText } },
  },
  {
    operationId: 'deployScript',
    method: 'post',
    path: '/api/v1/scripts/{script}/deployments',
    tag: 'scripts',
    summary: 'Deploy the next version of a script',
    description:
      'Creates the script on its first deployment. Versions count 1, 2, 3, … per script; concurrent deploys get distinct versions. Runs started afterwards get this version. The body is optional: `deployed_at` records a deployment after the fact (default now).',
    scope: 'ingest',
    params: scripts.scriptParams,
    body: { required: false, json: scripts.deployBody },
    answers: { 201: { description: 'The new deployment', body: scripts.deployment }, ...ingestErrors() },
  },
  {
    operationId: 'undeployScript',
    method: 'delete',
    path: '/api/v1/scripts/{script}/deployments/current',
    tag: 'scripts',
    summary: 'Undeploy the current version of a script',
    description:
      'New runs of the script are refused (409) until it is deployed again; runs already started can still finish and send logs, and every stored run stays readable.',
    scope: 'ingest',
    params: scripts.scriptParams,
    body: { required: false, json: scripts.undeployBody },
    answers: {
      200: {
        description: 'The deployment that was ended, with its `undeployed_at`',
        body: scripts.undeployedDeployment,
      },
      ...ingestErrors(404),
      409: { description: 'The script is not deployed (`not_deployed`)', body: errorWith(['not_deployed']) },
    },
  },
  {
    operationId: 'listScripts',
    method: 'get',
    path: '/api/v1/scripts',
    tag: 'scripts',
    summary: 'Every script with its state, deployment history and run count',
    scope: 'read',
    answers: { 200: { description: 'Scripts ordered by name', body: scripts.scriptsResponse }, ...std(401, 403, 503) },
  },
  {
    operationId: 'listDeployments',
    method: 'get',
    path: '/api/v1/deployments',
    tag: 'scripts',
    summary: 'Deployments deployed or undeployed within a time range (dashboard markers)',
    description: 'Default range is the 7 days before `to` (default now); `from` after `to` gives an empty list.',
    scope: 'read',
    query: [scripts.deploymentsQuery],
    answers: {
      200: { description: 'Deployments ordered by `deployed_at`', body: scripts.deploymentsResponse },
      ...readErrors,
    },
  },
  {
    operationId: 'startRun',
    method: 'post',
    path: '/api/v1/runs',
    tag: 'runs',
    summary: 'Record the start of a run (idempotent on run_id)',
    description:
      "The run gets the script's current deployment version unless `deployment_version` is given. A repeated start of a known run changes nothing and answers 200 with the stored run. A finish may arrive before its start; the start then completes that run (201). Dates are answered in UTC whatever offset they were sent with.",
    scope: 'ingest',
    body: { required: true, json: runs.startRunBody },
    answers: {
      201: { description: 'The run was created or completed by this start', body: runs.runEnvelope },
      200: { description: 'The run had already started; nothing changed', body: runs.runEnvelope },
      ...ingestErrors(413),
      409: {
        description: 'The script is not deployed (`script_not_deployed`)',
        body: errorWith(['script_not_deployed']),
      },
    },
  },
  {
    operationId: 'listRuns',
    method: 'get',
    path: '/api/v1/runs',
    tag: 'runs',
    summary: 'Runs of a selection, one page',
    description: 'Runs without a start event (finish only) have no `executed_on` and are not listed.',
    scope: 'read',
    query: [...runSelection, runs.runPage],
    answers: { 200: { description: 'A page of runs (no input/output)', body: runs.runsPage }, ...readErrors },
  },
  {
    operationId: 'finishRun',
    method: 'post',
    path: '/api/v1/runs/{run_id}/finish',
    tag: 'runs',
    summary: 'Record the end of a run (first finish wins)',
    description:
      'May arrive before the start. A repeated finish changes nothing and answers the stored run. `response_time_ms` is kept for successful runs only: as given, else measured from `executed_on` to `finished_at`. `error` is kept for failed runs only.',
    scope: 'ingest',
    params: runs.runParams,
    body: { required: true, json: runs.finishRunBody },
    answers: { 200: { description: 'The stored run', body: runs.runEnvelope }, ...ingestErrors(413) },
  },
  {
    operationId: 'runStats',
    method: 'get',
    path: '/api/v1/runs/stats',
    tag: 'runs',
    summary: 'Run metrics over a selection',
    description:
      'P90/P99 are exact (linear interpolation between the closest ranks) up to 10 000 timed runs, estimated beyond.',
    scope: 'read',
    query: runSelection,
    answers: { 200: { description: 'Metrics of the selected runs', body: runs.runMetrics }, ...readErrors },
  },
  {
    operationId: 'runTimeseries',
    method: 'get',
    path: '/api/v1/runs/timeseries',
    tag: 'runs',
    summary: 'Run metrics per time bucket',
    description:
      'Buckets cover the whole range, empty ones included. Default interval: `1h` for ranges up to a day, `1d` beyond. `1d` buckets follow `tz` midnights; other intervals are fixed lengths. More than 2000 buckets is a 400 on `query.interval`. Percentiles are estimates.',
    scope: 'read',
    query: [...runSelection, runs.runTimeseriesQuery],
    answers: { 200: { description: 'The buckets, oldest first', body: runs.runTimeseries }, ...readErrors },
  },
  {
    operationId: 'runsByVersion',
    method: 'get',
    path: '/api/v1/runs/by-version',
    tag: 'runs',
    summary: 'Run metrics per deployment version',
    scope: 'read',
    query: runSelection,
    answers: {
      200: {
        description: 'One entry per version present in the selection, newest version first',
        body: runs.byVersionResponse,
      },
      ...readErrors,
    },
  },
  {
    operationId: 'runValues',
    method: 'get',
    path: '/api/v1/runs/values',
    tag: 'runs',
    summary: 'Distinct values of a run column in a selection, with counts (variables, ad hoc filters)',
    scope: 'read',
    query: [runs.runValuesQuery, ...runSelection],
    answers: { 200: { description: 'Up to 1000 values in ascending order', body: runs.valuesResponse }, ...readErrors },
  },
  {
    operationId: 'getRun',
    method: 'get',
    path: '/api/v1/runs/{run_id}',
    tag: 'runs',
    summary: 'The record view of one run',
    description:
      "The run with its input and output, its first 1000 logs oldest first, and its neighbours in the list the caller came from (same selection, `sort` and `order` as `GET /api/v1/runs`; `null` at either end or when the run is not in that list). `limit` and `cursor` are validated like the list's but not used. Run ids `stats`, `timeseries`, `by-version` and `values` are answered by the aggregate routes of those names, not by this one.",
    scope: 'read',
    params: runs.runParams,
    query: [...runSelection, runs.runPage],
    answers: { 200: { description: 'The record', body: runs.recordResponse }, ...readErrors, ...std(404) },
  },
  {
    operationId: 'logTimeseries',
    method: 'get',
    path: '/api/v1/logs/timeseries',
    tag: 'logs',
    summary: 'Log lines per time bucket and level',
    description:
      "The Logs tab's volume chart, under the same selection as the logs list. Buckets cover the whole range, empty ones included; every level is in every bucket, zero included. Interval and time zone as for the runs time series.",
    scope: 'read',
    query: [...logSelection, logs.logTimeseriesQuery],
    answers: { 200: { description: 'The buckets, oldest first', body: logs.logTimeseries }, ...readErrors },
  },
  {
    operationId: 'ingestLogs',
    method: 'post',
    path: '/api/v1/logs',
    tag: 'logs',
    summary: 'Store a batch of log lines (all or nothing)',
    description:
      "The body is a JSON array of records, one JSON object, or NDJSON (one record per line). A record is a plain log record or the seed logger's OpenTelemetry-style span JSON. One bad record rejects the whole batch (400, every bad field named, at most 100 details). The answer comes once Elasticsearch holds every line. Idempotent on `log_id`. Run columns a line leaves out are copied from its run when the run has started.",
    scope: 'ingest',
    body: { required: true, json: logs.logBatchBody, ndjson: logs.logNdjsonBody },
    answers: { 200: { description: 'Every line is stored', body: logs.logIngestResponse }, ...ingestErrors(413) },
  },
  {
    operationId: 'listLogs',
    method: 'get',
    path: '/api/v1/logs',
    tag: 'logs',
    summary: 'Log lines of a selection, one page',
    description: '`from`/`to` apply to the line timestamp. Lines of the same millisecond keep their order (`seq`).',
    scope: 'read',
    query: [...logSelection, logs.logPage],
    answers: { 200: { description: 'A page of log lines (no attributes)', body: logs.logsPage }, ...readErrors },
  },
  {
    operationId: 'streamRunLogs',
    method: 'get',
    path: '/api/v1/runs/{run_id}/logs/stream',
    tag: 'logs',
    summary: "Live tail of one run's log lines (Server-Sent Events)",
    description:
      'The run\'s lines oldest first (from the start, or after `Last-Event-ID`), then each new line as it becomes searchable, as `event: log` with the line (a LogRow) as `data` and an opaque `id`. Once the run has finished, a last read sends the lines that arrived with earlier times (the stdout batch), then `event: end` with `{"status"}`, and the response ends: close the EventSource on `end`. `: heartbeat` comments come every `TAIL_HEARTBEAT_MS`; a response lasts at most `TAIL_MAX_MS`, after which the client reconnects with `Last-Event-ID` (EventSource does so by itself) to any instance. `event: error` reports a failed read before the response ends.',
    scope: 'read',
    params: runs.runParams,
    query: [realtime.tailQuery],
    headers: realtime.tailHeaders,
    answers: {
      200: { description: 'The live tail', stream: realtime.eventStreamText },
      ...readErrors,
      ...std(404),
    },
  },
  {
    operationId: 'streamLogs',
    method: 'get',
    path: '/api/v1/logs/stream',
    tag: 'logs',
    summary: 'Live tail of a logs selection (Server-Sent Events)',
    description:
      'The lines of the selection (`script`, `filters`, `match`, `q` as `GET /api/v1/logs`; `to` is ignored) from `from` (default 5 s ago) or after `Last-Event-ID`, as they become searchable: `event: log` events as for the run stream, heartbeats, at most `TAIL_MAX_MS` per response, then resume with `Last-Event-ID`.',
    scope: 'read',
    query: [...logSelection, realtime.tailQuery],
    headers: realtime.tailHeaders,
    answers: { 200: { description: 'The live tail', stream: realtime.eventStreamText }, ...readErrors },
  },
  {
    operationId: 'exportOtlpLogs',
    method: 'post',
    path: '/v1/logs',
    tag: 'logs',
    summary: 'OTLP/HTTP logs export (OpenTelemetry ExportLogsServiceRequest)',
    description:
      'OTLP/HTTP as the OpenTelemetry specification has it: an ExportLogsServiceRequest as `application/json` or `application/x-protobuf`, optionally `Content-Encoding: gzip`, with an ingest token. Records go through the same ingest as `POST /api/v1/logs` (README "OpenTelemetry logs" has the field mapping). A record that cannot be stored (no `run_id`, a bad field) is counted in `partialSuccess` and the others are stored. Errors are a google.rpc.Status in the request\'s encoding; 429 and 503 are retryable after `Retry-After`, the others are not.',
    scope: 'ingest',
    body: { required: true, json: realtime.otlpLogsRequest, protobuf: true },
    answers: {
      200: {
        description: 'Every record stored, or all but those counted in `partialSuccess`',
        body: realtime.otlpLogsResponse,
        protobuf: true,
      },
      400: otlpStatus(
        'Malformed body (not an ExportLogsServiceRequest in JSON or protobuf); not retryable. The message names the field.'
      ),
      401: otlpStatus('Missing or unknown bearer token', { wwwAuthenticate: true }),
      403: otlpStatus('A valid token of the other scope'),
      413: otlpStatus('The body exceeds `BODY_LIMIT`'),
      415: otlpStatus('Another content type than JSON or protobuf'),
      429: otlpStatus('More than `OTLP_MAX_CONCURRENT` requests at once on this instance; retry after `Retry-After`', {
        retryAfter: true,
      }),
      503: otlpStatus('Elasticsearch is unreachable; retry after `Retry-After`', { retryAfter: true }),
    },
  },
  ...EXPORT_OPERATIONS,
];
