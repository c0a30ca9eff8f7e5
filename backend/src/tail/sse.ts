import type { Request, Response } from 'express';

/** A Server-Sent Events response: events, comments as heartbeats, backpressure, close. */
export class EventStream {
  private closed = false;

  constructor(
    private readonly res: Response,
    req: Request,
    retryMs: number
  ) {
    res.status(200).set({
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Proxies (nginx and the like) must pass events through as they come.
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    req.on('close', () => (this.closed = true));
    this.write(`retry: ${retryMs}\n\n`);
  }

  get isClosed(): boolean {
    return this.closed || this.res.writableEnded;
  }

  async send(event: string, data: unknown, id?: string): Promise<void> {
    const lines = [id ? `id: ${id}` : '', `event: ${event}`, `data: ${JSON.stringify(data)}`].filter(Boolean);
    if (!this.write(lines.join('\n') + '\n\n')) {
      await new Promise<void>((resolve) => {
        this.res.once('drain', resolve);
        this.res.once('close', resolve);
      });
    }
  }

  heartbeat(): void {
    this.write(`: heartbeat ${new Date().toISOString()}\n\n`);
  }

  end(): void {
    if (!this.res.writableEnded) {
      this.res.end();
    }
    this.closed = true;
  }

  private write(text: string): boolean {
    return this.isClosed ? true : this.res.write(text);
  }
}
