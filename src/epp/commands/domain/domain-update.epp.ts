import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { RestoreDomainHandler } from '../../../registry/domains/commands/restore-domain.handler';
import { UpdateDomainHandler, type UpdateDomainInput } from '../../../registry/domains/commands/update-domain.handler';
import type { ContactType } from '../../../registry/domains/domain.types';
import { NS } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { extension, refuseOption, required } from '../epp-parse';
import { parseDsData } from './domain-create.epp';

type Input =
  | { kind: 'update'; update: Omit<UpdateDomainInput, 'registrarId'> }
  | { kind: 'restore'; name: string; op: 'request' | 'report'; report: Record<string, unknown> };

/**
 * <update><domain:update> (+ secDNS:update, rgp:update) → UpdateDomainHandler, or
 * RestoreDomainHandler when the rgp:restore extension is present (RFC 3915).
 */
@Injectable()
export class DomainUpdateEpp implements EppCommand<Input> {
  readonly name = 'domain:update';
  readonly objectUri = NS.domain;

  constructor(
    private readonly runner: CommandRunner,
    private readonly update: UpdateDomainHandler,
    private readonly restore: RestoreDomainHandler,
  ) {}

  parse(r: EppReader, cmd: EppNode): Input {
    const base = 'epp:update/domain:update';
    const name = required(r, `${base}/domain:name`, cmd, 'domain:name');
    const rgp = extension(r, cmd, 'rgp:update/rgp:restore');
    if (rgp) {
      const op = (r.attr('.', 'op', rgp) ?? 'request') as 'request' | 'report';
      const report: Record<string, unknown> = {};
      for (const field of ['preData', 'postData', 'delTime', 'resTime', 'resReason', 'other']) {
        const v = r.text(`rgp:report/rgp:${field}`, rgp);
        if (v !== null) report[field] = v;
      }
      report.statements = r.texts('rgp:report/rgp:statement', rgp);
      return { kind: 'restore', name, op, report };
    }
    refuseOption(r.exists(`${base}/*/domain:ns/domain:hostAttr`, cmd), 'domain:hostAttr');
    const set = (which: 'add' | 'rem') => ({
      nameservers: r.texts(`${base}/domain:${which}/domain:ns/domain:hostObj`, cmd),
      contacts: r.nodes(`${base}/domain:${which}/domain:contact`, cmd).map((n) => ({ type: r.attr('.', 'type', n) as ContactType, handle: r.text('.', n) ?? '' })),
      statuses: r.nodes(`${base}/domain:${which}/domain:status`, cmd).map((n) => r.attr('.', 's', n) ?? ''),
    });
    const sec = extension(r, cmd, 'secDNS:update');
    if (sec) {
      refuseOption(r.exists('secDNS:chg/secDNS:maxSigLife', sec), 'secDNS:maxSigLife');
      refuseOption(r.exists('secDNS:add/secDNS:keyData', sec) || r.exists('secDNS:rem/secDNS:keyData', sec), 'secDNS:keyData');
    }
    const add = { ...set('add'), dsRecords: sec ? (r.nodes('secDNS:add', sec)[0] ? parseDsData(r, r.nodes('secDNS:add', sec)[0]) : []) : [] };
    const remNode = sec ? r.nodes('secDNS:rem', sec)[0] : undefined;
    const remove = {
      ...set('rem'),
      dsRecords: remNode ? parseDsData(r, remNode) : [],
      allDsRecords: remNode ? r.text('secDNS:all', remNode) === 'true' || r.text('secDNS:all', remNode) === '1' : false,
    };
    const registrant = r.text(`${base}/domain:chg/domain:registrant`, cmd);
    const authInfo = r.text(`${base}/domain:chg/domain:authInfo/domain:pw`, cmd);
    return {
      kind: 'update',
      update: { name, add, remove, change: { registrant: registrant || undefined, authInfo: authInfo || undefined } },
    };
  }

  async execute(input: Input, ctx: EppCommandContext): Promise<EppOutcome> {
    if (input.kind === 'restore') {
      await this.runner.run(this.restore, ctx.actor, { name: input.name, registrarId: ctx.registrarId, op: input.op, report: input.report });
      return { code: 1000, extension: input.op === 'request' ? `<rgp:upData xmlns:rgp="${NS.rgp}"><rgp:rgpStatus s="pendingRestore"/></rgp:upData>` : undefined };
    }
    await this.runner.run(this.update, ctx.actor, { ...input.update, registrarId: ctx.registrarId });
    return { code: 1000 };
  }
}
