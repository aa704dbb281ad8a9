import { Injectable } from '@nestjs/common';
import { ContactCheckEpp, ContactCreateEpp, ContactDeleteEpp, ContactInfoEpp, ContactUpdateEpp } from './commands/contact/contact-epp';
import { ContactTransferEpp } from './commands/contact/contact-transfer.epp';
import { DomainCheckEpp } from './commands/domain/domain-check.epp';
import { DomainCreateEpp } from './commands/domain/domain-create.epp';
import { DomainDeleteEpp } from './commands/domain/domain-delete.epp';
import { DomainInfoEpp } from './commands/domain/domain-info.epp';
import { DomainRenewEpp } from './commands/domain/domain-renew.epp';
import { DomainTransferEpp } from './commands/domain/domain-transfer.epp';
import { DomainUpdateEpp } from './commands/domain/domain-update.epp';
import type { EppCommand } from './commands/epp-command';
import { HostCheckEpp, HostCreateEpp, HostDeleteEpp, HostInfoEpp, HostUpdateEpp } from './commands/host/host-epp';
import { PollAckEpp, PollRequestEpp } from './commands/poll/poll-epp';

export const EPP_COMMANDS = [
  DomainCheckEpp, DomainInfoEpp, DomainCreateEpp, DomainDeleteEpp, DomainRenewEpp, DomainTransferEpp, DomainUpdateEpp,
  ContactCheckEpp, ContactInfoEpp, ContactCreateEpp, ContactUpdateEpp, ContactDeleteEpp, ContactTransferEpp,
  HostCheckEpp, HostInfoEpp, HostCreateEpp, HostUpdateEpp, HostDeleteEpp,
  PollRequestEpp, PollAckEpp,
];

/**
 * Maps a command element to its EppCommand, as Nomulus' FlowPicker does: the verb under
 * <command> (check, info, create, …) and the object element under it (domain:check → domain).
 * Key: `<object>:<verb>` e.g. `domain:create`, or `poll:req` / `poll:ack`.
 */
@Injectable()
export class EppCommandPicker {
  private readonly byName: Map<string, EppCommand>;

  constructor(
    domainCheck: DomainCheckEpp, domainInfo: DomainInfoEpp, domainCreate: DomainCreateEpp, domainDelete: DomainDeleteEpp,
    domainRenew: DomainRenewEpp, domainTransfer: DomainTransferEpp, domainUpdate: DomainUpdateEpp,
    contactCheck: ContactCheckEpp, contactInfo: ContactInfoEpp, contactCreate: ContactCreateEpp, contactUpdate: ContactUpdateEpp,
    contactDelete: ContactDeleteEpp, contactTransfer: ContactTransferEpp,
    hostCheck: HostCheckEpp, hostInfo: HostInfoEpp, hostCreate: HostCreateEpp, hostUpdate: HostUpdateEpp, hostDelete: HostDeleteEpp,
    pollRequest: PollRequestEpp, pollAck: PollAckEpp,
  ) {
    const all: EppCommand[] = [
      domainCheck, domainInfo, domainCreate, domainDelete, domainRenew, domainTransfer, domainUpdate,
      contactCheck, contactInfo, contactCreate, contactUpdate, contactDelete, contactTransfer,
      hostCheck, hostInfo, hostCreate, hostUpdate, hostDelete, pollRequest, pollAck,
    ];
    this.byName = new Map(all.map((c) => [c.name, c]));
  }

  pick(name: string): EppCommand | undefined {
    return this.byName.get(name);
  }
}
