/**
 * Captures what the script writes to stdout and stderr, line by line, while still writing it
 * through: the standard logging option, sent as one batch when the run completes.
 */
export interface CapturedLine {
  level: 'stdout' | 'stderr';
  message: string;
  timestamp: string;
}

type Write = typeof process.stdout.write;

export interface Capture {
  lines: CapturedLine[];
  /** Writes to the real stdout without capturing (the logger's own lines are sent live). */
  writeThrough(line: string): void;
  stop(): CapturedLine[];
}

export function captureOutput(): Capture {
  const lines: CapturedLine[] = [];
  const partial = { stdout: '', stderr: '' };
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };

  const take = (level: 'stdout' | 'stderr', chunk: unknown) => {
    const text = partial[level] + (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString());
    const parts = text.split('\n');
    partial[level] = parts.pop() ?? '';
    const timestamp = new Date().toISOString();
    for (const message of parts) {
      lines.push({ level, message, timestamp });
    }
  };
  for (const level of ['stdout', 'stderr'] as const) {
    const stream = process[level];
    const original = originals[level];
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
      try {
        take(level, chunk);
      } catch {
        // never break the script's output
      }
      return (original as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
    } as Write;
  }
  return {
    lines,
    writeThrough: (line) => void originals.stdout.call(process.stdout, line + '\n'),
    stop() {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
      const timestamp = new Date().toISOString();
      for (const level of ['stdout', 'stderr'] as const) {
        if (partial[level]) {
          lines.push({ level, message: partial[level], timestamp });
          partial[level] = '';
        }
      }
      return lines;
    },
  };
}
