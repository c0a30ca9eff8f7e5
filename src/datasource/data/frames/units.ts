import type { FieldConfig } from '@grafana/data';

/** Field config shared by the metric frames (stats, time series, by version). */
export const COUNT: FieldConfig = { unit: 'none', decimals: 0 };
export const PCT: FieldConfig = { unit: 'percent', decimals: 2 };
/** Milliseconds; "–" when no run had a response time (all failed or in progress). */
export const MS: FieldConfig = { unit: 'ms', noValue: '–' };
