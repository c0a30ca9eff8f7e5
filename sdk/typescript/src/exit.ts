import type { RunLogger } from './logger';

/**
 * Process hooks shared by every logger of the process: flush on normal exit (beforeExit), on
 * an uncaught error and on SIGTERM. `process.exit()` called by the script skips them (Node
 * runs no asynchronous work then): call `await logger.flush()` before it.
 */
const loggers = new Set<RunLogger>();
/** Work that must happen before an abnormal exit (the run wrapper finishing its run). */
const tasks = new Set<(reason: string) => Promise<void>>();
let installed = false;
const SIGNAL_FLUSH_MS = 2000;

const flushAll = async (ms: number, reason: string) => {
  await Promise.all([...loggers].map((l) => l.flush(ms)));
  await Promise.race([
    Promise.all([...tasks].map((t) => t(reason).catch(() => undefined))),
    new Promise((r) => setTimeout(r, ms).unref()),
  ]);
};

export function addExitTask(task: (reason: string) => Promise<void>): () => void {
  tasks.add(task);
  return () => tasks.delete(task);
}

export function removeLogger(logger: RunLogger): void {
  loggers.delete(logger);
}

export function installExitHooks(logger: RunLogger): void {
  loggers.add(logger);
  if (installed) {
    return;
  }
  installed = true;
  process.on('beforeExit', () => {
    // beforeExit fires again after the flush; only pending records schedule more work.
    if ([...loggers].some((l) => l.pending() > 0)) {
      void flushAll(5000, 'exit');
    }
  });
  process.on('SIGTERM', () => {
    const others = process.listenerCount('SIGTERM') > 1;
    void flushAll(SIGNAL_FLUSH_MS, 'terminated by SIGTERM').then(() => {
      // Alone, we keep Node's default (exit on SIGTERM); another handler decides otherwise.
      if (!others) {
        process.exit(128 + 15);
      }
    });
  });
  process.on('uncaughtException', (err) => {
    const others = process.listenerCount('uncaughtException') > 1;
    for (const l of loggers) {
      l.error(`uncaught error: ${err instanceof Error ? err.message : String(err)}`, {
        'exception.type': err instanceof Error ? err.name : typeof err,
        'exception.stacktrace': err instanceof Error ? (err.stack ?? '') : '',
      });
    }
    if (others) {
      return;
    }
    // As Node would: the error on stderr and exit code 1, after the records are out.
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    void flushAll(SIGNAL_FLUSH_MS, `uncaught error: ${err instanceof Error ? err.message : String(err)}`).then(() =>
      process.exit(1)
    );
  });
}
