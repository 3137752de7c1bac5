import { Body, Controller, HttpCode, Module, Post, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { IsString, Matches, MaxLength } from 'class-validator';

/**
 * The issue's own reference: "a bare NestJS 12 POST endpoint with a class-validator DTO" on
 * Fastify, with nothing of this service (no keys, rate limit, headers, logs, store). Its rate
 * is what the framework alone allows on this machine in this run; the bare endpoint of the app
 * (bench.module.ts) adds the service's request pipeline to it.
 */
class FloorRequest {
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,64}$/)
  toManagerId: string;

  @IsString()
  @MaxLength(500)
  reason: string;
}

@Controller('bench')
class FloorController {
  @Post('bare')
  @HttpCode(200)
  bare(@Body() request: FloorRequest): { toManagerId: string; revision: number; position: string } {
    return { toManagerId: request.toManagerId, revision: 0, position: '0' };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

/** Serves the floor app on a free port of 127.0.0.1 and returns it. */
export async function serveFrameworkFloor(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(FloorModule, new FastifyAdapter(), { logger: false });
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}
