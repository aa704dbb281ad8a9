import { Body, Controller, Delete, Get, HttpCode, NotFoundException, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RegistrarActor } from '../../registry/command/actor';
import { CommandRunner } from '../../registry/command/command-runner';
import { CheckDomainsHandler } from '../../registry/domains/commands/check-domains.handler';
import { CreateDomainHandler } from '../../registry/domains/commands/create-domain.handler';
import { DeleteDomainHandler } from '../../registry/domains/commands/delete-domain.handler';
import { InfoDomainHandler } from '../../registry/domains/commands/info-domain.handler';
import { RenewDomainHandler } from '../../registry/domains/commands/renew-domain.handler';
import { TransferDomainHandler, type TransferOp } from '../../registry/domains/commands/transfer-domain.handler';
import { UpdateDomainHandler } from '../../registry/domains/commands/update-domain.handler';
import { CurrentRegistrar, RegistrarGuard } from '../auth/registrar.guard';
import { CheckDomainsDto, CreateDomainDto, RenewDomainDto, TransferRequestDto, UpdateDomainDto } from '../dto/domain.dto';
import { money } from '../presenters';

@ApiTags('domains')
@ApiBearerAuth()
@UseGuards(RegistrarGuard)
@Controller('api/v1/domains')
export class DomainsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly checkDomains: CheckDomainsHandler,
    private readonly createDomain: CreateDomainHandler,
    private readonly infoDomain: InfoDomainHandler,
    private readonly renewDomain: RenewDomainHandler,
    private readonly updateDomain: UpdateDomainHandler,
    private readonly deleteDomain: DeleteDomainHandler,
    private readonly transferDomain: TransferDomainHandler,
  ) {}

  @Post('check')
  @HttpCode(200)
  @ApiOperation({ summary: 'Availability of up to 100 names; places no hold and records nothing' })
  async check(@CurrentRegistrar() actor: RegistrarActor, @Body() dto: CheckDomainsDto) {
    const results = await this.runner.run(this.checkDomains, actor, { names: dto.names, years: dto.years });
    return { results: results.map((r) => ({ ...r, price: money(r.price) })) };
  }

  @Post()
  @ApiOperation({ summary: 'Register a domain (first come, first served)' })
  async create(@CurrentRegistrar() actor: RegistrarActor, @Body() dto: CreateDomainDto) {
    const r = await this.runner.run(this.createDomain, actor, {
      ...dto,
      years: dto.years ?? 1,
      registrarId: actor.id,
      holder: { type: 'registrar', id: actor.id },
    });
    return { ...r, price: money(r.price), balance: money(r.balance) };
  }

  @Get(':name')
  @ApiOperation({ summary: 'Domain info (sponsor, or anyone with the auth info as ?authInfo=)' })
  info(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string, @Query('authInfo') authInfo?: string) {
    return this.runner.run(this.infoDomain, actor, { name, registrarId: actor.id, authInfo });
  }

  @Post(':name/renew')
  @HttpCode(200)
  async renew(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string, @Body() dto: RenewDomainDto) {
    const r = await this.runner.run(this.renewDomain, actor, { name, registrarId: actor.id, currentExpiryDate: dto.currentExpiryDate, years: dto.years ?? 1 });
    return { ...r, price: money(r.price), balance: money(r.balance) };
  }

  @Patch(':name')
  async update(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string, @Body() dto: UpdateDomainDto) {
    await this.runner.run(this.updateDomain, actor, { name, registrarId: actor.id, ...dto });
    return this.runner.run(this.infoDomain, actor, { name, registrarId: actor.id });
  }

  @Delete(':name')
  @HttpCode(200)
  async delete(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string) {
    const r = await this.runner.run(this.deleteDomain, actor, { name, registrarId: actor.id });
    return { ...r, refunded: money(r.refunded) };
  }

  @Post(':name/transfer')
  @ApiOperation({ summary: 'Request a transfer to the calling registrar (needs the auth info)' })
  requestTransfer(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string, @Body() dto: TransferRequestDto) {
    return this.runner.run(this.transferDomain, actor, { op: 'request', name, registrarId: actor.id, authInfo: dto.authInfo, years: dto.years });
  }

  @Get(':name/transfer')
  queryTransfer(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string, @Query('authInfo') authInfo?: string) {
    return this.runner.run(this.transferDomain, actor, { op: 'query', name, registrarId: actor.id, authInfo });
  }

  @Post(':name/transfer/:op')
  @HttpCode(200)
  @ApiOperation({ summary: 'approve | reject (losing registrar) or cancel (gaining registrar)' })
  actOnTransfer(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string, @Param('op') op: string) {
    const allowed: TransferOp[] = ['approve', 'reject', 'cancel'];
    const chosen = allowed.find((o) => o === op);
    if (!chosen) throw new NotFoundException(`Unknown transfer operation ${op}`);
    return this.runner.run(this.transferDomain, actor, { op: chosen, name, registrarId: actor.id });
  }
}
