import { CustomVariableSupport, type DataQueryRequest, type DataQueryResponse } from '@grafana/data';
import { from, map, type Observable } from 'rxjs';
import type { RunLensVariableQuery } from '../types';
import { VariableQueryEditor } from '../views/VariableQueryEditor';
import type { RunLensDataSource } from './datasource';

type VariableDataQuery = RunLensVariableQuery & { refId: string };

/** Query variables: the editor picks {kind, scripts}; values come from metricFindQuery. */
export class RunLensVariableSupport extends CustomVariableSupport<RunLensDataSource, VariableDataQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: RunLensDataSource) {
    super();
  }

  query(request: DataQueryRequest<VariableDataQuery>): Observable<DataQueryResponse> {
    const values = this.datasource.metricFindQuery(request.targets[0], {
      range: request.range,
      scopedVars: request.scopedVars,
    });
    return from(values).pipe(map((data) => ({ data })));
  }
}
