import { Injectable } from '@nestjs/common';
import {
  AuthorizationError,
  BillingFailureError,
  DataManagementPolicyError,
  MissingParameterError,
  ObjectExistsError,
  ParameterPolicyError,
  ParameterRangeError,
} from '../../../common/registry-errors';
import { generateAuthInfo, hashAuthInfo } from '../../../common/secrets';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { ContactRepository } from '../../contacts/contact.repository';
import { HistoryRepository } from '../../history/history.repository';
import { HoldCache } from '../../holds/hold-cache';
import { HoldRepository, sameOwner, type HoldOwner } from '../../holds/hold.repository';
import { HostRepository } from '../../hosts/host.repository';
import { labelKeyOf } from '../../names/name-lists.repository';
import { bundleKey, parseDomainName, type DomainName } from '../../names/domain-name';
import { RegistrarRepository } from '../../registrars/registrar.repository';
import { ZoneCatalog } from '../../zones/zone-catalog.service';
import { addDays, addYears, type Zone } from '../../zones/zone.types';
import { verifyTerm } from '../domain.checks';
import { RegistrationRepository } from '../registration.repository';
import { DomainPurger } from '../domain-purger';
import { OutboxRepository } from '../../../mail/outbox.repository';
import { contactRecipient } from '../../../mail/mail-recipients';
import { WriteBatch } from '../../../infrastructure/database/write-batch';
import type { ContactType, DsRecord } from '../domain.types';
import { MAX_NAMESERVERS, resolveContacts, resolveHosts } from './domain-links';
import { domainSnapshot } from './domain-snapshot';
import { createPrice } from '../../zones/pricing';

export interface CreateDomainInput {
  name: string;
  /** The sponsoring registrar (for the panel: the direct channel). */
  registrarId: string;
  years: number;
  registrant: string;
  contacts?: Array<{ type: ContactType; handle: string }>;
  nameservers?: string[];
  dsRecords?: DsRecord[];
  authInfo?: string;
  /** Who may consume a hold on this name: the registrar itself, or the panel account paying. */
  holder: HoldOwner;
  /** When given, this hold must still be live and the caller's (else 2308, nothing changes). */
  holdId?: string;
  accountId?: string | null;
}

export interface CreateDomainResult {
  name: string;
  unicodeName: string;
  roid: string;
  createdAt: Date;
  expiresAt: Date;
  pendingCreate: boolean;
  price: number;
  balance: number;
  /** The transfer code, returned once when azreg generated it. */
  authInfo: string | null;
}

/** 2302 for a name whose bundle is taken: by the name itself, or by one of its variants. */
function occupiedError(name: DomainName, occupant: { name: string; unicodeName: string }): ObjectExistsError {
  const registered = occupant.name === name.name;
  return new ObjectExistsError(
    registered ? `${name.unicodeName} is already registered` : `${name.unicodeName} is a variant of the registered name ${occupant.unicodeName}`,
    { reason: registered ? 'registered' : 'blocked-variant', value: name.name },
  );
}

/**
 * domain.create — first come, first served. In one transaction: the bundle's advisory lock, the
 * name and its variants free (or held by this buyer), the balance debited with a conditional
 * UPDATE, the domain with its links, the add-grace period, the history row, the hold consumed.
 * The partial unique indexes on live names and variant keys are the last word under any race.
 * Restricted zones create in pendingCreate until an administrator approves.
 *
 * Errors: ParameterSyntaxError 2005 (name), ParameterPolicyError 2306 (zone, reserved, contacts),
 * ParameterRangeError 2004 (term), MissingParameterError 2003 (registrant), ObjectExistsError 2302
 * (registered, variant, held), ObjectNotFoundError 2303 (contact/host), DataManagementPolicyError
 * 2308 (hold expired or not the caller's), BillingFailureError 2104, AuthorizationError 2201
 * (registrar not active).
 */
@Injectable()
export class CreateDomainHandler implements CommandHandler<CreateDomainInput, CreateDomainResult> {
  readonly command = 'domain.create';

  constructor(
    private readonly zones: ZoneCatalog,
    private readonly registrations: RegistrationRepository,
    private readonly holds: HoldRepository,
    private readonly holdCache: HoldCache,
    private readonly registrars: RegistrarRepository,
    private readonly contacts: ContactRepository,
    private readonly hosts: HostRepository,
    private readonly history: HistoryRepository,
    private readonly purger: DomainPurger,
    private readonly outbox: OutboxRepository,
  ) {}

  /** Racers for one bundle queue in memory, not on the pool (CommandRunner); the advisory lock still decides. */
  async serializeKey(input: CreateDomainInput): Promise<string | null> {
    return bundleKey(input.name, await this.zones.all());
  }

  /** The bundle lock goes with START TRANSACTION (one round trip fewer); `handle` checks it was this one. */
  async openingLock(input: CreateDomainInput): Promise<string | null> {
    return this.holds.bundleLockStatement(parseDomainName(input.name, await this.zones.all()).variantKey);
  }

  /**
   * A racer that queued behind another create of its bundle (a landrush, a drop) is most likely
   * too late: one read of committed state, outside any transaction, answers it 2302 when the name
   * is now registered, with the same checks in the same order as `handle`. Anything else (free,
   * reserved, an inactive registrar, a drop falling due) goes on to `handle` under the lock, which
   * alone decides a registration.
   */
  async settledAfterWait(ctx: CommandContext, input: CreateDomainInput): Promise<void> {
    const { name } = this.checkInput(input, await this.zones.all());
    const facts = await this.registrations.facts(ctx.manager, this.factsQuery(name, input, ctx.now));
    if (facts.purgeDue || facts.registrarStatus !== 'active' || facts.reserved || !facts.occupant) return;
    throw occupiedError(name, facts.occupant);
  }

  /** The checks of the input alone, before any read; the parsed name and its zone. */
  private checkInput(input: CreateDomainInput, zones: Map<string, Zone>): { name: DomainName; zone: Zone } {
    const name = parseDomainName(input.name, zones);
    const zone = zones.get(name.zone)!;
    verifyTerm(input.years, zone.minTermYears, zone.maxTermYears);
    if (!input.registrant) throw new MissingParameterError('A registrant contact is required', { reason: 'registrant' });
    if ((input.nameservers ?? []).length > MAX_NAMESERVERS) {
      throw new ParameterRangeError(`At most ${MAX_NAMESERVERS} name servers`, { reason: 'too-many-nameservers' });
    }
    return { name, zone };
  }

  private factsQuery(name: DomainName, input: CreateDomainInput, now: Date) {
    return { name: name.name, variantKey: name.variantKey, labelKey: labelKeyOf(name.variantKey, name.zone), zone: name.zone, registrarId: input.registrarId, now };
  }

  async handle(ctx: CommandContext, input: CreateDomainInput): Promise<CreateDomainResult> {
    const { name, zone } = this.checkInput(input, await this.zones.all());
    const generated = input.authInfo ? null : generateAuthInfo();
    const authInfoHash = await hashAuthInfo(input.authInfo ?? generated!);

    await this.holds.lockBundleUnlessOpened(ctx, name.variantKey);
    const query = this.factsQuery(name, input, ctx.now);
    let facts = await this.registrations.facts(ctx.manager, query);
    if (facts.purgeDue) {
      // The name's drop time has passed: purge the old registration first (the drop's race starts here).
      await this.purger.purgeDueInBundle(ctx, name.variantKey);
      facts = await this.registrations.facts(ctx.manager, query);
    }
    if (facts.registrarStatus !== 'active') {
      throw new AuthorizationError('The registrar is not accredited to create domains', { reason: 'registrar-inactive', value: input.registrarId });
    }
    if (facts.reserved) throw new ParameterPolicyError(`${name.unicodeName} is reserved`, { reason: 'reserved', value: name.name });
    if (facts.occupant) throw occupiedError(name, facts.occupant);
    const hold = facts.hold;
    if (input.holdId && (!hold || hold.holdId !== input.holdId)) {
      throw new DataManagementPolicyError('Your hold on this name has expired or was released', { reason: 'hold-expired', value: input.holdId });
    }
    if (hold && !sameOwner(hold.owner, input.holder)) {
      throw new ObjectExistsError(`${name.unicodeName} is on hold for another buyer`, { reason: 'held', value: name.name });
    }

    const linked = await resolveContacts(this.contacts, ctx.manager, [input.registrant, ...(input.contacts ?? []).map((c) => c.handle)], input.registrarId);
    const nameservers = await resolveHosts(this.hosts, ctx.manager, input.nameservers ?? []);
    const price = createPrice(zone, facts.premium, input.years);
    const dsRecords = (input.dsRecords ?? []).map((ds) => ({ ...ds, digest: ds.digest.toUpperCase() }));

    const registrant = linked.get(input.registrant.toLowerCase())!;
    const domain = await this.registrations.insert(
      ctx.manager,
      {
        name: name.name,
        unicodeName: name.unicodeName,
        variantKey: name.variantKey,
        zone: name.zone,
        registrarId: input.registrarId,
        registrantId: registrant.id,
        accountId: input.accountId ?? null,
        statuses: zone.restricted ? ['pendingCreate'] : [],
        authInfoHash,
        expiresAt: addYears(ctx.now, input.years),
        contacts: (input.contacts ?? []).map((c) => ({ type: c.type, contactId: linked.get(c.handle.toLowerCase())!.id })),
        hostIds: nameservers.map((h) => h.id),
        dsRecords,
        grace: zone.restricted ? null : { kind: 'add', registrarId: input.registrarId, amount: price, endsAt: addDays(ctx.now, zone.periods.addGraceDays) },
        consumeHoldId: hold?.holdId ?? null,
      },
      ctx.now,
      ctx.actor.id,
    );
    const receiptTo = await contactRecipient(ctx.manager, registrant, input.accountId ?? null);
    // Last, in ONE statement: history, the receipt mail and the debit. The debit locks the
    // registrar's row until the commit, so it holds that lock for one round trip.
    const writes = new WriteBatch();
    this.history.recordIn(writes, ctx, {
      objectType: 'domain',
      objectId: domain.id,
      objectName: domain.name,
      action: this.command,
      after: { ...domainSnapshot(domain), contacts: input.contacts ?? [], nameservers: nameservers.map((h) => h.name), dsRecords: input.dsRecords ?? [], price, holdId: hold?.holdId ?? null },
    });
    if (receiptTo) {
      this.outbox.enqueueIn(writes, ctx, {
        template: 'registration-receipt',
        payload: { domain: domain.unicodeName, years: input.years, expiry: domain.expiresAt, price },
        dedupeKey: `registration-receipt:${domain.id}`,
        ...receiptTo,
      });
    }
    const debit = this.registrars.debitIn(
      writes,
      { registrarId: input.registrarId, amount: price, kind: 'create', domainId: domain.id, domainName: name.name, years: input.years },
      ctx.now,
    );
    await writes.run(ctx.manager);
    const balance = debit.balance();
    if (balance === null) throw new BillingFailureError('Insufficient balance', { reason: 'insufficient-balance', value: input.registrarId });
    if (hold) ctx.afterCommit(() => this.holdCache.forget(name.variantKey));
    return {
      name: domain.name,
      unicodeName: domain.unicodeName,
      roid: domain.roid,
      createdAt: domain.createdAt,
      expiresAt: domain.expiresAt,
      pendingCreate: zone.restricted,
      price,
      balance,
      authInfo: generated,
    };
  }
}
