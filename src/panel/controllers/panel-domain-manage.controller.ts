import { domainToUnicode } from 'node:url';
import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { RegistryError } from '../../common/registry-errors';
import { generateAuthInfo } from '../../common/secrets';
import { DIRECT_CHANNEL_REGISTRAR } from '../../demo/demo-data';
import { StartRenewalCheckoutHandler } from '../../registry/checkout/start-renewal-checkout.handler';
import { CommandRunner } from '../../registry/command/command-runner';
import { UpdateContactHandler } from '../../registry/contacts/commands/update-contact.handler';
import { UpdateDomainHandler, type UpdateDomainInput } from '../../registry/domains/commands/update-domain.handler';
import { HistoryRepository } from '../../registry/history/history.repository';
import { errorSentence, isMessageKey, translator } from '../i18n';
import { LOCK_STATUSES, PanelDomainPage, PRIVACY_FIELDS } from '../panel-domain-page';
import { PanelExceptionFilter, panelStatus } from '../panel-exception.filter';
import { historySummary, parseDsForm } from '../panel-manage-forms';
import { PanelRenderer } from '../panel-renderer.service';
import { field, fields, panelActor, requestLang, seeOther, sessionAccount } from '../panel-request';

type Form = Record<string, unknown>;

/** The message for a registry error on the domain page: the lock gets its own sentence. */
function failureText(req: Request, error: RegistryError): string {
  const t = translator(requestLang(req));
  return error.kind === 'object-status-prohibits' ? `${t('lock.locked')} (${error.message})` : errorSentence(t, error);
}

/**
 * The domain page's management forms: DNSSEC, privacy, auto-renew, registrant lock, a new transfer
 * code, and the history page. Every action checks ownership (`account_id`, else 404) and then
 * calls the registry's handlers as the direct channel, which hold all the rules.
 */
@ApiExcludeController()
@Controller('panel/domains')
@UseFilters(PanelExceptionFilter)
export class PanelDomainManageController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly dataSource: DataSource,
    private readonly page: PanelDomainPage,
    private readonly update: UpdateDomainHandler,
    private readonly updateContact: UpdateContactHandler,
    private readonly history: HistoryRepository,
    private readonly startRenewal: StartRenewalCheckoutHandler,
  ) {}

  /**
   * Renew now: starts a paid renewal (checkout.start-renewal) and sends the browser to the
   * provider's page; the provider's callback renews (CompletePaymentHandler) and the payment
   * result page links back here, where the new expiry shows. Refusals (over ten years ahead, a
   * renew-prohibited status, …) are shown on the domain page.
   */
  @Post(':name/renew')
  async renewNow(@Param('name') name: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const ascii = await this.page.ownName(accountId, name);
    const years = Number(field(body, 'years'));
    if (!Number.isInteger(years) || years < 1 || years > 10) {
      return this.page.render(req, res, accountId, ascii, translator(requestLang(req))('error.years'), 422);
    }
    try {
      const r = await this.runner.run(this.startRenewal, panelActor(req, res, accountId), { accountId, domainName: ascii, years });
      if (!r.redirectUrl) return this.renderer.error(req, res, 502, 'error.internal');
      seeOther(res, r.redirectUrl);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return this.page.render(req, res, accountId, ascii, failureText(req, error), panelStatus(error.kind));
    }
  }

  /** Adds one DS record, checked field by field first. */
  @Post(':name/dnssec')
  async addDs(@Param('name') name: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const parsed = parseDsForm({ keyTag: field(body, 'keyTag'), alg: field(body, 'alg'), digestType: field(body, 'digestType'), digest: field(body, 'digest') });
    await this.updateDomain(name, req, res, () => (parsed.ok ? { add: { dsRecords: [parsed.ds] } } : translator(requestLang(req))(parsed.key, parsed.params)));
  }

  /** Removes the DS record named by the hidden fields of its row. */
  @Post(':name/dnssec/remove')
  async removeDs(@Param('name') name: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const parsed = parseDsForm({ keyTag: field(body, 'keyTag'), alg: field(body, 'alg'), digestType: field(body, 'digestType'), digest: field(body, 'digest') });
    await this.updateDomain(name, req, res, () => (parsed.ok ? { remove: { dsRecords: [parsed.ds] } } : translator(requestLang(req))(parsed.key, parsed.params)));
  }

  /** Auto-renew on (`autoRenew=on`) or off. */
  @Post(':name/auto-renew')
  async autoRenew(@Param('name') name: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.updateDomain(name, req, res, () => ({ change: { autoRenew: field(body, 'autoRenew') === 'on' } }));
  }

  /** The registrant lock: the three client*Prohibited statuses together, on (`lock=on`) or off. */
  @Post(':name/lock')
  async lock(@Param('name') name: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const statuses = [...LOCK_STATUSES];
    await this.updateDomain(name, req, res, () => (field(body, 'lock') === 'on' ? { add: { statuses } } : { remove: { statuses } }));
  }

  /** Privacy: the registrant contact's disclose flags for name, e-mail, phone and address (unticked = hidden). */
  @Post(':name/privacy')
  async privacy(@Param('name') name: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const ascii = await this.page.ownName(accountId, name);
    const view = await this.page.view(req, res, accountId, ascii);
    const shown = new Set(fields(body, 'disclose'));
    const disclose = Object.fromEntries(PRIVACY_FIELDS.map((f) => [f, shown.has(f)]));
    try {
      if (!view.registrant) throw new Error(`domain ${ascii} has no registrant`);
      await this.runner.run(this.updateContact, panelActor(req, res, accountId), { handle: view.registrant, registrarId: DIRECT_CHANNEL_REGISTRAR.id, change: { disclose } });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return this.page.render(req, res, accountId, ascii, failureText(req, error), panelStatus(error.kind));
    }
    this.done(req, res, ascii);
  }

  /**
   * Issues a new transfer code: a random one, stored hashed by domain.update, shown on this answer
   * only (never in a redirect, the session or a log). The old code stops working.
   */
  @Post(':name/auth-code')
  async authCode(@Param('name') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const code = generateAuthInfo();
    await this.updateDomain(name, req, res, () => ({ change: { authInfo: code } }), (ascii) => {
      const unicodeName = domainToUnicode(ascii);
      this.renderer.page(req, res, 'auth-code', 'authCode.issuedTitle', { code, unicodeName, href: `/panel/domains/${encodeURIComponent(unicodeName)}` });
    });
  }

  /** The domain's history, newest first, one short sentence per change. */
  @Get(':name/history')
  async historyPage(@Param('name') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, `/panel/login?next=${encodeURIComponent(`/panel/domains/${name}/history`)}`);
    const ascii = await this.page.ownName(accountId, name);
    const t = translator(requestLang(req));
    const entries = await this.history.listFor(this.dataSource.manager, 'domain', await this.page.domainId(ascii));
    const channel = (c: string): string => {
      const key = `history.channel.${c}`;
      return isMessageKey(key) ? t(key) : c;
    };
    const items = [...entries].reverse().map((e) => ({
      time: e.createdAt.toISOString().slice(0, 16).replace('T', ' '),
      iso: e.createdAt.toISOString(),
      summary: historySummary(t, e),
      channel: channel(e.channel),
    }));
    const unicodeName = domainToUnicode(ascii);
    this.renderer.page(req, res, 'history', { text: t('history.title', { name: unicodeName }) }, { items, href: `/panel/domains/${encodeURIComponent(unicodeName)}` });
  }

  /**
   * Runs domain.update for an owned domain with the change `build` returns (or re-renders the page
   * with the message it returns), then redirects to the domain page or calls `after`.
   */
  private async updateDomain(
    name: string,
    req: Request,
    res: Response,
    build: () => Omit<UpdateDomainInput, 'name' | 'registrarId'> | string,
    after?: (ascii: string) => void,
  ): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const ascii = await this.page.ownName(accountId, name);
    const change = build();
    if (typeof change === 'string') return this.page.render(req, res, accountId, ascii, change, 422);
    try {
      await this.runner.run(this.update, panelActor(req, res, accountId), { name: ascii, registrarId: DIRECT_CHANNEL_REGISTRAR.id, ...change });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return this.page.render(req, res, accountId, ascii, failureText(req, error), panelStatus(error.kind));
    }
    if (after) return after(ascii);
    this.done(req, res, ascii);
  }

  private done(req: Request, res: Response, ascii: string): void {
    req.session.flash = translator(requestLang(req))('domain.saved');
    seeOther(res, `/panel/domains/${encodeURIComponent(domainToUnicode(ascii))}`);
  }
}
