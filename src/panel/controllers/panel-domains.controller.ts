import { domainToASCII, domainToUnicode } from 'node:url';
import { Body, Controller, Get, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { RegistryError } from '../../common/registry-errors';
import { DIRECT_CHANNEL_REGISTRAR } from '../../demo/demo-data';
import { CommandRunner } from '../../registry/command/command-runner';
import { UpdateDomainHandler } from '../../registry/domains/commands/update-domain.handler';
import { CreateHostHandler } from '../../registry/hosts/commands/create-host.handler';
import { HostRepository } from '../../registry/hosts/host.repository';
import { errorSentence, translator } from '../i18n';
import { PanelDomainPage } from '../panel-domain-page';
import { PanelDomainsRepository } from '../panel-domains.repository';
import { PanelExceptionFilter } from '../panel-exception.filter';
import { PanelRenderer } from '../panel-renderer.service';
import { field, fields, panelActor, requestLang, seeOther, sessionAccount } from '../panel-request';

type Form = Record<string, unknown>;

/** Host names typed one per line (or separated by spaces/commas), lower-cased, A-labels, no duplicates. */
export function parseHostList(text: string): string[] {
  const names = text.split(/[\s,;]+/).map((s) => s.trim().replace(/\.$/, '')).filter(Boolean);
  return [...new Set(names.map((n) => domainToASCII(n) || n.toLowerCase()))];
}

/**
 * My domains and the domain page. The panel acts as the direct channel (the domains' sponsor),
 * so every action first checks that the domain's `account_id` is the logged-in account; any other
 * domain is a 404, whether it exists or not.
 */
@ApiExcludeController()
@Controller('panel/domains')
@UseFilters(PanelExceptionFilter)
export class PanelDomainsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly renderer: PanelRenderer,
    private readonly dataSource: DataSource,
    private readonly mine: PanelDomainsRepository,
    private readonly hosts: HostRepository,
    private readonly page: PanelDomainPage,
    private readonly update: UpdateDomainHandler,
    private readonly createHost: CreateHostHandler,
  ) {}

  @Get()
  async list(@Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login?next=/panel/domains');
    const domains = await this.mine.listByAccount(this.dataSource.manager, accountId);
    const rows = domains.map((d) => ({ name: d.name, unicodeName: d.unicodeName, expires: d.expiresAt.toISOString().slice(0, 10), statuses: d.statuses.length ? d.statuses.join(', ') : 'ok' }));
    this.renderer.page(req, res, 'domains', 'domains.title', { domains: rows });
  }

  @Get(':name')
  async domain(@Param('name') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, `/panel/login?next=${encodeURIComponent(`/panel/domains/${name}`)}`);
    await this.page.render(req, res, accountId, await this.page.ownName(accountId, name));
  }

  /** Adds and removes name servers; external hosts not yet known are created first (host.create). */
  @Post(':name/nameservers')
  async nameservers(@Param('name') name: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const accountId = sessionAccount(req);
    if (!accountId) return seeOther(res, '/panel/login');
    const ascii = await this.page.ownName(accountId, name);
    const actor = panelActor(req, res, accountId);
    const registrarId = DIRECT_CHANNEL_REGISTRAR.id;
    const add = parseHostList(field(body, 'add'));
    const remove = fields(body, 'remove').filter((n) => !add.includes(n));
    try {
      const known = new Set((await this.hosts.findLiveByNames(this.dataSource.manager, add)).map((h) => h.name));
      for (const host of add.filter((h) => !known.has(h))) await this.runner.run(this.createHost, actor, { name: host, registrarId });
      await this.runner.run(this.update, actor, { name: ascii, registrarId, add: { nameservers: add }, remove: { nameservers: remove } });
    } catch (error) {
      if (!(error instanceof RegistryError)) throw error;
      return this.page.render(req, res, accountId, ascii, errorSentence(translator(requestLang(req)), error), 422);
    }
    req.session.flash = translator(requestLang(req))('domain.saved');
    seeOther(res, `/panel/domains/${encodeURIComponent(domainToUnicode(ascii))}`);
  }
}
