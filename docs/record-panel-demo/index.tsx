// A page with the record view panel alone, fed the frames a RunLens Record query returns, for a
// browser check and the README screenshot (node docs/record-panel-demo/screenshot.js).
import React from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, getDefaultTimeRange, LoadingState, type PanelProps } from '@grafana/data';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { recordFrames } from '../../src/datasource/data/frames/recordFrame';
import { RecordPanel } from '../../src/panels/record/RecordPanel';
import { DEFAULT_OPTIONS, type RecordPanelOptions } from '../../src/panels/record/types';
import { EditorDemo } from './editor';

const theme = createTheme({ colors: { mode: 'dark' } });
document.body.style.background = theme.colors.background.canvas;
document.body.style.color = theme.colors.text.primary;
document.body.style.fontFamily = theme.typography.fontFamily;
document.body.style.fontSize = `${theme.typography.fontSize}px`;
document.body.style.margin = '0';

const at = (s: number) => new Date(Date.UTC(2026, 10, 24, 9, 41, s)).toISOString();
const log = (i: number, level: string, message: string) => ({
  log_id: `lg_7f3a${i}c`,
  run_id: 'run_01JDX4Q8ZK2M',
  script: 'qbalance',
  function: 'reconcile',
  deployment_version: 7,
  source: 'nightly-ledger',
  source_type: 'tool',
  level,
  message,
  timestamp: at(i),
});

const frames = recordFrames('A', {
  meta: { state: 'ok', runId: 'run_01JDX4Q8ZK2M', prevRunId: 'run_01JDX4Q1AA9B', nextRunId: 'run_01JDX4PZC3QW' },
  run: {
    run_id: 'run_01JDX4Q8ZK2M',
    script: 'qbalance',
    function: 'reconcile',
    status: 'failed',
    deployment_version: 7,
    response_time_ms: null,
    executed_on: at(0),
    finished_at: at(4),
    source_type: 'tool',
    source: 'nightly-ledger',
    error: 'LedgerMismatch: account 4411 off by 12.50 EUR after 3 retries',
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    input: { account_ids: [4411, 4412], as_of: '2026-11-23', options: { retries: 3, tolerance: 0.01 } },
    output: { reconciled: 1, mismatches: [{ account: 4411, delta: -12.5, currency: 'EUR' }] },
  },
  logs: [
    log(0, 'info', 'reconcile start: 2 accounts as of 2026-11-23'),
    log(1, 'debug', 'fetched 1,204 ledger entries for 4411'),
    log(2, 'warning', 'retry 1/3: balance drift on 4411 (-12.50 EUR)'),
    log(3, 'stdout', 'account 4412 ok'),
    log(4, 'error', 'LedgerMismatch: account 4411 off by 12.50 EUR after 3 retries'),
  ],
});

const props = {
  data: { state: LoadingState.Done, series: frames, timeRange: getDefaultTimeRange() },
  options: DEFAULT_OPTIONS,
  width: 1160,
  height: 740,
  timeZone: 'utc',
} as unknown as PanelProps<RecordPanelOptions>;

createRoot(document.getElementById('root')!).render(
  <ThemeContext.Provider value={theme}>
    {/* Grafana's global styles, as in Grafana itself (the JSON viewer's look comes from them). */}
    <GlobalStyles />
    <div style={{ padding: 16, background: theme.colors.background.primary }}>
      {window.location.search.includes('view=editor') ? <EditorDemo /> : <RecordPanel {...props} />}
    </div>
  </ThemeContext.Provider>
);
