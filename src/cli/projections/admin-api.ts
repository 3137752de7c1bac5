import type { ProjectionStatus } from '@ledger/projections';
import { CliError } from '../cli-errors';

/** How long the CLI waits for the server before saying it does not answer. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The server's operations endpoints. The read models belong to the running server, so the CLI
 * asks it rather than touching their tables.
 */
export class AdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly key: string,
  ) {}

  async status(): Promise<ProjectionStatus[]> {
    const body = (await this.send('GET', '/admin/projections')) as { projections: ProjectionStatus[] };
    return body.projections;
  }

  async rebuild(name: string): Promise<{ projection: string; generation: number }> {
    return (await this.send('POST', `/admin/projections/${encodeURIComponent(name)}/rebuild`)) as { projection: string; generation: number };
  }

  private async send(method: string, path: string): Promise<unknown> {
    const url = new URL(path, this.baseUrl);
    let response: Response;
    try {
      response = await fetch(url, { method, headers: { authorization: `Bearer ${this.key}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      throw new CliError(`Cannot reach the server at ${this.baseUrl} (${reasonOf(error)}): is it running (npm start)? Use --url if it listens elsewhere.`);
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw new CliError(`${method} ${url.pathname}: ${response.status} ${problemText(body) ?? response.statusText}`);
    return body;
  }
}

function reasonOf(error: unknown): string {
  if ((error as Error).name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  // fetch says only "fetch failed"; the cause says why (ECONNREFUSED, ENOTFOUND, bad port).
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function problemText(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const { title, detail } = body as { title?: string; detail?: string };
  return [title, detail].filter(Boolean).join(': ') || undefined;
}
