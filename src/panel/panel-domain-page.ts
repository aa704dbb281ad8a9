import { domainToASCII } from 'node:url';
import { Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { RegistryError } from '../common/registry-errors';
import { DIRECT_CHANNEL_REGISTRAR } from '../demo/demo-data';
import { CommandRunner } from '../registry/command/command-runner';
import { InfoContactHandler } from '../registry/contacts/commands/info-contact.handler';
import type { DiscloseFlags } from '../registry/contacts/contact.types';
import { InfoDomainHandler } from '../registry/domains/commands/info-domain.handler';
import type { DomainView } from '../registry/domains/domain.types';
import { PanelDomainsRepository } from './panel-domains.repository';
import { PanelRenderer } from './panel-renderer.service';
import { panelActor } from './panel-request';

/** The client statuses that together make the registrant lock. */
export const LOCK_STATUSES = ['clientTransferProhibited', 'clientUpdateProhibited', 'clientDeleteProhibited'] as const;

/** The disclose flags the privacy form offers, in the order shown. */
export const PRIVACY_FIELDS = ['name', 'email', 'voice', 'addr'] as const;
export type PrivacyField = (typeof PRIVACY_FIELDS)[number];

/**
 * The domain page (`/panel/domains/{name}`) shared by the controllers that post to it: the
 * ownership check and the rendering of the domain with its DS records, privacy, auto-renew, lock
 * and transfer-code sections. Reads go through the registry's info handlers as the direct channel.
 */
@Injectable()
export class PanelDomainPage {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly dataSource: DataSource,
    private readonly mine: PanelDomainsRepository,
    private readonly info: InfoDomainHandler,
    private readonly infoContact: InfoContactHandler,
  ) {}

  /** The A-label of `name` when the live domain belongs to the account; otherwise 404 (whether it exists or not). */
  async ownName(accountId: string, name: string): Promise<string> {
    const ascii = domainToASCII(name.trim().replace(/\.$/, ''));
    if (!ascii || !(await this.mine.ownedBy(this.dataSource.manager, ascii, accountId))) throw new NotFoundException();
    return ascii;
  }

  /** The id of the live domain `ascii` (call after `ownName`). */
  async domainId(ascii: string): Promise<string> {
    const id = await this.mine.idOf(this.dataSource.manager, ascii);
    if (!id) throw new NotFoundException();
    return id;
  }

  /** The domain as the registry shows it to its sponsor (the direct channel). */
  view(req: Request, res: Response, accountId: string, ascii: string): Promise<DomainView> {
    return this.runner.run(this.info, panelActor(req, res, accountId), { name: ascii, registrarId: DIRECT_CHANNEL_REGISTRAR.id });
  }

  /** The registrant contact's disclose flags, or null when the contact is not the direct channel's. */
  async disclose(req: Request, res: Response, accountId: string, handle: string | null): Promise<DiscloseFlags | null> {
    if (!handle) return null;
    try {
      const c = await this.runner.run(this.infoContact, panelActor(req, res, accountId), { handle, registrarId: DIRECT_CHANNEL_REGISTRAR.id });
      return c.disclose;
    } catch (error) {
      if (error instanceof RegistryError) return null;
      throw error;
    }
  }

  /** Renders the domain page, with an error sentence (role=alert) and its status when a form failed. */
  async render(req: Request, res: Response, accountId: string, ascii: string, error?: string, status = 200): Promise<void> {
    const view = await this.view(req, res, accountId, ascii);
    const disclose = await this.disclose(req, res, accountId, view.registrant);
    const statuses: readonly string[] = view.statuses;
    this.renderer.page(req, res, 'domain', { text: view.unicodeName }, {
      d: view,
      href: `/panel/domains/${encodeURIComponent(view.unicodeName)}`,
      created: view.crDate.toISOString().slice(0, 10),
      expires: view.exDate.toISOString().slice(0, 10),
      statuses: view.statuses.join(', '),
      locked: LOCK_STATUSES.every((s) => statuses.includes(s)),
      privacy: disclose ? PRIVACY_FIELDS.map((f) => ({ field: f, shown: disclose[f] === true })) : null,
      error,
    }, status);
  }
}
