import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { CreateDomainHandler, type CreateDomainInput } from '../../../registry/domains/commands/create-domain.handler';
import type { ContactType, DsRecord } from '../../../registry/domains/domain.types';
import { dateTime, esc, NS } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { extension, periodYears, refuseOption, required } from '../epp-parse';

type Input = Omit<CreateDomainInput, 'registrarId' | 'holder'>;

export function parseDsData(r: EppReader, parent: EppNode): DsRecord[] {
  return r.nodes('secDNS:dsData', parent).map((n) => ({
    keyTag: Number(r.text('secDNS:keyTag', n)),
    alg: Number(r.text('secDNS:alg', n)),
    digestType: Number(r.text('secDNS:digestType', n)),
    digest: (r.text('secDNS:digest', n) ?? '').toUpperCase(),
  }));
}

/**
 * <create><domain:create> (+ secDNS:create dsData) → CreateDomainHandler. Name servers as hostObj
 * only (hostAttr → 2102); DNSSEC as DS data only (keyData and maxSigLife → 2102).
 * Restricted zones answer 1001 (pendingCreate until an administrator approves).
 */
@Injectable()
export class DomainCreateEpp implements EppCommand<Input> {
  readonly name = 'domain:create';
  readonly objectUri = NS.domain;

  constructor(private readonly runner: CommandRunner, private readonly handler: CreateDomainHandler) {}

  parse(r: EppReader, cmd: EppNode): Input {
    const base = 'epp:create/domain:create';
    refuseOption(r.exists(`${base}/domain:ns/domain:hostAttr`, cmd), 'domain:hostAttr');
    const sec = extension(r, cmd, 'secDNS:create');
    if (sec) {
      refuseOption(r.exists('secDNS:maxSigLife', sec), 'secDNS:maxSigLife');
      refuseOption(r.exists('secDNS:keyData', sec), 'secDNS:keyData');
    }
    return {
      name: required(r, `${base}/domain:name`, cmd, 'domain:name'),
      years: periodYears(r, `${base}/domain:period`, cmd) ?? 1,
      registrant: r.text(`${base}/domain:registrant`, cmd) ?? '',
      contacts: r.nodes(`${base}/domain:contact`, cmd).map((n) => ({ type: r.attr('.', 'type', n) as ContactType, handle: r.text('.', n) ?? '' })),
      nameservers: r.texts(`${base}/domain:ns/domain:hostObj`, cmd),
      authInfo: r.text(`${base}/domain:authInfo/domain:pw`, cmd) ?? undefined,
      dsRecords: sec ? parseDsData(r, sec) : [],
    };
  }

  async execute(input: Input, ctx: EppCommandContext): Promise<EppOutcome> {
    const r = await this.runner.run(this.handler, ctx.actor, { ...input, registrarId: ctx.registrarId, holder: { type: 'registrar', id: ctx.registrarId } });
    return {
      code: r.pendingCreate ? 1001 : 1000,
      resData: `<domain:creData xmlns:domain="${NS.domain}"><domain:name>${esc(r.name)}</domain:name><domain:crDate>${dateTime(r.createdAt)}</domain:crDate><domain:exDate>${dateTime(r.expiresAt)}</domain:exDate></domain:creData>`,
    };
  }
}
