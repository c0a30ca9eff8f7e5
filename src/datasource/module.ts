import { DataSourcePlugin } from '@grafana/data';
import { RunLensDataSource } from './data/datasource';
import type { RunLensOptions, RunLensQuery } from './types';
import { ConfigEditor } from './views/ConfigEditor';
import { QueryEditor } from './views/QueryEditor';

export const plugin = new DataSourcePlugin<RunLensDataSource, RunLensQuery, RunLensOptions>(RunLensDataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
