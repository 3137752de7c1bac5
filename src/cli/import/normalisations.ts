/** One correction the import made to the export's values, and on how many rows. */
export interface Normalisation {
  readonly file: string;
  readonly column: string;
  readonly from: string;
  readonly to: string;
  readonly rows: number;
}

/** Tallies corrections as rows are read, so the summary can say exactly what was changed. */
export class NormalisationLog {
  private readonly seen = new Map<string, Normalisation>();

  /** Returns `to`, having noted the change when it is one. */
  apply(file: string, column: string, from: string, to: string): string {
    if (from === to) return to;
    const key = JSON.stringify([file, column, from, to]);
    const earlier = this.seen.get(key);
    this.seen.set(key, { file, column, from, to, rows: (earlier?.rows ?? 0) + 1 });
    return to;
  }

  list(): Normalisation[] {
    return [...this.seen.values()];
  }
}
