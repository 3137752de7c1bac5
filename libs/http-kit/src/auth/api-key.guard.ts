import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { hash } from 'node:crypto';
import { Actor, ApiKey, Role } from './api-keys';
import { PUBLIC_METADATA, ROLES_METADATA } from './roles.decorator';

export const API_KEYS = Symbol('API_KEYS');

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

/**
 * Global guard: every route needs a Bearer key unless marked @Public(). A route that names no
 * roles is admin-only, so forgetting @Roles() closes a route rather than opening it.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly byFingerprint: Map<string, ApiKey>;

  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEYS) keys: ApiKey[],
  ) {
    // Looked up by hash, never compared as text: a string comparison stops at the first wrong
    // character, so its timing would tell how much of a guess was right. The map compares
    // SHA-256 digests, and one changed character changes the whole digest, so the lookup's
    // time says nothing about the key (constant-time in effect, without timingSafeEqual over a list).
    this.byFingerprint = new Map(keys.map((key) => [fullHash(key.key), key]));
  }

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_METADATA, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const actor = this.authenticate(request.headers.authorization);
    const allowed = this.reflector.getAllAndOverride<Role[]>(ROLES_METADATA, targets) ?? [];
    if (actor.role !== 'admin' && !allowed.includes(actor.role)) {
      throw new ForbiddenException(`This endpoint needs a key of role ${[...allowed, 'admin'].join(' or ')}`);
    }
    request.actor = actor;
    return true;
  }

  private authenticate(authorization: string | undefined): Actor {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) throw new UnauthorizedException('Send an API key as Authorization: Bearer <key>');
    const key = this.byFingerprint.get(fullHash(match[1]));
    if (!key) throw new UnauthorizedException('Unknown API key');
    return { role: key.role, keyId: key.keyId };
  }
}

// crypto.hash, one call: a Hash object per request showed in the bare endpoint's profile.
const fullHash = (key: string) => hash('sha256', key, 'hex');
