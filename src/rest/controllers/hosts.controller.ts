import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { RegistrarActor } from '../../registry/command/actor';
import { CommandRunner } from '../../registry/command/command-runner';
import { CheckHostsHandler } from '../../registry/hosts/commands/check-hosts.handler';
import { CreateHostHandler } from '../../registry/hosts/commands/create-host.handler';
import { DeleteHostHandler } from '../../registry/hosts/commands/delete-host.handler';
import { InfoHostHandler } from '../../registry/hosts/commands/info-host.handler';
import { UpdateHostHandler } from '../../registry/hosts/commands/update-host.handler';
import { CurrentRegistrar, RegistrarGuard } from '../auth/registrar.guard';
import { CreateHostDto, NamesDto, UpdateHostDto } from '../dto/contact.dto';

@ApiTags('hosts')
@ApiBearerAuth()
@UseGuards(RegistrarGuard)
@Controller('api/v1/hosts')
export class HostsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly createHost: CreateHostHandler,
    private readonly infoHost: InfoHostHandler,
    private readonly updateHost: UpdateHostHandler,
    private readonly deleteHost: DeleteHostHandler,
    private readonly checkHosts: CheckHostsHandler,
  ) {}

  @Post('check')
  @HttpCode(200)
  async check(@CurrentRegistrar() actor: RegistrarActor, @Body() dto: NamesDto) {
    return { results: await this.runner.run(this.checkHosts, actor, { names: dto.names }) };
  }

  @Post()
  create(@CurrentRegistrar() actor: RegistrarActor, @Body() dto: CreateHostDto) {
    return this.runner.run(this.createHost, actor, { ...dto, registrarId: actor.id });
  }

  @Get(':name')
  info(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string) {
    return this.runner.run(this.infoHost, actor, { name });
  }

  @Patch(':name')
  update(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string, @Body() dto: UpdateHostDto) {
    return this.runner.run(this.updateHost, actor, { name, registrarId: actor.id, ...dto });
  }

  @Delete(':name')
  @HttpCode(204)
  async delete(@CurrentRegistrar() actor: RegistrarActor, @Param('name') name: string) {
    await this.runner.run(this.deleteHost, actor, { name, registrarId: actor.id });
  }
}
