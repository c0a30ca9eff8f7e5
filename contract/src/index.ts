/**
 * The HTTP contract between the RunLens backend and its clients, one file per area:
 * `enums` and `columns` (plain constants, safe for the plugin bundle), `errors`, and the
 * request and response schemas of each group of routes (zod).
 */
export * from './enums';
export * from './columns';
export * from './errors';
export * from './inputs';
export * from './common';
export * from './selection';
export * from './service';
export * from './scripts';
export * from './runs';
export * from './logs';
export * from './realtime';
export * from './exports';
