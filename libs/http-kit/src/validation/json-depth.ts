import { ProblemException } from '../problems/problem';

/**
 * No request of this API nests deeper than a few levels. Deeper documents are refused before
 * validation: the validators recurse, and a crafted body could exhaust the stack.
 */
export const MAX_JSON_DEPTH = 32;

/** Measures nesting without recursion, stopping as soon as the limit is passed. */
export function exceedsDepth(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  const stack: Array<{ node: unknown; depth: number }> = [{ node: value, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(node)) stack.push({ node: child, depth: depth + 1 });
  }
  return false;
}

/** Fastify `preValidation` hook: refuses over-nested bodies with 400. */
export async function refuseDeepBodies(request: { body?: unknown }): Promise<void> {
  if (exceedsDepth(request.body)) {
    throw new ProblemException(400, 'too-deeply-nested', 'The request body is nested too deeply',
      `No request of this API nests deeper than ${MAX_JSON_DEPTH} levels.`);
  }
}
