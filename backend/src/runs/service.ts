import type { Client, estypes } from '@elastic/elasticsearch';
import { aggregationsOf } from '../es/aggregations';
import type { Indices } from '../es/indices';
import { timeZoneRefused } from '../filters/buckets';
import { msearch, search } from '../es/reads';
import type { Page, Selection } from '@runlens/contract';
import { cursorRefused, pageOf, searchAfterOf } from '../filters/paging';
import type { ScriptsService } from '../scripts/service';
import { applyFinish, applyStart, type FinishEvent, type RunDoc, type StartEvent } from './lifecycle';
import { type RunMetrics, metricsOf, refinePercentiles, statsOf } from './metrics';
import {
  type ByVersionAggs,
  type MetricAggs,
  type TimeseriesAggs,
  type ValuesAggs,
  byVersionRequest,
  runsListRequest,
  runsQuery,
  STATS_FILTER_PATH,
  statsSearches,
  timeseriesRequest,
  valuesRequest,
} from './queries';
import type { RunStore } from './store';

export type StartInput = Omit<StartEvent, 'deployment_version' | 'executed_on'> & {
  deployment_version?: number;
  executed_on?: string;
};

export class RunsService {
  constructor(
    private readonly es: Client,
    private readonly indices: Indices,
    private readonly store: RunStore,
    private readonly scripts: ScriptsService
  ) {}

  async start(input: StartInput): Promise<{ doc: RunDoc; created: boolean }> {
    const now = new Date();
    const executedOn = input.executed_on ?? now.toISOString();
    const res = await this.store.apply(input.run_id, new Date(executedOn), async (doc) => {
      // A repeated start of a known run is answered from the stored run, deployed or not.
      if (doc?.started) {
        return null;
      }
      const current = await this.scripts.versionForNewRun(input.script);
      const event: StartEvent = {
        ...input,
        executed_on: executedOn,
        deployment_version: input.deployment_version ?? current,
      };
      return applyStart(doc, event, now.toISOString());
    });
    return { doc: res.doc, created: res.changed };
  }

  async finish(event: FinishEvent): Promise<RunDoc> {
    const now = new Date().toISOString();
    const res = await this.store.apply(event.run_id, new Date(event.finished_at), (doc) =>
      applyFinish(doc, event, now)
    );
    return res.doc;
  }

  async list(sel: Selection, page: Page) {
    const res = await search<RunDoc>(
      this.es,
      runsListRequest(this.indices.runsPattern, sel, page, searchAfterOf(page, sel)),
      { badRequest: page.cursor ? cursorRefused : undefined }
    );
    return pageOf(res, page, sel, runRow);
  }

  async stats(sel: Selection): Promise<RunMetrics> {
    const [metricsRes, slowestRes] = (
      await msearch(this.es, statsSearches(this.indices.runsPattern, sel), STATS_FILTER_PATH)
    ).responses;
    return statsOf(metricsRes as estypes.SearchResponse<unknown, MetricAggs>, slowestRes as estypes.SearchResponse);
  }

  async timeseries(sel: Selection, interval: string, timeZone: string) {
    const res = await search<unknown, TimeseriesAggs>(
      this.es,
      timeseriesRequest(this.indices.runsPattern, sel, interval, timeZone),
      { badRequest: timeZoneRefused }
    );
    const buckets = aggregationsOf(res).series.buckets;
    return {
      interval,
      buckets: buckets.map((b) => ({ time: new Date(b.key).toISOString(), ...metricsOf(b) })),
    };
  }

  async byVersion(sel: Selection) {
    const res = await search<unknown, ByVersionAggs>(this.es, byVersionRequest(this.indices.runsPattern, sel));
    const buckets = aggregationsOf(res).versions.buckets;
    const versions = buckets.map((b) => ({ deployment_version: b.key, ...metricsOf(b) }));
    await refinePercentiles(
      this.es,
      this.indices.runsPattern,
      versions.map((v) => ({
        query: { bool: { filter: [runsQuery(sel), { term: { deployment_version: v.deployment_version } }] } },
        metrics: v,
      }))
    );
    return { versions };
  }

  async values(sel: Selection, field: string) {
    const res = await search<unknown, ValuesAggs>(this.es, valuesRequest(this.indices.runsPattern, sel, field));
    const buckets = aggregationsOf(res).values.buckets;
    return { field, values: buckets.map((b) => ({ value: b.key, count: b.doc_count })) };
  }
}

/** A run as listed: every column, no stored input/output. */
export function runRow(doc: RunDoc) {
  return {
    run_id: doc.run_id,
    script: doc.script,
    function: doc.function,
    status: doc.status,
    deployment_version: doc.deployment_version,
    response_time_ms: doc.response_time_ms ?? null,
    executed_on: doc.executed_on,
    finished_at: doc.finished_at ?? null,
    source_type: doc.source_type,
    source: doc.source,
    error: doc.error ?? null,
    trace_id: doc.trace_id ?? null,
  };
}

/** A run as the record view shows it: every column with its input and output. */
export function runRecord(doc: RunDoc) {
  return { ...runRow(doc), input: doc.input ?? null, output: doc.output ?? null };
}
