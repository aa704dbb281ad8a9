import { Module } from '@nestjs/common';
import { useAuthInfoKey } from '../common/secrets';
import { AppConfig } from '../config/app-config';
import { derivedKey } from '../payments/app-secret';
import { QueueModule } from '../infrastructure/queue/queue.module';
import { MailModule } from '../mail/mail.module';
import { CommandRunner } from './command/command-runner';
import { CheckContactsHandler } from './contacts/commands/check-contacts.handler';
import { CreateContactHandler } from './contacts/commands/create-contact.handler';
import { DeleteContactHandler } from './contacts/commands/delete-contact.handler';
import { InfoContactHandler } from './contacts/commands/info-contact.handler';
import { TransferContactHandler } from './contacts/commands/transfer-contact.handler';
import { UpdateContactHandler } from './contacts/commands/update-contact.handler';
import { ContactRepository } from './contacts/contact.repository';
import { CheckDomainsHandler } from './domains/commands/check-domains.handler';
import { CreateDomainHandler } from './domains/commands/create-domain.handler';
import { DeleteDomainHandler } from './domains/commands/delete-domain.handler';
import { InfoDomainHandler } from './domains/commands/info-domain.handler';
import { RenewDomainHandler } from './domains/commands/renew-domain.handler';
import { RestoreDomainHandler } from './domains/commands/restore-domain.handler';
import { SuggestNamesHandler } from './domains/commands/suggest-names.handler';
import { TransferDomainHandler } from './domains/commands/transfer-domain.handler';
import { UpdateDomainHandler } from './domains/commands/update-domain.handler';
import { DomainRepository } from './domains/domain.repository';
import { RegistrationRepository } from './domains/registration.repository';
import { DomainPurger } from './domains/domain-purger';
import { CheckRateLimiter } from './domains/check-rate-limiter';
import { HistoryRepository } from './history/history.repository';
import { ExpireHoldsHandler } from './holds/commands/expire-holds.handler';
import { PlaceHoldHandler } from './holds/commands/place-hold.handler';
import { ReleaseHoldHandler } from './holds/commands/release-hold.handler';
import { ClaimHoldsHandler } from './holds/commands/claim-holds.handler';
import { HoldCache } from './holds/hold-cache';
import { HoldRepository } from './holds/hold.repository';
import { CheckHostsHandler } from './hosts/commands/check-hosts.handler';
import { CreateHostHandler } from './hosts/commands/create-host.handler';
import { DeleteHostHandler } from './hosts/commands/delete-host.handler';
import { InfoHostHandler } from './hosts/commands/info-host.handler';
import { UpdateHostHandler } from './hosts/commands/update-host.handler';
import { HostRepository } from './hosts/host.repository';
import { AddReservedHandler } from './names/add-reserved.handler';
import { NameListsRepository } from './names/name-lists.repository';
import { PollAckHandler, PollRequestHandler } from './poll/commands/poll.handlers';
import { PollRepository } from './poll/poll.repository';
import { CreateAdminHandler } from './registrars/commands/create-admin.handler';
import { CreateRegistrarHandler } from './registrars/commands/create-registrar.handler';
import { CreditRegistrarHandler } from './registrars/commands/credit-registrar.handler';
import { RegistrarLoginHandler } from './registrars/commands/registrar-login.handler';
import { RegistrarRepository } from './registrars/registrar.repository';
import { AvailabilityRepository } from './domains/availability.repository';
import { ZoneCatalog } from './zones/zone-catalog.service';
import { ZoneRepository } from './zones/zone.repository';

const repositories = [
  AvailabilityRepository, ContactRepository, DomainRepository, RegistrationRepository, HistoryRepository, HoldRepository, HostRepository,
  NameListsRepository, PollRepository, RegistrarRepository, ZoneRepository,
];

const handlers = [
  CheckDomainsHandler, CreateDomainHandler, InfoDomainHandler, RenewDomainHandler, UpdateDomainHandler, DeleteDomainHandler, TransferDomainHandler, RestoreDomainHandler, SuggestNamesHandler,
  PlaceHoldHandler, ReleaseHoldHandler, ExpireHoldsHandler, ClaimHoldsHandler,
  CreateContactHandler, InfoContactHandler, UpdateContactHandler, DeleteContactHandler, CheckContactsHandler, TransferContactHandler,
  CreateHostHandler, InfoHostHandler, UpdateHostHandler, DeleteHostHandler, CheckHostsHandler,
  CreateRegistrarHandler, CreditRegistrarHandler, CreateAdminHandler, AddReservedHandler, RegistrarLoginHandler,
  PollRequestHandler, PollAckHandler,
];

/**
 * The registry core: one handler per command, the repositories they use, and the runner that
 * gives each command its transaction and clock. Transports (REST, EPP, panel, CLI, worker) import
 * this module and call `CommandRunner.run(handler, actor, input)`; nothing here knows HTTP or XML.
 */
@Module({
  imports: [QueueModule, MailModule],
  providers: [CommandRunner, ZoneCatalog, HoldCache, DomainPurger, CheckRateLimiter, ...repositories, ...handlers],
  exports: [CommandRunner, ZoneCatalog, HoldCache, DomainPurger, CheckRateLimiter, ...repositories, ...handlers],
})
export class RegistryModule {
  /** Auth info is MAC'ed with a key derived from APP_SECRET (src/common/secrets.ts); set it before any command runs. */
  constructor(config: AppConfig) {
    useAuthInfoKey(derivedKey(config, 'auth-info'));
  }
}
