import { type Client, errors as esErrors } from '@elastic/elasticsearch';
import { aggregationsOf } from '../es/aggregations';
import type { Indices } from '../es/indices';
import { search } from '../es/reads';
import { ApiError, notFound } from '../http/errors';
import {
  allDeploymentsRequest,
  deploymentsRequest,
  runsPerScriptRequest,
  scriptStatesRequest,
  type RunsPerScriptAggs,
} from './queries';

export interface ScriptState {
  script: string;
  current_version: number;
  deployed: boolean;
  updated_at: string;
}

export interface Deployment {
  script: string;
  version: number;
  deployed_at: string;
  undeployed_at: string | null;
}

const isConflict = (err: unknown) => err instanceof esErrors.ResponseError && err.statusCode === 409;
const deploymentId = (script: string, version: number) => `${script}#${version}`;

/**
 * Scripts and their deployments. The per-script state document (read in real time by id)
 * answers "is it deployed, which version" on every run start; the deployment documents keep
 * the history for the scripts list and the dashboards' deployment markers.
 */
export class ScriptsService {
  constructor(
    private readonly es: Client,
    private readonly indices: Indices
  ) {}

  async state(
    script: string
  ): Promise<{ state: ScriptState; seq: { if_seq_no: number; if_primary_term: number } } | null> {
    const res = await this.es.get<ScriptState>({ index: this.indices.scripts, id: script }, { ignore: [404] });
    if (!res.found || !res._source) {
      return null;
    }
    return { state: res._source, seq: { if_seq_no: res._seq_no!, if_primary_term: res._primary_term! } };
  }

  /** Deploys the next version. Concurrent deploys get distinct versions: the deployment document is the claim. */
  async deploy(script: string, now = new Date()): Promise<Deployment> {
    const current = await this.state(script);
    let version = (current?.state.current_version ?? 0) + 1;
    const deployment: Deployment = { script, version, deployed_at: now.toISOString(), undeployed_at: null };
    for (;;) {
      try {
        deployment.version = version;
        await this.es.create({
          index: this.indices.deployments,
          id: deploymentId(script, version),
          document: deployment,
        });
        break;
      } catch (err) {
        if (!isConflict(err)) {
          throw err;
        }
        version += 1;
      }
    }
    await this.writeState(script, (s) =>
      s && s.current_version > version
        ? s
        : { script, current_version: version, deployed: true, updated_at: now.toISOString() }
    );
    return deployment;
  }

  async undeploy(script: string, now = new Date()): Promise<Deployment> {
    const current = await this.state(script);
    if (!current) {
      throw notFound(`script ${script}`);
    }
    if (!current.state.deployed) {
      throw new ApiError(409, 'not_deployed', `script ${script} is not deployed`);
    }
    const version = current.state.current_version;
    const undeployed_at = now.toISOString();
    if (undeployed_at < current.state.updated_at) {
      throw new ApiError(400, 'invalid_request', 'invalid body', [
        { path: 'body.undeployed_at', message: 'before the current deployment' },
      ]);
    }
    await this.es.update({
      index: this.indices.deployments,
      id: deploymentId(script, version),
      doc: { undeployed_at },
    });
    await this.writeState(script, (s) => ({
      ...(s ?? { script, current_version: version }),
      deployed: false,
      updated_at: undeployed_at,
    }));
    const res = await this.es.get<Deployment>({ index: this.indices.deployments, id: deploymentId(script, version) });
    return { ...res._source!, undeployed_at };
  }

  /** Read-modify-write of the state document with optimistic concurrency. */
  private async writeState(script: string, next: (s: ScriptState | null) => ScriptState): Promise<void> {
    for (;;) {
      const current = await this.state(script);
      const document = next(current?.state ?? null);
      try {
        if (current) {
          await this.es.index({ index: this.indices.scripts, id: script, document, ...current.seq });
        } else {
          await this.es.create({ index: this.indices.scripts, id: script, document });
        }
        return;
      } catch (err) {
        if (!isConflict(err)) {
          throw err;
        }
      }
    }
  }

  /** The version a new run of this script gets; 409 when the script is not deployed. */
  async versionForNewRun(script: string): Promise<number> {
    const current = await this.state(script);
    if (!current?.state.deployed) {
      throw new ApiError(
        409,
        'script_not_deployed',
        `script ${script} is not deployed; deploy it before starting runs`
      );
    }
    return current.state.current_version;
  }

  async list(): Promise<
    Array<ScriptState & { deployments: Deployment[]; total_runs: number; last_run_at: string | null }>
  > {
    const [states, deployments, runs] = await Promise.all([
      search<ScriptState>(this.es, scriptStatesRequest(this.indices)),
      search<Deployment>(this.es, allDeploymentsRequest(this.indices)),
      search<unknown, RunsPerScriptAggs>(this.es, runsPerScriptRequest(this.indices)),
    ]);
    const byScript = new Map<string, Deployment[]>();
    for (const hit of deployments.hits.hits) {
      const d = hit._source!;
      byScript.set(d.script, [...(byScript.get(d.script) ?? []), { ...d, undeployed_at: d.undeployed_at ?? null }]);
    }
    // No run index yet: no runs per script.
    const runBuckets = aggregationsOf(runs, { scripts: { buckets: [] } }).scripts.buckets;
    const runStats = new Map(runBuckets.map((b) => [b.key, b]));
    return states.hits.hits.map((hit) => {
      const s = hit._source!;
      const r = runStats.get(s.script);
      return {
        ...s,
        deployments: byScript.get(s.script) ?? [],
        total_runs: r?.doc_count ?? 0,
        last_run_at: r?.last.value_as_string ?? null,
      };
    });
  }

  async deployments(scripts: string[], from: Date, to: Date): Promise<Deployment[]> {
    const res = await search<Deployment>(this.es, deploymentsRequest(this.indices, scripts, from, to));
    return res.hits.hits.map((h) => ({ ...h._source!, undeployed_at: h._source!.undeployed_at ?? null }));
  }
}
