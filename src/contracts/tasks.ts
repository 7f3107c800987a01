import type { Context } from 'hono';
import type { Defer } from './adapter.js';
import type { Logger } from './log.js';

/**
 * An adapter's work done after the answer (a webhook acknowledged first, the reply sent after):
 * tracked so tests and shutdown can wait for it, failures logged with the platform's name.
 */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly platform: string,
    private readonly getLog: () => Logger,
    private readonly defer?: Defer,
  ) {}

  /** Starts `work` in the background; `what` names it in the log if it fails. */
  run(what: string, work: () => Promise<unknown>, c?: Context): void {
    const task: Promise<void> = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (err: unknown) => this.getLog().error(`${this.platform} background task failed`, { what, err }),
      )
      .finally(() => this.pending.delete(task));
    this.pending.add(task);
    this.defer?.(task, c);
  }

  /** Resolves when every task started so far (and any they started) has finished. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }
}
