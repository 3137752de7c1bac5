import { Agent, request } from 'node:http';

export interface RawRequest {
  readonly method: string;
  /** Sent as is: percent-escapes, dot segments and all. */
  readonly path: string;
  readonly headers?: Record<string, string>;
  readonly body?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  readonly json: any;
}

export interface RawClient {
  send(request: RawRequest): Promise<RawResponse>;
  /** Closes its kept-alive sockets, so that the app can close at once. */
  close(): void;
}

/**
 * Sends requests with exactly the path, headers and body given (fetch would normalise the path
 * and set headers of its own). Node still refuses bytes no HTTP message may carry (control
 * characters in headers, spaces in the path): generators must not produce them.
 */
export function rawClient(baseUrl: string): RawClient {
  const { hostname, port } = new URL(baseUrl);
  // A few kept-alive sockets: fuzzing sends hundreds of requests one after another.
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  const send = ({ method, path, headers = {}, body }: RawRequest) =>
    new Promise<RawResponse>((resolve, reject) => {
      const outgoing = request({ host: hostname, port, method, path, headers, agent }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: response.statusCode ?? 0, contentType: String(response.headers['content-type'] ?? ''), text, json: parse(text) });
        });
        response.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  return { send, close: () => agent.destroy() };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
