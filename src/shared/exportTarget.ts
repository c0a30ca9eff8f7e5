import type { DataFrame } from '@grafana/data';

/**
 * The contract between the data source and the app's "Export CSV" panel-menu link: a runs or
 * logs frame carries, in `meta.custom.runlensExport`, where its backend is and the very
 * selection its rows were read with, so the export holds what the table shows (variables and
 * ad hoc filters applied), every row of it.
 */
export const EXPORT_META_KEY = 'runlensExport';

export type ExportKind = 'runs' | 'logs';

/** The body of POST /api/v1/exports: the list route's selection, filters as the array itself. */
export interface ExportRequest {
  kind: ExportKind;
  script?: string[];
  from?: string;
  to?: string;
  filters?: unknown[];
  match?: string;
  q?: string;
  sort?: string;
  order?: string;
}

export interface ExportTarget {
  /** The data source's proxy route (`/api/datasources/proxy/uid/<uid>/runlens`). */
  baseUrl: string;
  request: ExportRequest;
  /** Rows that matched when the table loaded (it may show fewer). */
  total: number;
}

export type ExportState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'expired';

export interface ExportJob {
  id: string;
  kind: ExportKind;
  state: ExportState;
  file_name: string;
  rows_expected: number;
  rows_written: number;
  bytes: number | null;
  error: string | null;
}

export interface ExportEnvelope {
  export: ExportJob;
}

/** The export request of a list read: its query parameters without the paging. */
export function exportRequestOf(kind: ExportKind, params: URLSearchParams): ExportRequest {
  const request: ExportRequest = { kind, script: params.getAll('script') };
  for (const key of ['from', 'to', 'match', 'q', 'sort', 'order'] as const) {
    const value = params.get(key);
    if (value !== null) {
      request[key] = value;
    }
  }
  const filters = params.get('filters');
  if (filters) {
    request.filters = JSON.parse(filters);
  }
  return request;
}

/** The first frame's export target, if any frame has one. */
export function exportTargetOf(frames: DataFrame[] | undefined): ExportTarget | undefined {
  for (const frame of frames ?? []) {
    const target = frame.meta?.custom?.[EXPORT_META_KEY] as ExportTarget | undefined;
    if (target?.baseUrl && (target.request?.kind === 'runs' || target.request?.kind === 'logs')) {
      return target;
    }
  }
  return undefined;
}
