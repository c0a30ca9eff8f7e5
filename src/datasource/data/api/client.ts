import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import { toApiError } from './errors';
import { eventStream, type StreamOptions } from './events';
import type { ExportRequest } from '../../../shared/exportTarget';
import { routes, type ApiRequest } from './routes';

/**
 * The RunLens backend through Grafana's data proxy: `baseUrl` is the route
 * `${instanceSettings.url}/runlens`, where the proxy adds the read token. One method per route.
 */
export class RunLensApi {
  constructor(readonly baseUrl: string) {}

  url(path: string, params?: URLSearchParams): string {
    const qs = params?.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ''}`;
  }

  /** Sends a request built from `routes` (the query types build theirs); failures are ApiErrors. */
  async send<T>(request: ApiRequest<T>): Promise<T> {
    try {
      const response = await lastValueFrom(
        getBackendSrv().fetch<T>({
          url: this.url(request.path, request.params),
          method: request.method ?? 'GET',
          data: request.data,
          showErrorAlert: false,
          showSuccessAlert: false,
        })
      );
      return response.data;
    } catch (err) {
      throw toApiError(err);
    }
  }

  /** A live tail (SSE) of `request`, resumed from its last event when the proxy cuts it. */
  stream(request: ApiRequest<never>, options?: StreamOptions) {
    return eventStream((lastEventId) => {
      const params = new URLSearchParams(request.params);
      if (lastEventId) {
        params.set('last_event_id', lastEventId);
      }
      return this.url(request.path, params);
    }, options);
  }

  ready = () => this.send(routes.ready());
  scripts = () => this.send(routes.scripts());
  deployments = (params: URLSearchParams) => this.send(routes.deployments(params));
  runs = (params: URLSearchParams) => this.send(routes.runs(params));
  stats = (params: URLSearchParams) => this.send(routes.stats(params));
  timeseries = (params: URLSearchParams) => this.send(routes.timeseries(params));
  byVersion = (params: URLSearchParams) => this.send(routes.byVersion(params));
  values = (params: URLSearchParams) => this.send(routes.values(params));
  record = (runId: string, params?: URLSearchParams) => this.send(routes.record(runId, params));
  logs = (params: URLSearchParams) => this.send(routes.logs(params));
  logVolume = (params: URLSearchParams) => this.send(routes.logVolume(params));
  startExport = (request: ExportRequest) => this.send(routes.startExport(request));
  getExport = (id: string) => this.send(routes.getExport(id));
  cancelExport = (id: string) => this.send(routes.cancelExport(id));
  /** Where the browser downloads a finished export (the proxy adds the token and the user). */
  downloadUrl = (id: string) => this.url(routes.downloadExport(id).path);
}
