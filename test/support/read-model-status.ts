/** Anything that sends a request as a role and gives back its status and JSON body. */
export type Sender = (method: string, path: string, options: { role: 'admin' }) => Promise<{ status: number | string; body?: any }>;

export interface ProjectionState {
  readonly name: string;
  readonly status: string;
  readonly checkpoint: string | null;
  readonly head: string | null;
  readonly failure?: { readonly error: string; readonly position: string };
}

/** GET /admin/projections, as the operators see it. */
export async function projectionStates(send: Sender): Promise<ProjectionState[]> {
  const response = await send('GET', '/admin/projections', { role: 'admin' });
  if (response.status !== 200) throw new Error(`GET /admin/projections answered ${response.status}`);
  return response.body.projections;
}

/**
 * Polls until every read model and reactor has applied the log's head and the head stayed put
 * (reactors may write more), or fails after `timeoutMs`. Resolves with the head.
 */
export async function waitForReadModels(send: Sender, timeoutMs = 15_000): Promise<string | null> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const states = await projectionStates(send);
    const head = states[0]?.head ?? null;
    if (states.every((state) => state.status === 'running' && state.checkpoint === head)) {
      const again = await projectionStates(send);
      if (again.every((state) => state.head === head)) return head;
    }
    if (Date.now() > deadline) throw new Error(`Read models did not reach the head within ${timeoutMs} ms: ${JSON.stringify(states)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
