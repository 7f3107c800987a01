import type { Context } from 'hono';
import type { Defer } from '../../src/contracts/adapter.js';
import type { Logger } from '../../src/contracts/log.js';

/** Work done after the answer: tracked so tests and shutdown can wait for it, failures logged. */
export class BackgroundTasks {
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    private readonly getLog: () => Logger,
    private readonly defer?: Defer,
  ) {}

  /** Starts `work` in the background; `what` names it in the log if it fails. */
  run(what: string, work: () => Promise<unknown>, c?: Context): void {
    const task: Promise<void> = Promise.resolve()
      .then(work)
      .then(
        () => undefined,
        (err: unknown) => this.getLog().error('dingtalk background task failed', { what, err }),
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
