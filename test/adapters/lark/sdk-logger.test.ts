import { describe, expect, it } from 'vitest';
import { sdkLogger } from '../../../adapters/lark/sdk-logger.js';
import { memoryLogger } from '../../../src/contracts/log.js';

/** What axios' error.toJSON() gives (the SDK logs errors inside arrays, so JSON.stringify calls it). */
function axiosLikeError(secret: string) {
  const err = new Error('Request failed with status code 400');
  err.name = 'AxiosError';
  err.stack = 'AxiosError: short';
  return Object.assign(err, {
    toJSON: () => ({
      message: err.message,
      name: err.name,
      stack: err.stack,
      config: {
        url: '/open-apis/auth/v3/tenant_access_token/internal',
        data: `{"app_id":"cli_x","app_secret":"${secret}"}`,
        headers: { Authorization: `Bearer ${secret}` },
      },
      status: 400,
    }),
  });
}

describe('the Lark SDK logger', () => {
  it('keeps errors and codes, never a request body, header or secret-named field', () => {
    const log = memoryLogger();
    const sdk = sdkLogger(() => log);
    const secret = 'S3CRET-0123456789abcdef';
    sdk.error([axiosLikeError(secret)]);
    sdk.error('[token]', { app_secret: secret, tenant_access_token: secret, code: 10014 });
    sdk.warn(axiosLikeError(secret));
    const text = JSON.stringify(log.lines);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(secret.slice(0, 10));
    expect(log.lines.map((l) => String(l.fields?.detail))).toEqual([
      '[{"message":"Request failed with status code 400","name":"AxiosError","status":400}]',
      '[token] {"app_secret":"[redacted]","tenant_access_token":"[redacted]","code":10014}',
      'AxiosError: Request failed with status code 400',
    ]);
  });
});
