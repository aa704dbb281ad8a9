import { eppClientId } from '../../protocol/client-id';
import net from 'node:net';
import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { CheckHostsHandler } from '../../../registry/hosts/commands/check-hosts.handler';
import { CreateHostHandler } from '../../../registry/hosts/commands/create-host.handler';
import { DeleteHostHandler } from '../../../registry/hosts/commands/delete-host.handler';
import { InfoHostHandler } from '../../../registry/hosts/commands/info-host.handler';
import { UpdateHostHandler } from '../../../registry/hosts/commands/update-host.handler';
import { dateTime, esc, NS, reasonText } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { refuseOption, required } from '../epp-parse';

/** Host commands (RFC 5732). Renaming a host (<host:chg>) is not offered: 2102. */

@Injectable()
export class HostCheckEpp implements EppCommand<{ names: string[] }> {
  readonly name = 'host:check';
  readonly objectUri = NS.host;
  constructor(private readonly runner: CommandRunner, private readonly handler: CheckHostsHandler) {}
  parse(r: EppReader, cmd: EppNode) {
    return { names: r.texts('epp:check/host:check/host:name', cmd) };
  }
  async execute(input: { names: string[] }, ctx: EppCommandContext): Promise<EppOutcome> {
    const res = await this.runner.run(this.handler, ctx.actor, input);
    const cds = res.map((c) => `<host:cd><host:name avail="${c.available ? 1 : 0}">${esc(c.name)}</host:name>${c.available ? '' : `<host:reason>${esc(reasonText(c.reason, 'In use'))}</host:reason>`}</host:cd>`).join('');
    return { code: 1000, resData: `<host:chkData xmlns:host="${NS.host}">${cds}</host:chkData>` };
  }
}

@Injectable()
export class HostInfoEpp implements EppCommand<{ name: string }> {
  readonly name = 'host:info';
  readonly objectUri = NS.host;
  constructor(private readonly runner: CommandRunner, private readonly handler: InfoHostHandler) {}
  parse(r: EppReader, cmd: EppNode) {
    return { name: required(r, 'epp:info/host:info/host:name', cmd, 'host:name') };
  }
  async execute(input: { name: string }, ctx: EppCommandContext): Promise<EppOutcome> {
    const h = await this.runner.run(this.handler, ctx.actor, input);
    const statuses = [...h.statuses, ...(h.linked ? ['linked'] : [])];
    const statusXml = (statuses.length ? statuses : ['ok']).map((s) => `<host:status s="${s}"/>`).join('');
    const addrs = h.addresses.map((a) => `<host:addr ip="${net.isIPv6(a) ? 'v6' : 'v4'}">${esc(a)}</host:addr>`).join('');
    return {
      code: 1000,
      resData:
        `<host:infData xmlns:host="${NS.host}"><host:name>${esc(h.name)}</host:name><host:roid>${esc(h.roid)}</host:roid>${statusXml}${addrs}` +
        `<host:clID>${esc(h.registrarId)}</host:clID><host:crID>${esc(eppClientId(h.createdBy, h.registrarId))}</host:crID><host:crDate>${dateTime(h.createdAt)}</host:crDate>` +
        `<host:upID>${esc(eppClientId(h.updatedBy, h.registrarId))}</host:upID><host:upDate>${dateTime(h.updatedAt)}</host:upDate></host:infData>`,
    };
  }
}

@Injectable()
export class HostCreateEpp implements EppCommand<{ name: string; addresses: string[] }> {
  readonly name = 'host:create';
  readonly objectUri = NS.host;
  constructor(private readonly runner: CommandRunner, private readonly handler: CreateHostHandler) {}
  parse(r: EppReader, cmd: EppNode) {
    return { name: required(r, 'epp:create/host:create/host:name', cmd, 'host:name'), addresses: r.texts('epp:create/host:create/host:addr', cmd) };
  }
  async execute(input: { name: string; addresses: string[] }, ctx: EppCommandContext): Promise<EppOutcome> {
    const h = await this.runner.run(this.handler, ctx.actor, { ...input, registrarId: ctx.registrarId });
    return { code: 1000, resData: `<host:creData xmlns:host="${NS.host}"><host:name>${esc(h.name)}</host:name><host:crDate>${dateTime(h.createdAt)}</host:crDate></host:creData>` };
  }
}

interface HostUpdateInput { name: string; addAddresses: string[]; removeAddresses: string[]; addStatuses: string[]; removeStatuses: string[] }

@Injectable()
export class HostUpdateEpp implements EppCommand<HostUpdateInput> {
  readonly name = 'host:update';
  readonly objectUri = NS.host;
  constructor(private readonly runner: CommandRunner, private readonly handler: UpdateHostHandler) {}
  parse(r: EppReader, cmd: EppNode): HostUpdateInput {
    const base = 'epp:update/host:update';
    refuseOption(r.exists(`${base}/host:chg`, cmd), 'host:chg (rename)');
    const statuses = (w: string) => r.nodes(`${base}/host:${w}/host:status`, cmd).map((n) => r.attr('.', 's', n) ?? '');
    return {
      name: required(r, `${base}/host:name`, cmd, 'host:name'),
      addAddresses: r.texts(`${base}/host:add/host:addr`, cmd),
      removeAddresses: r.texts(`${base}/host:rem/host:addr`, cmd),
      addStatuses: statuses('add'),
      removeStatuses: statuses('rem'),
    };
  }
  async execute(input: HostUpdateInput, ctx: EppCommandContext): Promise<EppOutcome> {
    await this.runner.run(this.handler, ctx.actor, { ...input, registrarId: ctx.registrarId });
    return { code: 1000 };
  }
}

@Injectable()
export class HostDeleteEpp implements EppCommand<{ name: string }> {
  readonly name = 'host:delete';
  readonly objectUri = NS.host;
  constructor(private readonly runner: CommandRunner, private readonly handler: DeleteHostHandler) {}
  parse(r: EppReader, cmd: EppNode) {
    return { name: required(r, 'epp:delete/host:delete/host:name', cmd, 'host:name') };
  }
  async execute(input: { name: string }, ctx: EppCommandContext): Promise<EppOutcome> {
    await this.runner.run(this.handler, ctx.actor, { name: input.name, registrarId: ctx.registrarId });
    return { code: 1000 };
  }
}
