import { createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import type { RegistrarActor } from '../../registry/command/actor';
import type { AuthenticatedRegistrar } from './registrar-api-key.strategy';

@Injectable()
export class RegistrarGuard extends AuthGuard('registrar-api-key') {}

/** The calling registrar as a command actor (type, id, channel, request id). */
export const CurrentRegistrar = createParamDecorator((_data: unknown, ctx: ExecutionContext): RegistrarActor => {
  const req = ctx.switchToHttp().getRequest<Request & { user: AuthenticatedRegistrar; id?: string }>();
  return { type: 'registrar', id: req.user.registrarId, channel: 'rest', requestId: req.id ? String(req.id) : undefined };
});
