import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { InfoDomainHandler } from '../../../registry/domains/commands/info-domain.handler';
import { NS } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { required } from '../epp-parse';
import { renderDomainInfo, type HostsFilter } from './domain-render';

interface Input { name: string; hosts: HostsFilter; authInfo?: string }

/** <info><domain:info hosts="all|del|sub|none"> → InfoDomainHandler. Auth info is stored hashed and never returned. */
@Injectable()
export class DomainInfoEpp implements EppCommand<Input> {
  readonly name = 'domain:info';
  readonly objectUri = NS.domain;

  constructor(private readonly runner: CommandRunner, private readonly handler: InfoDomainHandler) {}

  parse(r: EppReader, cmd: EppNode): Input {
    return {
      name: required(r, 'epp:info/domain:info/domain:name', cmd, 'domain:name'),
      hosts: (r.attr('epp:info/domain:info/domain:name', 'hosts', cmd) ?? 'all') as HostsFilter,
      authInfo: r.text('epp:info/domain:info/domain:authInfo/domain:pw', cmd) ?? undefined,
    };
  }

  async execute(input: Input, ctx: EppCommandContext): Promise<EppOutcome> {
    const view = await this.runner.run(this.handler, ctx.actor, { name: input.name, registrarId: ctx.registrarId, authInfo: input.authInfo });
    return { code: 1000, ...renderDomainInfo(view, input.hosts) };
  }
}
