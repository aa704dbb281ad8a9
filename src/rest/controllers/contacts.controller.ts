import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { RegistrarActor } from '../../registry/command/actor';
import { CommandRunner } from '../../registry/command/command-runner';
import { CheckContactsHandler } from '../../registry/contacts/commands/check-contacts.handler';
import { CreateContactHandler } from '../../registry/contacts/commands/create-contact.handler';
import { DeleteContactHandler } from '../../registry/contacts/commands/delete-contact.handler';
import { InfoContactHandler } from '../../registry/contacts/commands/info-contact.handler';
import { UpdateContactHandler } from '../../registry/contacts/commands/update-contact.handler';
import { CurrentRegistrar, RegistrarGuard } from '../auth/registrar.guard';
import { CreateContactDto, NamesDto, UpdateContactDto } from '../dto/contact.dto';

@ApiTags('contacts')
@ApiBearerAuth()
@UseGuards(RegistrarGuard)
@Controller('api/v1/contacts')
export class ContactsController {
  constructor(
    private readonly runner: CommandRunner,
    private readonly createContact: CreateContactHandler,
    private readonly infoContact: InfoContactHandler,
    private readonly updateContact: UpdateContactHandler,
    private readonly deleteContact: DeleteContactHandler,
    private readonly checkContacts: CheckContactsHandler,
  ) {}

  @Post('check')
  @HttpCode(200)
  async check(@CurrentRegistrar() actor: RegistrarActor, @Body() dto: NamesDto) {
    return { results: await this.runner.run(this.checkContacts, actor, { handles: dto.names }) };
  }

  @Post()
  async create(@CurrentRegistrar() actor: RegistrarActor, @Body() dto: CreateContactDto) {
    const { contact, authInfo } = await this.runner.run(this.createContact, actor, { ...dto, registrarId: actor.id });
    const { authInfoHash: _hidden, ...visible } = contact;
    return { ...visible, authInfo: dto.authInfo ? null : authInfo };
  }

  @Get(':handle')
  info(@CurrentRegistrar() actor: RegistrarActor, @Param('handle') handle: string, @Query('authInfo') authInfo?: string) {
    return this.runner.run(this.infoContact, actor, { handle, registrarId: actor.id, authInfo });
  }

  @Patch(':handle')
  async update(@CurrentRegistrar() actor: RegistrarActor, @Param('handle') handle: string, @Body() dto: UpdateContactDto) {
    const { authInfoHash: _hidden, ...visible } = await this.runner.run(this.updateContact, actor, { handle, registrarId: actor.id, ...dto });
    return visible;
  }

  @Delete(':handle')
  @HttpCode(204)
  async delete(@CurrentRegistrar() actor: RegistrarActor, @Param('handle') handle: string) {
    await this.runner.run(this.deleteContact, actor, { handle, registrarId: actor.id });
  }
}
