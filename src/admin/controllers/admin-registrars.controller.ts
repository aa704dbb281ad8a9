import { Body, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { Clock } from '../../registry/command/clock';
import { ParameterSyntaxError } from '../../common/registry-errors';
import { field } from '../../panel/panel-request';
import { CreateRegistrarHandler } from '../../registry/registrars/commands/create-registrar.handler';
import { CreateApiKeyHandler } from '../../registry/registrars/commands/create-api-key.handler';
import { CreditRegistrarHandler } from '../../registry/registrars/commands/credit-registrar.handler';
import { ReinstateRegistrarHandler } from '../../registry/registrars/commands/reinstate-registrar.handler';
import { ResetRegistrarPasswordHandler } from '../../registry/registrars/commands/reset-registrar-password.handler';
import { RevokeApiKeyHandler } from '../../registry/registrars/commands/revoke-api-key.handler';
import { SetIpAllowListHandler } from '../../registry/registrars/commands/set-ip-allow-list.handler';
import { SuspendRegistrarHandler } from '../../registry/registrars/commands/suspend-registrar.handler';
import { verifyRegistrarExists } from '../../registry/registrars/commands/registrar-admin.checks';
import { RegistrarRepository } from '../../registry/registrars/registrar.repository';
import { formatAzn, parseAzn } from '../../registry/zones/zone.types';
import { AdminCommands } from '../audit/admin-commands';
import { AdminController, AdminRoles } from '../auth/admin-auth.guard';
import { AdminRenderer } from '../admin-renderer.service';
import { RegistrarStatements } from '../registrars/registrar-statement';
import { seeOther } from '../../panel/panel-request';

type Form = Record<string, unknown>;

function amount(text: string): number {
  const q = parseAzn(text);
  if (q === null || q <= 0) throw new ParameterSyntaxError('An amount in AZN such as 100 or 12.50', { reason: 'amount', value: text.slice(0, 20) });
  return q;
}

function monthStart(now: Date): string {
  return `${now.toISOString().slice(0, 8)}01`;
}

/**
 * Registrars (administrators only): list, accreditation, suspension, EPP password reset, API
 * keys, IP allow-list, credit top-ups, ledger and statements. Every POST runs one registry
 * handler through AdminCommands (history + audit in the command's transaction); secrets are
 * shown once, on the response to the POST, and never stored in clear.
 */
@AdminController('registrars')
@AdminRoles('admin')
export class AdminRegistrarsController {
  constructor(
    private readonly renderer: AdminRenderer,
    private readonly commands: AdminCommands,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly registrars: RegistrarRepository,
    private readonly statements: RegistrarStatements,
    private readonly create: CreateRegistrarHandler,
    private readonly credit: CreditRegistrarHandler,
    private readonly suspend: SuspendRegistrarHandler,
    private readonly reinstate: ReinstateRegistrarHandler,
    private readonly resetPassword: ResetRegistrarPasswordHandler,
    private readonly createKey: CreateApiKeyHandler,
    private readonly revokeKey: RevokeApiKeyHandler,
    private readonly setAllowList: SetIpAllowListHandler,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const registrars = await this.registrars.list(this.dataSource.manager);
    this.renderer.page(req, res, 'registrars', 'nav.registrars', { registrars });
  }

  @Get('new')
  newPage(@Req() req: Request, @Res() res: Response): void {
    this.renderer.page(req, res, 'registrar-new', 'registrars.new');
  }

  @Post()
  async accredit(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const creditText = field(body, 'credit').trim();
    const input = { id: field(body, 'id').trim(), name: field(body, 'name').trim(), password: field(body, 'password'), email: field(body, 'email').trim() || null, credit: creditText ? amount(creditText) : 0 };
    if (!input.name) throw new ParameterSyntaxError('A name is required', { reason: 'name' });
    const r = await this.commands.run(req, res, this.create, input, (out) => ({ action: 'registrar.create', objectType: 'registrar', objectId: out.id, details: { name: input.name, email: input.email, credit: formatAzn(input.credit) } }));
    this.renderer.page(req, res, 'secret-once', 'registrars.created', { registrarId: r.id, secretLabel: 'registrars.apiKey', secret: r.apiKey });
  }

  @Get(':id')
  async detail(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const m = this.dataSource.manager;
    const registrar = verifyRegistrarExists(await this.registrars.findById(m, id), id);
    const [keys, ledger, ledgerSum] = await Promise.all([this.registrars.listApiKeys(m, id), this.registrars.ledger(m, id, 50), this.registrars.ledgerSum(m, id)]);
    const now = this.clock.now();
    this.renderer.page(req, res, 'registrar', { text: `${registrar.name} (${registrar.id})` }, { r: registrar, keys, ledger, ledgerSum, from: monthStart(now), to: now.toISOString().slice(0, 10) });
  }

  @Post(':id/suspend')
  async suspendRegistrar(@Param('id') id: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const reason = field(body, 'reason').trim().slice(0, 500);
    await this.commands.run(req, res, this.suspend, { registrarId: id, reason }, () => ({ action: 'registrar.suspend', objectType: 'registrar', objectId: id, details: { reason } }));
    this.done(req, res, id);
  }

  @Post(':id/reinstate')
  async reinstateRegistrar(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.commands.run(req, res, this.reinstate, { registrarId: id }, () => ({ action: 'registrar.reinstate', objectType: 'registrar', objectId: id }));
    this.done(req, res, id);
  }

  @Post(':id/password')
  async newPassword(@Param('id') id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const r = await this.commands.run(req, res, this.resetPassword, { registrarId: id }, () => ({ action: 'registrar.password-reset', objectType: 'registrar', objectId: id }));
    this.renderer.page(req, res, 'secret-once', 'registrars.passwordReset', { registrarId: id, secretLabel: 'registrars.eppPassword', secret: r.password });
  }

  @Post(':id/api-keys')
  async newKey(@Param('id') id: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const label = field(body, 'label');
    const r = await this.commands.run(req, res, this.createKey, { registrarId: id, label }, (out) => ({ action: 'registrar.api-key-create', objectType: 'registrar', objectId: id, details: { keyId: out.keyId, label: label.trim() } }));
    this.renderer.page(req, res, 'secret-once', 'registrars.keyCreated', { registrarId: id, secretLabel: 'registrars.apiKey', secret: r.apiKey });
  }

  @Post(':id/api-keys/:keyId/revoke')
  async revoke(@Param('id') id: string, @Param('keyId') keyId: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.commands.run(req, res, this.revokeKey, { registrarId: id, keyId }, () => ({ action: 'registrar.api-key-revoke', objectType: 'registrar', objectId: id, details: { keyId } }));
    this.done(req, res, id);
  }

  @Post(':id/ip-allow-list')
  async allowList(@Param('id') id: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const cidrs = field(body, 'cidrs').split(/[\s,]+/).filter(Boolean);
    await this.commands.run(req, res, this.setAllowList, { registrarId: id, cidrs }, (out) => ({ action: 'registrar.ip-allow-list', objectType: 'registrar', objectId: id, details: { ipAllowList: out.ipAllowList } }));
    this.done(req, res, id);
  }

  @Post(':id/credit')
  async topUp(@Param('id') id: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const qepik = amount(field(body, 'amount').trim());
    const note = field(body, 'note').trim().slice(0, 200) || 'top-up';
    await this.commands.run(req, res, this.credit, { registrarId: id, amount: qepik, note }, (out) => ({ action: 'registrar.credit', objectType: 'registrar', objectId: id, details: { amount: formatAzn(qepik), note, balance: formatAzn(out.balance) } }));
    this.done(req, res, id);
  }

  /** The statement of a period as a page, or as CSV with `format=csv`. */
  @Get(':id/statement')
  async statement(@Param('id') id: string, @Query('from') from: unknown, @Query('to') to: unknown, @Query('format') format: unknown, @Req() req: Request, @Res() res: Response): Promise<void> {
    const registrar = verifyRegistrarExists(await this.registrars.findById(this.dataSource.manager, id), id);
    const s = await this.statements.build(registrar.id, typeof from === 'string' ? from : '', typeof to === 'string' ? to : '');
    const fromDay = s.from.toISOString().slice(0, 10);
    const toDay = new Date(s.to.getTime() - 86_400_000).toISOString().slice(0, 10);
    if (format === 'csv') {
      res.setHeader('Content-Disposition', `attachment; filename="statement-${registrar.id}-${fromDay}-${toDay}.csv"`);
      res.type('text/csv; charset=utf-8').send(this.statements.csv(s));
      return;
    }
    this.renderer.page(req, res, 'statement', { text: `${registrar.name}: ${fromDay} – ${toDay}` }, { r: registrar, s, fromDay, toDay });
  }

  private done(req: Request, res: Response, id: string): void {
    this.renderer.flash(req, 'common.done');
    seeOther(res, `/admin/registrars/${encodeURIComponent(id)}`);
  }
}
