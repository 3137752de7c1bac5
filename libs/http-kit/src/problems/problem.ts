import { HttpException } from '@nestjs/common';

/** One offending request field and why it was refused. */
export interface FieldProblem {
  readonly field: string;
  readonly reason: string;
}

/** An RFC 9457 problem document as this service writes it. */
export interface ProblemDocument {
  /** Stable, documented identifier of the kind of problem: `/problems/<code>`. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  /** Present on validation problems. */
  readonly errors?: FieldProblem[];
  /** The stable code again, for clients that switch on it. */
  readonly code: string;
  readonly [extension: string]: unknown;
}

export const problemType = (code: string) => `/problems/${code}`;

/** Thrown anywhere in the HTTP layer to answer with a given problem. */
export class ProblemException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    title: string,
    detail?: string,
    readonly errors?: FieldProblem[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super({ title, detail }, status);
  }

  toProblem(instance?: string): ProblemDocument {
    const body = this.getResponse() as { title: string; detail?: string };
    return {
      type: problemType(this.code),
      title: body.title,
      status: this.getStatus(),
      ...(body.detail ? { detail: body.detail } : {}),
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
      code: this.code,
    };
  }
}
