/**
 * Runs one task per key at a time: a second call with a key already in flight gets the same
 * promise (a platform that delivers one event twice at once gets one effect and one answer).
 */
export class SingleFlight<T> {
  private readonly inflight = new Map<string, Promise<T>>();

  run(key: string, task: () => Promise<T>): Promise<T> {
    const running = this.inflight.get(key);
    if (running) return running;
    const p = task().finally(() => this.inflight.delete(key));
    this.inflight.set(key, p);
    return p;
  }
}
