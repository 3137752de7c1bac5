/**
 * Waits until `condition` holds, checking it every `pollMs` (0: on the next turn of the event
 * loop), and throws once `timeoutMs` has passed without it: for specs that wait on background work.
 */
export async function until(
  condition: () => boolean | Promise<boolean>,
  { timeoutMs = 5000, pollMs = 10 }: { timeoutMs?: number; pollMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => (pollMs === 0 ? setImmediate(resolve) : setTimeout(resolve, pollMs)));
  }
}
