/**
 * The enumerations of the API with the one display label and the one colour each value has
 * everywhere (tables, charts, badges, the record view). Plain constants, no validation library:
 * the plugin bundle imports this module as it is.
 *
 * Colours are Grafana's named visualization colours (`theme.visualization.getColorByName`);
 * `text` is the theme's text colour: neutral, for what carries no severity.
 */
export interface Choice {
  label: string;
  color: string;
}

export interface Option<V extends string = string> extends Choice {
  value: V;
}

const optionsOf = <V extends string>(values: readonly V[], choices: Record<V, Choice>): Array<Option<V>> =>
  values.map((value) => ({ value, ...choices[value] }));

export const RUN_STATUSES = ['success', 'failed', 'in_progress'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** What a finish may set: a run is in progress until it is finished. */
export const FINISH_STATUSES = ['success', 'failed'] as const satisfies readonly RunStatus[];
export const RUN_STATUS: Record<RunStatus, Choice> = {
  success: { label: 'Success', color: 'green' },
  failed: { label: 'Failed', color: 'red' },
  in_progress: { label: 'In Progress', color: 'blue' },
};

export const SOURCE_TYPES = ['tool', 'api'] as const;
export type SourceType = (typeof SOURCE_TYPES)[number];
export const SOURCE_TYPE: Record<SourceType, Choice> = {
  tool: { label: 'Tool', color: 'purple' },
  api: { label: 'API', color: 'blue' },
};

export const LOG_LEVELS = ['stdout', 'stderr', 'info', 'debug', 'warning', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** Errors (and standard error) red, warnings orange, info blue, debug grey, standard output neutral. */
export const LOG_LEVEL: Record<LogLevel, Choice> = {
  stdout: { label: 'Stdout', color: 'text' },
  stderr: { label: 'Stderr', color: 'red' },
  info: { label: 'Info', color: 'blue' },
  debug: { label: 'Debug', color: 'gray' },
  warning: { label: 'Warning', color: 'orange' },
  error: { label: 'Error', color: 'red' },
};

export const RUN_STATUS_OPTIONS = optionsOf(RUN_STATUSES, RUN_STATUS);
export const SOURCE_TYPE_OPTIONS = optionsOf(SOURCE_TYPES, SOURCE_TYPE);
export const LOG_LEVEL_OPTIONS = optionsOf(LOG_LEVELS, LOG_LEVEL);

export const SORT_ORDERS = ['asc', 'desc'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** How filter conditions are joined: all = AND, any = OR. */
export const MATCHES = ['all', 'any'] as const;
export type Match = (typeof MATCHES)[number];
