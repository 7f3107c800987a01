import type { z } from 'zod';

/** How long one request to the core may take. */
export const CORE_REQUEST_TIMEOUT_MS = 15_000;
/** Attempts of one request when the network fails or the core answers 5xx (every request is safe to repeat). */
export const CORE_REQUEST_ATTEMPTS = 3;
/** First wait between attempts; doubles. */
export const CORE_RETRY_BASE_MS = 300;

/** The core refused or could not be reached; `status` is absent for network failures. */
export class CoreRequestError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'CoreRequestError';
  }
}

export interface CoreEndpoint {
  /** Base URL of the core, e.g. https://pioneer.example.workers.dev */
  url: string;
  /** The bearer token: this gateway's GATEWAY_TOKEN, or the core's CORE_TOKEN. */
  token: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/**
 * POSTs JSON to the core with its bearer token and parses the answer with `schema`. Network
 * failures and 5xx are retried (the routes are idempotent); `expect` lists statuses other than
 * 200 that are answers, not failures (e.g. 409 "lease lost"), returned as `{ status }`.
 */
export async function postCore<S extends z.ZodType>(
  core: CoreEndpoint,
  path: string,
  body: unknown,
  schema: S,
  expect: readonly number[] = [],
): Promise<{ status: 200; data: z.infer<S> } | { status: number; data?: undefined }> {
  const doFetch = core.fetch ?? fetch;
  const url = core.url.replace(/\/+$/, '') + path;
  let last: unknown;
  for (let attempt = 1; attempt <= CORE_REQUEST_ATTEMPTS; attempt++) {
    if (attempt > 1) await new Promise((r) => setTimeout(r, CORE_RETRY_BASE_MS * 2 ** (attempt - 2)));
    let res: Response;
    try {
      res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${core.token}` },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(core.timeoutMs ?? CORE_REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      last = new CoreRequestError(`${path}: ${err instanceof Error ? err.message : String(err)}`);
      continue;
    }
    if (res.status === 200) {
      const parsed = schema.safeParse(await res.json().catch(() => undefined));
      if (!parsed.success)
        throw new CoreRequestError(`${path}: unexpected answer (${parsed.error.issues[0]?.message})`, 200);
      return { status: 200, data: parsed.data };
    }
    if (expect.includes(res.status)) {
      await res.body?.cancel();
      return { status: res.status };
    }
    const text = (await res.text().catch(() => '')).slice(0, 200);
    last = new CoreRequestError(`${path}: HTTP ${res.status} ${text}`, res.status);
    if (res.status < 500) break;
  }
  throw last;
}
