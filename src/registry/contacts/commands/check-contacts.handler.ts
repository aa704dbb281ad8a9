import { Injectable } from '@nestjs/common';
import { ParameterRangeError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { ContactRepository } from '../contact.repository';

/** contact.check — which handles are free. Read-only; records nothing. */
@Injectable()
export class CheckContactsHandler implements CommandHandler<{ handles: string[] }, Array<{ handle: string; available: boolean }>> {
  readonly command = 'contact.check';
  readonly readOnly = true;

  constructor(private readonly contacts: ContactRepository) {}

  async handle(ctx: CommandContext, input: { handles: string[] }): Promise<Array<{ handle: string; available: boolean }>> {
    if (input.handles.length === 0 || input.handles.length > 100) {
      throw new ParameterRangeError('Check between 1 and 100 handles at once', { reason: 'too-many', value: String(input.handles.length) });
    }
    const taken = await this.contacts.existingHandles(ctx.manager, input.handles);
    return input.handles.map((handle) => ({ handle, available: !taken.has(handle.toLowerCase()) }));
  }
}
