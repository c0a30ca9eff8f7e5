import { errorWith } from './errors';
import * as exportsApi from './exports';
import { std, type Operation, type Answer } from './operation';

/** Export answers: a missing X-Grafana-User is a 400 of its own code. */
const exportBadRequest: Answer = {
  description:
    'Invalid request (`invalid_request`, one detail per bad field), malformed JSON body (`invalid_json`), or no `X-Grafana-User` (`user_required`, detail `headers.x-grafana-user`)',
  body: errorWith(['invalid_request', 'invalid_json', 'bad_request', 'user_required'], { details: true }),
};
const exportNotFound: Answer = {
  description: "No such export of this user (another user's export is not found either)",
  body: errorWith(['not_found'], { details: false }),
};
const exportErrors = { 400: exportBadRequest, ...std(401, 403, 503) };
const exportOf = { params: exportsApi.exportParams, headers: exportsApi.exportUserHeaders };

/** The CSV export routes (joined into OPERATIONS). */
export const EXPORT_OPERATIONS: Operation[] = [
  {
    operationId: 'startExport',
    method: 'post',
    path: '/api/v1/exports',
    tag: 'exports',
    summary: 'Start a CSV export of the runs or logs a table shows',
    description:
      'The file holds exactly the rows the list route pages through for this selection, in its order, with no row cap. `rows_expected` is counted on the point in time the writer then reads. The job belongs to the user in `X-Grafana-User`.',
    scope: 'read',
    headers: exportsApi.exportUserHeaders,
    body: { required: true, json: exportsApi.exportBody },
    answers: {
      202: {
        description: 'The export started',
        body: exportsApi.exportEnvelope,
        headers: { Location: exportsApi.exportLocation },
      },
      ...exportErrors,
      ...std(413),
    },
  },
  {
    operationId: 'listExports',
    method: 'get',
    path: '/api/v1/exports',
    tag: 'exports',
    summary: "The caller's exports, newest first (at most 100)",
    scope: 'read',
    headers: exportsApi.exportUserHeaders,
    answers: { 200: { description: "The caller's exports", body: exportsApi.exportsResponse }, ...exportErrors },
  },
  {
    operationId: 'getExport',
    method: 'get',
    path: '/api/v1/exports/{id}',
    tag: 'exports',
    summary: "An export's state and progress",
    scope: 'read',
    ...exportOf,
    answers: {
      200: { description: 'The export', body: exportsApi.exportEnvelope },
      ...exportErrors,
      404: exportNotFound,
    },
  },
  {
    operationId: 'cancelExport',
    method: 'delete',
    path: '/api/v1/exports/{id}',
    tag: 'exports',
    summary: 'Cancel an export',
    description:
      "A running export stops at its next page, on whichever replica writes it, and its partial file is removed; a finished export's file is removed. Another user's export is not found.",
    scope: 'read',
    ...exportOf,
    answers: {
      200: {
        description: 'The export, now `cancelled` (or as it was when already failed or expired)',
        body: exportsApi.exportEnvelope,
      },
      ...exportErrors,
      404: exportNotFound,
    },
  },
  {
    operationId: 'downloadExport',
    method: 'get',
    path: '/api/v1/exports/{id}/download',
    tag: 'exports',
    summary: 'The finished CSV file, named `<script>_runs_data.csv` or `<script>_logs_data.csv`',
    scope: 'read',
    ...exportOf,
    answers: {
      200: {
        description: 'The file',
        csv: exportsApi.csvText,
        headers: { 'Content-Disposition': exportsApi.contentDisposition },
      },
      ...exportErrors,
      404: exportNotFound,
      409: { description: 'The export is not done (`not_ready`)', body: errorWith(['not_ready']) },
      410: {
        description: 'The file expired after its TTL (`expired`); start the export again',
        body: errorWith(['expired']),
      },
    },
  },
];
