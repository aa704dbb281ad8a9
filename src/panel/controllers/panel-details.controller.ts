import { Body, Controller, Get, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { RegistryError } from '../../common/registry-errors';
import { DIRECT_CHANNEL_REGISTRAR } from '../../demo/demo-data';
import { PaymentRepository } from '../../payments/payment.repository';
import { SetRegistrantDetailsHandler } from '../../registry/accounts/commands/set-registrant-details.handler';
import { CommandRunner } from '../../registry/command/command-runner';
import { InfoContactHandler } from '../../registry/contacts/commands/info-contact.handler';
import type { ContactRecord } from '../../registry/contacts/contact.types';
import { errorSentence, translator } from '../i18n';
import { PanelExceptionFilter, panelStatus } from '../panel-exception.filter';
import { PanelRenderer } from '../panel-renderer.service';
import { field, panelActor, requestLang, seeOther, sessionAccount } from '../panel-request';

type Form = Record<string, unknown>;
type Contact = Omit<ContactRecord, 'authInfoHash'>;
const PAGE = '/panel/account/details';

/**
 * The account's registrant contact details (`/panel/account/details`): postal address and phone,
 * changed through SetRegistrantDetailsHandler (account.set-registrant), so every domain of the
 * account — and WHOIS/RDAP, for the fields the registrant discloses — shows the new values. Who
 * the registrant is (person or organisation, name, FIN/VÖEN) and the privacy choice are kept as
 * they are; the e-mail address is the account's own and is shown, not edited, here.
 */
@ApiExcludeController()
@Controller('panel/account/details')
@UseFilters(PanelExceptionFilter)
export class PanelDetailsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly dataSource: DataSource,
    private readonly payments: PaymentRepository,
    private readonly infoContact: InfoContactHandler,
    private readonly setDetails: SetRegistrantDetailsHandler,
  ) {}

  @Get()
  async page(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, `/panel/login?next=${encodeURIComponent(PAGE)}`);
    const contact = await this.contact(req, res, accountId);
    this.render(req, res, contact, contact ? formOf(contact) : null);
  }

  @Post()
  async save(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const contact = await this.contact(req, res, accountId);
    if (!contact) return this.render(req, res, null, null, translator(requestLang(req))('details.none'), 409);
    const form = {
      street: field(body, 'street'),
      city: field(body, 'city'),
      postalCode: field(body, 'postalCode'),
      cc: field(body, 'cc'),
      voice: field(body, 'voice'),
    };
    try {
      await this.runner.run(this.setDetails, panelActor(req, res, accountId), {
        accountId,
        kind: contact.kind,
        name: contact.name,
        org: contact.org,
        street: form.street.split(/\r?\n/),
        city: form.city,
        postalCode: form.postalCode || null,
        cc: form.cc,
        voice: form.voice,
        nationalId: contact.nationalId,
        disclose: { name: contact.disclose.name === true, org: contact.disclose.org === true, addr: contact.disclose.addr === true, voice: contact.disclose.voice === true, email: contact.disclose.email === true },
      });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return this.render(req, res, contact, form, errorSentence(translator(requestLang(req)), error), panelStatus(error.kind));
    }
    req.session.flash = translator(requestLang(req))('details.saved');
    seeOther(res, PAGE);
  }

  /** The account's live registrant contact (sponsored by the direct channel), or null before the first checkout. */
  private async contact(req: Request, res: Response, accountId: string): Promise<Contact | null> {
    const buyer = await this.payments.findBuyer(this.dataSource.manager, accountId);
    if (!buyer?.contact || buyer.contact.registrarId !== DIRECT_CHANNEL_REGISTRAR.id) return null;
    return this.runner.run(this.infoContact, panelActor(req, res, accountId), { handle: buyer.contact.handle, registrarId: DIRECT_CHANNEL_REGISTRAR.id });
  }

  private render(req: Request, res: Response, contact: Contact | null, form: Record<string, string> | null, error?: string, status = 200): void {
    this.renderer.page(req, res, 'account-details', 'details.title', {
      contact: contact ? { name: contact.org ? `${contact.name} (${contact.org})` : contact.name, email: contact.email, handle: contact.handle } : null,
      form,
      error,
    }, status);
  }
}

function formOf(c: Contact): Record<string, string> {
  return { street: c.street.join('\n'), city: c.city ?? '', postalCode: c.pc ?? '', cc: c.cc ?? '', voice: c.voice ?? '' };
}
