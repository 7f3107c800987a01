import * as lark from '@larksuiteoapi/node-sdk';

const BODYLESS = /^(get|head)$/i;

/**
 * The SDK's HTTP instance, minus the `data: {}` it attaches to every request. Node sends such a
 * GET with a body and nobody minds; fetch (axios's adapter on Workers) refuses it with "Request
 * with a GET or HEAD method cannot have a body", which broke the contact lookup there.
 */
export function bodylessGets(
  // Typed as an axios instance, but its response interceptor already returns the parsed body.
  inner: lark.HttpInstance = lark.defaultHttpInstance as unknown as lark.HttpInstance,
): lark.HttpInstance {
  const strip = <D>(
    opts: lark.HttpRequestOptions<D> | undefined,
    method?: string,
  ): lark.HttpRequestOptions<D> | undefined =>
    opts && BODYLESS.test(method ?? opts.method ?? '') ? { ...opts, data: undefined } : opts;
  return {
    request: (opts) => inner.request(strip(opts)!),
    get: (url, opts) => inner.get(url, strip(opts, 'get')),
    head: (url, opts) => inner.head(url, strip(opts, 'head')),
    delete: (url, opts) => inner.delete(url, opts),
    options: (url, opts) => inner.options(url, opts),
    post: (url, data, opts) => inner.post(url, data, opts),
    put: (url, data, opts) => inner.put(url, data, opts),
    patch: (url, data, opts) => inner.patch(url, data, opts),
  };
}
