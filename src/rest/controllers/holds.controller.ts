import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { RegistrarActor } from '../../registry/command/actor';
import { Clock } from '../../registry/command/clock';
import { CommandRunner } from '../../registry/command/command-runner';
import { PlaceHoldHandler } from '../../registry/holds/commands/place-hold.handler';
import { ReleaseHoldHandler } from '../../registry/holds/commands/release-hold.handler';
import { HoldRepository } from '../../registry/holds/hold.repository';
import { CurrentRegistrar, RegistrarGuard } from '../auth/registrar.guard';
import { HoldDto } from '../dto/domain.dto';

@ApiTags('holds')
@ApiBearerAuth()
@UseGuards(RegistrarGuard)
@Controller('api/v1/holds')
export class HoldsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly placeHold: PlaceHoldHandler,
    private readonly releaseHold: ReleaseHoldHandler,
    private readonly holds: HoldRepository,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Hold an available name for the zone hold time (exactly one concurrent caller wins)' })
  async place(@CurrentRegistrar() actor: RegistrarActor, @Body() dto: HoldDto) {
    const { hold, created } = await this.runner.run(this.placeHold, actor, { name: dto.name, owner: { type: 'registrar', id: actor.id } });
    return { holdId: hold.holdId, name: hold.name, expiresAt: hold.expiresAt, created };
  }

  @Get()
  async list(@CurrentRegistrar() actor: RegistrarActor) {
    const holds = await this.holds.listByOwner(this.dataSource.manager, { type: 'registrar', id: actor.id }, this.clock.now());
    return { holds: holds.map((h) => ({ holdId: h.holdId, name: h.name, expiresAt: h.expiresAt })) };
  }

  @Delete(':holdId')
  @HttpCode(204)
  async release(@CurrentRegistrar() actor: RegistrarActor, @Param('holdId', new ParseUUIDPipe()) holdId: string) {
    await this.runner.run(this.releaseHold, actor, { holdId, owner: { type: 'registrar', id: actor.id } });
  }
}
