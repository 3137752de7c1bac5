import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { addSecurityHeaders, answerFrameworkError, ApiKey, correlationIdFor, CORRELATION_HEADER, refuseDeepBodies, strictValidationPipe } from '@ledger/http-kit';
import { AppModule, AppOptions } from './app.module';
import { AppConfig } from './config';
import { HttpMetrics } from './operations/metrics/http-metrics';
import { logRequests } from './operations/request-logging';
import { recordRoutes } from './operations/route-inventory';

/** Builds the HTTP application; shared by `main.ts` and the e2e tests so both run the same app. */
export async function createApp(config: AppConfig, apiKeys: ApiKey[], options: AppOptions = {}) {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    genReqId: (request: IncomingMessage) => {
      const id = correlationIdFor(request);
      // The request line (logRequests) serializes the raw request, id included: logs and event metadata share it.
      (request as typeof request & { id: string }).id = id;
      return id;
    },
    frameworkErrors: answerFrameworkError,
  });
  recordRoutes(adapter.getInstance());
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, apiKeys, options), adapter, {
    // Start-up logs wait for pino, so they obey LOG_LEVEL like the rest.
    bufferLogs: true,
    // JSON only: Nest's default parsers would also take url-encoded forms.
    bodyParser: false,
  });
  app.useBodyParser('application/json', { bodyLimit: config.BODY_LIMIT_BYTES });
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(strictValidationPipe());
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  addSecurityHeaders(fastify);
  fastify.addHook('preValidation', refuseDeepBodies);
  fastify.addHook('onResponse', app.get(HttpMetrics).onResponse);
  logRequests(fastify, PinoLogger.root);
  fastify.addHook('onSend', async (request, reply) => {
    reply.header(CORRELATION_HEADER, request.id);
  });
  setUpOpenApi(app);
  await app.init();
  return app;
}

function setUpOpenApi(app: NestFastifyApplication) {
  const document = new DocumentBuilder()
    .setTitle('Key-account ledger')
    .setDescription(
      'Event-sourced account management: commands append events to the log; read models are built from it. ' +
        'Errors are application/problem+json (RFC 9457). Commands take Idempotency-Key and If-Match.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'API key of role service, analyst, auditor or admin' })
    .addSecurityRequirements('bearer')
    .build();
  // The document describes the API, holds no data, and is public like health: callers need it to start.
  SwaggerModule.setup('docs', app, () => withProblemSchema(SwaggerModule.createDocument(app, document)), {
    jsonDocumentUrl: 'docs/openapi.json',
  });
}

/** The RFC 9457 problem document every error answer carries. */
function withProblemSchema(document: OpenAPIObject): OpenAPIObject {
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    Problem: {
      type: 'object',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: { type: 'string', example: '/problems/account-already-assigned' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        instance: { type: 'string' },
        code: { type: 'string', description: 'Stable reason code, as in type' },
        errors: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, reason: { type: 'string' } } },
        },
      },
    },
  };
  return document;
}
