import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { CommandHandler } from '../../registry/command/command-context';
import { CommandRunner } from '../../registry/command/command-runner';
import { adminActor } from '../admin-request';
import { AdminAudit, type AdminAuditEntry } from './admin-audit.service';

/** What an action's audit entry says about it, given the command's input and result. */
export type AuditDescription = Pick<AdminAuditEntry, 'action' | 'objectType' | 'objectId' | 'details'>;

/**
 * Runs a registry command for a signed-in administrator through the CommandRunner (one
 * transaction, one `now`, history as the admin actor on channel `admin`) and writes the audit
 * entry inside that same transaction: the change and its audit entry commit together.
 *
 *   await this.commands.run(req, res, this.suspend, { registrarId }, () => ({ action: 'registrar.suspend', objectType: 'registrar', objectId: registrarId }));
 */
@Injectable()
export class AdminCommands {
  constructor(
    private readonly runner: CommandRunner,
    private readonly audit: AdminAudit,
  ) {}

  run<I, O>(req: Request, res: Response, handler: CommandHandler<I, O>, input: I, describe: (result: O, input: I) => AuditDescription): Promise<O> {
    const who = AdminAudit.from(req, res);
    const audited: CommandHandler<I, O> = {
      command: handler.command,
      handle: async (ctx, inp) => {
        const result = await handler.handle(ctx, inp);
        await this.audit.record(ctx.manager, { ...who, ...describe(result, inp), at: ctx.now });
        return result;
      },
    };
    return this.runner.run(audited, adminActor(req, res), input);
  }
}
