import { useEffect, useState } from 'react';
import { getDataSourceSrv } from '@grafana/runtime';
import { DATASOURCE_TYPE } from '../../constants';
import type { RunLensDataSource } from '../../datasource/data/datasource';
import type { ScriptInfo } from '../../datasource/types';

export type ScriptsState =
  | { status: 'loading' }
  | { status: 'no-datasource' }
  | { status: 'error'; message: string }
  | { status: 'ok'; scripts: ScriptInfo[] };

/** The scripts known to the first RunLens data source. */
export function useScripts(): ScriptsState {
  const [settings] = useState(() => getDataSourceSrv().getList({ type: DATASOURCE_TYPE })[0]);
  const [state, setState] = useState<ScriptsState>(settings ? { status: 'loading' } : { status: 'no-datasource' });
  useEffect(() => {
    let cancelled = false;
    if (!settings) {
      return;
    }
    getDataSourceSrv()
      .get({ type: DATASOURCE_TYPE, uid: settings.uid })
      .then((ds) => (ds as unknown as RunLensDataSource).api.scripts())
      .then((res) => !cancelled && setState({ status: 'ok', scripts: res.scripts }))
      .catch((err: Error) => !cancelled && setState({ status: 'error', message: err.message }));
    return () => {
      cancelled = true;
    };
  }, [settings]);
  return state;
}
