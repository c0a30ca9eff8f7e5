import { LOG_LEVEL, RUN_STATUS, SOURCE_TYPE, type Choice } from '@runlens/contract/enums';

/**
 * The one label and colour of each status, source type and log level, from the contract
 * (contract/src/enums.ts), for every place that shows them: table mappings, the log volume chart,
 * the record view. Colours are Grafana colour names (theme.visualization.getColorByName).
 */
export { LOG_LEVEL, RUN_STATUS, SOURCE_TYPE, type Choice };

/** A value the contract does not list (a newer backend) reads as itself, in the neutral colour. */
const lookup =
  (choices: Record<string, Choice>) =>
  (value: string | null | undefined): Choice =>
    (value ? choices[value] : undefined) ?? { label: value || 'Unknown', color: 'text' };

export const runStatus = lookup(RUN_STATUS);
export const sourceType = lookup(SOURCE_TYPE);
export const logLevel = lookup(LOG_LEVEL);
