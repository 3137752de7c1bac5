import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiProduces } from '@nestjs/swagger';
import { stringify } from 'csv-stringify/sync';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { map, Observable } from 'rxjs';

const CSV_ROWS = 'ledger:csv-rows';

type ToRows = (body: any) => object[];

/** The route also answers `Accept: text/csv`, with the rows `toRows` makes of its JSON answer. */
export function CsvExport(toRows: ToRows) {
  return applyDecorators(SetMetadata(CSV_ROWS, toRows), UseInterceptors(CsvInterceptor), ApiProduces('application/json', 'text/csv'));
}

/** True when the caller prefers CSV to JSON (a plain `Accept: text/csv`, or CSV ranked higher). */
export function prefersCsv(accept: string | undefined): boolean {
  const ranked = (accept ?? '')
    .split(',')
    .map((part) => {
      const [type, ...parameters] = part.trim().toLowerCase().split(';');
      const quality = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type, q: quality ? Number(quality.slice(2)) : 1 };
    })
    .filter((entry) => entry.type === 'text/csv' || entry.type === 'application/json');
  const csv = ranked.find((entry) => entry.type === 'text/csv');
  const json = ranked.find((entry) => entry.type === 'application/json');
  return csv !== undefined && csv.q > 0 && (json === undefined || csv.q > json.q);
}

@Injectable()
export class CsvInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const toRows = this.reflector.get<ToRows>(CSV_ROWS, context.getHandler());
    if (!toRows || !prefersCsv(request.headers.accept)) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((body) => {
        void reply.header('Content-Type', 'text/csv; charset=utf-8');
        return stringify(toRows(body), { header: true, cast: { boolean: (value) => String(value) } });
      }),
    );
  }
}
