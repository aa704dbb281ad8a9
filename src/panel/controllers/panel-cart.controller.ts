import { randomUUID } from 'node:crypto';
import { domainToUnicode } from 'node:url';
import { Body, Controller, Get, NotFoundException, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { RegistryError } from '../../common/registry-errors';
import { AccountRepository } from '../../registry/accounts/account.repository';
import { SetRegistrantDetailsHandler } from '../../registry/accounts/commands/set-registrant-details.handler';
import { accountOwner } from '../../registry/checkout/checkout-holds';
import { quoteCreate } from '../../registry/zones/pricing';
import { StartCheckoutHandler } from '../../registry/checkout/start-checkout.handler';
import { Clock } from '../../registry/command/clock';
import { CommandRunner } from '../../registry/command/command-runner';
import { PlaceHoldHandler } from '../../registry/holds/commands/place-hold.handler';
import { ReleaseHoldHandler } from '../../registry/holds/commands/release-hold.handler';
import { HoldRepository, type HoldOwner, type NameHold } from '../../registry/holds/hold.repository';
import { anonymousPanelActor } from '../../registry/accounts/account.types';
import { NameListsRepository } from '../../registry/names/name-lists.repository';
import { ZoneCatalog } from '../../registry/zones/zone-catalog.service';
import { formatAzn } from '../../registry/zones/zone.types';
import { errorSentence, translator } from '../i18n';
import { PanelExceptionFilter, panelStatus } from '../panel-exception.filter';
import { PanelRenderer } from '../panel-renderer.service';
import { cartOwner, field, panelActor, requestIdOf, requestLang, seeOther, sessionAccount } from '../panel-request';

type Form = Record<string, unknown>;

const BAKU_TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Baku', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** `HH:MM` in Baku time (the registrants' clock) of a hold's end, as the cart shows it. */
export function clockTime(d: Date): string {
  return BAKU_TIME.format(d);
}

/**
 * The cart (the account's live holds) and checkout: add = PlaceHoldHandler, remove =
 * ReleaseHoldHandler, registrant details = SetRegistrantDetailsHandler, pay =
 * StartCheckoutHandler and a 303 to the provider's page. The cart works without an account
 * (visitor holds); checkout needs a login.
 */
@ApiExcludeController()
@Controller()
@UseFilters(PanelExceptionFilter)
export class PanelCartController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly holds: HoldRepository,
    private readonly accounts: AccountRepository,
    private readonly zones: ZoneCatalog,
    private readonly lists: NameListsRepository,
    private readonly placeHold: PlaceHoldHandler,
    private readonly releaseHold: ReleaseHoldHandler,
    private readonly setDetails: SetRegistrantDetailsHandler,
    private readonly startCheckout: StartCheckoutHandler,
  ) {}

  @Get('cart')
  async cart(@Req() req: Request, @Res() res: Response): Promise<void> {
    await this.renderCart(req, res, cartOwner(req));
  }

  /**
   * Adding places the hold at once, logged in or not: a visitor without an account holds under a
   * random visitor id kept in the session (at most MAX_LIVE_HOLDS.visitor names), and the holds
   * become the account's at login (ClaimHoldsHandler). Paying needs the account.
   */
  @Post('cart/add')
  async add(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const name = field(body, 'name');
    const accountId = sessionAccount(req);
    if (!accountId && !req.session.visitorId) req.session.visitorId = randomUUID();
    const owner = cartOwner(req)!;
    const actor = accountId ? panelActor(req, res, accountId) : anonymousPanelActor(requestIdOf(res));
    try {
      const r = await this.runner.run(this.placeHold, actor, { name, owner });
      req.session.flash = translator(requestLang(req))('cart.added', { name: domainToUnicode(r.hold.name) });
      seeOther(res, '/cart');
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      await this.renderCart(req, res, owner, errorSentence(translator(requestLang(req)), error), panelStatus(error.kind));
    }
  }

  @Post('cart/remove')
  async remove(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const owner = cartOwner(req);
    if (!owner) return seeOther(res, '/cart');
    const accountId = sessionAccount(req);
    const actor = accountId ? panelActor(req, res, accountId) : anonymousPanelActor(requestIdOf(res));
    await this.runner.run(this.releaseHold, actor, { holdId: field(body, 'holdId'), owner });
    seeOther(res, '/cart');
  }

  @Get('panel/checkout/:holdId')
  async checkout(@Param('holdId') holdId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, `/panel/login?next=${encodeURIComponent(`/panel/checkout/${holdId}`)}`);
    await this.renderCheckout(req, res, accountId, await this.ownHold(accountId, holdId));
  }

  @Post('panel/checkout/:holdId/details')
  async details(@Param('holdId') holdId: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const hold = await this.ownHold(accountId, holdId);
    const kind = field(body, 'kind') === 'org' ? 'org' : 'person';
    try {
      await this.runner.run(this.setDetails, panelActor(req, res, accountId), {
        accountId,
        kind,
        name: field(body, 'name'),
        org: kind === 'org' ? field(body, 'org') : null,
        street: field(body, 'street').split(/\r?\n/),
        city: field(body, 'city'),
        postalCode: field(body, 'postalCode') || null,
        cc: field(body, 'cc'),
        voice: field(body, 'voice'),
        nationalId: field(body, 'nationalId') || null,
      });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return this.renderCheckout(req, res, accountId, hold, errorSentence(translator(requestLang(req)), error), 422);
    }
    seeOther(res, `/panel/checkout/${hold.holdId}`);
  }

  @Post('panel/checkout/:holdId')
  async pay(@Param('holdId') holdId: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const hold = await this.ownHold(accountId, holdId);
    try {
      const r = await this.runner.run(this.startCheckout, panelActor(req, res, accountId), { accountId, holdId: hold.holdId, years: Number(field(body, 'years')) });
      if (!r.redirectUrl) return this.renderer.error(req, res, 502, 'error.internal');
      seeOther(res, r.redirectUrl);
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      await this.renderCheckout(req, res, accountId, hold, errorSentence(translator(requestLang(req)), error), 422);
    }
  }

  /** The account's live hold with this id; anything else (someone else's, expired, malformed) is a 404. */
  private async ownHold(accountId: string, holdId: string): Promise<NameHold> {
    const mine = await this.holds.listByOwner(this.dataSource.manager, accountOwner(accountId), this.clock.now());
    const hold = mine.find((h) => h.holdId === holdId);
    if (!hold) throw new NotFoundException();
    return hold;
  }

  private async renderCart(req: Request, res: Response, owner: HoldOwner | null, error?: string, status = 200): Promise<void> {
    const holds = owner ? await this.holds.listByOwner(this.dataSource.manager, owner, this.clock.now()) : [];
    const rows = holds.map((h) => ({ holdId: h.holdId, unicodeName: domainToUnicode(h.name), expiresAt: clockTime(h.expiresAt), expiresIso: h.expiresAt.toISOString() }));
    this.renderer.page(req, res, 'cart', 'cart.title', { holds: rows, loggedIn: owner?.type === 'account', nowIso: this.clock.now().toISOString(), error }, status);
  }

  private async renderCheckout(req: Request, res: Response, accountId: string, hold: NameHold, error?: string, status = 200): Promise<void> {
    const m = this.dataSource.manager;
    const account = await this.accounts.findById(m, accountId);
    const zone = (await this.zones.all()).get(hold.zone);
    if (!account || !zone) throw new NotFoundException();
    // The price is linear in the term (pricing.createPrice): one quote for a year, then multiples.
    const yearly = (await quoteCreate(this.lists, m, zone, hold.name, 1)).price;
    const terms: Array<{ years: number; price: string }> = [];
    for (let years = zone.minTermYears; years <= zone.maxTermYears; years++) terms.push({ years, price: formatAzn(yearly * years) });
    const unicodeName = domainToUnicode(hold.name);
    this.renderer.page(req, res, 'checkout', { text: translator(requestLang(req))('checkout.title', { name: unicodeName }) }, {
      holdId: hold.holdId,
      expiresAt: clockTime(hold.expiresAt),
      expiresIso: hold.expiresAt.toISOString(),
      nowIso: this.clock.now().toISOString(),
      needsDetails: !account.contactId,
      terms,
      error,
    }, status);
  }
}
