import type { FieldConfig } from '@grafana/data';

/** Field config shared by the metric frames (stats, time series, by version). */
export const COUNT: FieldConfig = { unit: 'none', decimals: 0 };
export const PCT: FieldConfig = { unit: 'percent', decimals: 2 };
/** Milliseconds; "–" when no run had a response time (all failed or in progress). */
export const MS: FieldConfig = { unit: 'ms', noValue: '–' };

/**
 * The runs behind P90 / P99 (successful, timed). A percentile needs about 10 / (1 − p) of them
 * to mean something: 100 for P90, 1,000 for P99; the dashboards colour the count below that.
 */
export const TIMED: FieldConfig = {
  description: 'Successful runs with a response time: what P90 and P99 are computed over',
  ...COUNT,
};
