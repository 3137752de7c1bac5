import { InvalidCell } from './normalise';

/**
 * Ids derived from names must not merge two different names: the second name whose id is
 * already taken is refused, with the line of the first.
 */
export class IdRegistry {
  private readonly owners = new Map<string, { name: string; line: number }>();

  constructor(private readonly what: string) {}

  /** True when `id` is already `name`'s; throws when it is someone else's. */
  isTakenBy(id: string, name: string): boolean {
    const owner = this.owners.get(id);
    if (owner && owner.name !== name) {
      throw new InvalidCell(`${this.what} id ${id} of "${name}" is already used by "${owner.name}" (line ${owner.line})`);
    }
    return owner !== undefined;
  }

  take(id: string, name: string, line: number): void {
    this.owners.set(id, { name, line });
  }

  lineOf(id: string): number | undefined {
    return this.owners.get(id)?.line;
  }
}
