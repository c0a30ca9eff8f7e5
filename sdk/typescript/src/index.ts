export { ENV, parseTraceparent, type RunBinding } from './config';
export type { Attributes, Level } from './line';
export { createLogger, RunLogger, type LoggerOptions, type LoggerStats } from './logger';
export { runScript, type RunOptions, type RunResult } from './run';
