import { Body, Get, Param, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { ObjectNotFoundError, ParameterSyntaxError } from '../../common/registry-errors';
import { field, seeOther } from '../../panel/panel-request';
import { AddReservedHandler } from '../../registry/names/add-reserved.handler';
import { NameListsRepository } from '../../registry/names/name-lists.repository';
import { RemovePremiumHandler } from '../../registry/names/remove-premium.handler';
import { RemoveReservedHandler } from '../../registry/names/remove-reserved.handler';
import { SetPremiumHandler } from '../../registry/names/set-premium.handler';
import { UpdateZoneHandler } from '../../registry/zones/commands/update-zone.handler';
import { ZoneRepository } from '../../registry/zones/zone.repository';
import { formatAzn, parseAzn } from '../../registry/zones/zone.types';
import { AdminCommands } from '../audit/admin-commands';
import { AdminController, AdminRoles } from '../auth/admin-auth.guard';
import { AdminRenderer } from '../admin-renderer.service';
import { ZONE_INT_FIELDS, ZONE_PERIOD_FIELDS, ZONE_PRICE_FIELDS, zonePolicyFromForm } from '../policy/zone-form';

type Form = Record<string, unknown>;

function price(text: string, what: string): number {
  const q = parseAzn(text.trim());
  if (q === null) throw new ParameterSyntaxError(`${what}: an amount in AZN such as 500 or 12.50`, { reason: 'price', value: text.slice(0, 20) });
  return q;
}

/**
 * Registry policy (administrators): zones and prices, the reserved (stop) list and the premium
 * list. Each change is one registry command with history and audit in its transaction.
 */
@AdminController()
@AdminRoles('admin')
export class AdminPolicyController {
  constructor(
    private readonly renderer: AdminRenderer,
    private readonly commands: AdminCommands,
    private readonly dataSource: DataSource,
    private readonly zones: ZoneRepository,
    private readonly lists: NameListsRepository,
    private readonly updateZone: UpdateZoneHandler,
    private readonly addReserved: AddReservedHandler,
    private readonly removeReserved: RemoveReservedHandler,
    private readonly setPremium: SetPremiumHandler,
    private readonly removePremium: RemovePremiumHandler,
  ) {}

  @Get('zones')
  async zoneList(@Req() req: Request, @Res() res: Response): Promise<void> {
    this.renderer.page(req, res, 'zones', 'nav.zones', { zones: await this.zones.list(this.dataSource.manager) });
  }

  @Get('zones/:name')
  async zonePage(@Param('name') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const zone = await this.zone(name);
    this.renderer.page(req, res, 'zone', { text: `.${zone.name}` }, { zone, intFields: ZONE_INT_FIELDS, periodFields: ZONE_PERIOD_FIELDS, priceFields: ZONE_PRICE_FIELDS });
  }

  @Post('zones/:name')
  async zoneSubmit(@Param('name') name: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const policy = zonePolicyFromForm(body, await this.zone(name));
    await this.commands.run(req, res, this.updateZone, { name, policy }, (z) => ({
      action: 'zone.update', objectType: 'zone', objectId: z.name,
      details: { restricted: z.restricted, prices: Object.fromEntries(Object.entries(z.prices).map(([k, v]) => [k, formatAzn(v)])), minLabelLength: z.minLabelLength, terms: [z.minTermYears, z.maxTermYears] },
    }));
    this.renderer.flash(req, 'zones.saved');
    seeOther(res, `/admin/zones/${encodeURIComponent(name)}`);
  }

  @Get('lists')
  async listsPage(@Req() req: Request, @Res() res: Response): Promise<void> {
    const m = this.dataSource.manager;
    const [reserved, premium] = await Promise.all([this.lists.listReserved(m), this.lists.listPremium(m)]);
    this.renderer.page(req, res, 'lists', 'nav.lists', { reserved, premium });
  }

  @Post('lists/reserved')
  async reserve(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const name = field(body, 'name').trim();
    const reason = field(body, 'reason').trim().slice(0, 200);
    await this.commands.run(req, res, this.addReserved, { name, reason }, (r) => ({ action: 'reserved.add', objectType: 'reserved', objectId: `${r.labelKey}|${r.zone ?? '*'}`, details: { name, reason } }));
    this.back(req, res);
  }

  @Post('lists/reserved/remove')
  async unreserve(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const name = field(body, 'name').trim();
    await this.commands.run(req, res, this.removeReserved, { name }, (r) => ({ action: 'reserved.remove', objectType: 'reserved', objectId: `${r.labelKey}|${r.zone ?? '*'}`, details: { name } }));
    this.back(req, res);
  }

  @Post('lists/premium')
  async premium(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const input = { name: field(body, 'name').trim(), create: price(field(body, 'create'), 'create'), renew: price(field(body, 'renew'), 'renew') };
    await this.commands.run(req, res, this.setPremium, input, (r) => ({ action: 'premium.set', objectType: 'premium', objectId: r.name, details: { create: formatAzn(input.create), renew: formatAzn(input.renew) } }));
    this.back(req, res);
  }

  @Post('lists/premium/remove')
  async unpremium(@Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const name = field(body, 'name').trim();
    await this.commands.run(req, res, this.removePremium, { name }, () => ({ action: 'premium.remove', objectType: 'premium', objectId: name }));
    this.back(req, res);
  }

  private async zone(name: string) {
    const zone = (await this.zones.list(this.dataSource.manager)).find((z) => z.name === name);
    if (!zone) throw new ObjectNotFoundError(`Zone ${name} does not exist`, { reason: 'not-found', value: name });
    return zone;
  }

  private back(req: Request, res: Response): void {
    this.renderer.flash(req, 'common.done');
    seeOther(res, '/admin/lists');
  }
}
