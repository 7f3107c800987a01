import { DeliveryError } from '../../src/contracts/errors.js';
import { systemClock, type Clock } from '../../src/contracts/time.js';
import { CUSTOM_ROBOT_BLOCK_MS, DINGTALK_RATE_LIMIT_WAIT_MS, DINGTALK_TOKEN_EARLY_MS } from './constants.js';

// DingTalk's server APIs with fetch, not @alicloud/dingtalk: that SDK can be pointed at
// 127.0.0.1 (endpoint + protocol), but its HTTP layer is node:http (httpx, moment, xml2js…),
// about 170 KiB gzip more in the Workers bundle, and every call here is one JSON request with
// one header. fetch runs the same on Node and Workers and shows the status and body we classify.

export interface ApiOptions {
  /** https://api.dingtalk.com, or a loopback fake. */
  base: string;
  clientId: string;
  clientSecret: string;
  clock?: Clock;
}

type Method = 'GET' | 'POST' | 'PUT';

/** Error codes of api.dingtalk.com that mean "too many requests". */
const RATE_LIMIT_CODE = /qpslimit|throttl|flowcontrol|ratelimit/i;
/** Codes that mean the access token is no longer good: fetch a new one and try again. */
const TOKEN_CODE = /invalidauthentication|accesstoken|invalid\.?token/i;

interface ApiErrorBody {
  code?: string;
  message?: string;
}

async function readJson(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** A refused answer as a DeliveryError the relay and the inbox understand. */
export function apiError(status: number, body: ApiErrorBody): DeliveryError {
  const what = `dingtalk HTTP ${status}${body.code ? ` ${body.code}` : ''}${body.message ? ` ${body.message}` : ''}`;
  if (status === 429 || (body.code && RATE_LIMIT_CODE.test(body.code))) {
    return new DeliveryError(what, { retryAfterMs: DINGTALK_RATE_LIMIT_WAIT_MS, status });
  }
  if (status >= 500 || status === 401) return new DeliveryError(what, { status });
  return new DeliveryError(what, { status, permanent: status >= 400 });
}

/** The server API (api.dingtalk.com) with the app's access token, fetched and renewed as needed. */
export class DingTalkApi {
  private token: { value: string; until: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly clock: Clock;

  constructor(private readonly o: ApiOptions) {
    this.clock = o.clock ?? systemClock;
  }

  get clientId(): string {
    return this.o.clientId;
  }

  /** One call; answers the parsed JSON body, throws DeliveryError. A stale token is renewed once. */
  async call<T = Record<string, unknown>>(method: Method, path: string, body?: unknown): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.accessToken();
      let res: Response;
      try {
        res = await fetch(this.o.base + path, {
          method,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'x-acs-dingtalk-access-token': token,
          },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });
      } catch (err) {
        throw new DeliveryError(`dingtalk request failed: ${(err as Error).message}`);
      }
      const json = await readJson(res);
      if (res.ok) return json as T;
      const err = json as ApiErrorBody;
      if (attempt === 1 && (res.status === 401 || (err.code && TOKEN_CODE.test(err.code)))) {
        this.token = undefined;
        continue;
      }
      throw apiError(res.status, err);
    }
  }

  private accessToken(): Promise<string> {
    const now = this.clock.now().getTime();
    if (this.token && this.token.until > now) return Promise.resolve(this.token.value);
    this.pending ??= this.fetchToken().finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** `POST /v1.0/oauth2/accessToken {appKey, appSecret}` → `{accessToken, expireIn}` (seconds). */
  private async fetchToken(): Promise<string> {
    let res: Response;
    try {
      res = await fetch(`${this.o.base}/v1.0/oauth2/accessToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ appKey: this.o.clientId, appSecret: this.o.clientSecret }),
      });
    } catch (err) {
      throw new DeliveryError(`dingtalk token request failed: ${(err as Error).message}`);
    }
    const json = await readJson(res);
    const value = typeof json.accessToken === 'string' ? json.accessToken : undefined;
    if (!res.ok || !value) throw apiError(res.ok ? 502 : res.status, json as ApiErrorBody);
    const expireIn = typeof json.expireIn === 'number' ? json.expireIn : 7200;
    this.token = { value, until: this.clock.now().getTime() + expireIn * 1000 - DINGTALK_TOKEN_EARLY_MS };
    return value;
  }
}

/**
 * Posts to an old-API robot URL (a custom robot's `robot/send`, a sessionWebhook), which answers
 * HTTP 200 with `{errcode, errmsg}`. 130101 (sent too fast: blocked 10 minutes) and 410100
 * (flow control) wait; other codes are permanent.
 */
export async function postRobot(url: string, body: unknown): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    });
  } catch (err) {
    throw new DeliveryError(`dingtalk robot request failed: ${(err as Error).message}`);
  }
  const json = await readJson(res);
  if (!res.ok) throw apiError(res.status, { message: String(json.errmsg ?? '') });
  const code = typeof json.errcode === 'number' ? json.errcode : 0;
  if (code === 0) return;
  const what = `dingtalk robot errcode ${code} ${String(json.errmsg ?? '')}`.trim();
  if (code === 130101) throw new DeliveryError(what, { retryAfterMs: CUSTOM_ROBOT_BLOCK_MS });
  if (code === 410100 || code === -1) throw new DeliveryError(what, { retryAfterMs: DINGTALK_RATE_LIMIT_WAIT_MS });
  throw new DeliveryError(what, { permanent: true });
}
