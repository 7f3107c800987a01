// Background work (the weekly digest, the pairing alerts) runs in slices: between two slices the
// event loop answers the messages that came in meanwhile (issue 24: a 帮助 waited 62 s behind a
// digest). The embedded store answers queries synchronously, so an `await` alone never yields.

/** Resolves on a later turn of the event loop, after the I/O and timers already waiting. */
export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => {
    // Workers have no setImmediate (without nodejs_compat); a zero timeout yields there too.
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

/** Calls `yieldToLoop` once `sliceMs` have passed since the last yield; else resolves at once. */
export class Slicer {
  private since = performance.now();
  constructor(private readonly sliceMs = 20) {}

  async maybeYield(): Promise<void> {
    if (performance.now() - this.since < this.sliceMs) return;
    await yieldToLoop();
    this.since = performance.now();
  }
}
