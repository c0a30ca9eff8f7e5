import type { DataFrame, DataLink } from '@grafana/data';

/** Where a log line's links lead: this data source (the record in Explore) and a tracing one. */
export interface LogLinkTargets {
  datasource: { uid: string; name: string };
  tracing?: { uid: string; name?: string };
}

/**
 * Internal links Grafana resolves in Explore and on dashboards alike: Run ID opens the run's
 * record (a Record query of this data source) in Explore; Trace ID opens the trace in the
 * configured tracing data source (Tempo reads a TraceQL query of the id, Jaeger and Zipkin the id).
 * The dashboard's own "Open record view" link on Run ID (frames/links.ts) stays first.
 */
export function recordInExploreLink(ds: LogLinkTargets['datasource']): DataLink {
  return {
    title: 'Open run in Explore',
    url: '',
    internal: {
      datasourceUid: ds.uid,
      datasourceName: ds.name,
      query: {
        refId: 'A',
        queryType: 'record',
        runId: '${__value.raw}',
        scripts: [],
        filters: [],
        match: 'all',
        q: '',
      },
    },
  };
}

export function traceLink(tracing: NonNullable<LogLinkTargets['tracing']>): DataLink {
  return {
    title: 'Open trace',
    url: '',
    internal: {
      datasourceUid: tracing.uid,
      datasourceName: tracing.name ?? tracing.uid,
      query: { refId: 'A', query: '${__value.raw}', queryType: 'traceql' },
    },
  };
}

/** Adds the links to the frames' run_id and trace_id fields (logs and runs alike). */
export function withLogLinks(frames: DataFrame[], targets: LogLinkTargets): DataFrame[] {
  for (const frame of frames) {
    for (const field of frame.fields) {
      if (field.name === 'run_id' && frame.name === 'logs') {
        field.config = {
          ...field.config,
          links: [...(field.config.links ?? []), recordInExploreLink(targets.datasource)],
        };
      }
      if (field.name === 'trace_id' && targets.tracing?.uid) {
        field.config = { ...field.config, links: [...(field.config.links ?? []), traceLink(targets.tracing)] };
      }
    }
  }
  return frames;
}
