/**
 * The fetch that openapi-fetch calls, over the transport: openapi-fetch hands over
 * a Request; the transport wants plain values, so that the body can be sent again
 * after a 429 and any fetch implementation fits. Each Response it makes is linked
 * to its raw exchange.
 */
import type { Exchange, Transport } from './transport.ts';

export function transportFetch(
  transport: Transport,
  exchanges: WeakMap<Response, Exchange>,
): (request: Request) => Promise<Response> {
  const basePath = new URL(transport.baseUrl).pathname.replace(/\/$/, '');
  return async (request) => {
    const body = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      headers[name] = value;
    });
    const url = new URL(request.url);
    const exchange = await transport.send({
      method: request.method,
      path: `${url.pathname.slice(basePath.length)}${url.search}`,
      headers,
      ...(body === undefined ? {} : { body: new TextDecoder().decode(body) }),
    });
    const nullBody = exchange.status === 204 || exchange.status === 304 || exchange.body === '';
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(exchange.headers)) {
      if (name !== 'content-encoding' && name !== 'content-length' && name !== 'transfer-encoding')
        responseHeaders.set(name, value);
    }
    if (nullBody) responseHeaders.set('content-length', '0');
    const response = new Response(nullBody ? null : exchange.body, {
      status: exchange.status,
      headers: responseHeaders,
    });
    exchanges.set(response, exchange);
    return response;
  };
}
