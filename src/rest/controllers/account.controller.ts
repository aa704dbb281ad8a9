import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { RegistrarActor } from '../../registry/command/actor';
import { PollRepository } from '../../registry/poll/poll.repository';
import { RegistrarRepository } from '../../registry/registrars/registrar.repository';
import { CurrentRegistrar, RegistrarGuard } from '../auth/registrar.guard';
import { money } from '../presenters';

@ApiTags('account')
@ApiBearerAuth()
@UseGuards(RegistrarGuard)
@Controller('api/v1')
export class AccountController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly registrars: RegistrarRepository,
    private readonly poll: PollRepository,
  ) {}

  @Get('balance')
  async balance(@CurrentRegistrar() actor: RegistrarActor) {
    const m = this.dataSource.manager;
    const registrar = await this.registrars.findById(m, actor.id);
    const ledger = await this.registrars.ledger(m, actor.id, 50);
    return {
      registrar: actor.id,
      balance: money(registrar?.balance ?? 0),
      ledger: ledger.map((e) => ({ ...e, amount: money(e.amount), balanceAfter: money(e.balanceAfter) })),
    };
  }

  @Get('poll')
  async messages(@CurrentRegistrar() actor: RegistrarActor) {
    return { messages: await this.poll.list(this.dataSource.manager, actor.id) };
  }
}
