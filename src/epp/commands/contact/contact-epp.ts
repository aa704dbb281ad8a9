import { eppClientId } from '../../protocol/client-id';
import { Injectable } from '@nestjs/common';
import { CommandRunner } from '../../../registry/command/command-runner';
import { CheckContactsHandler } from '../../../registry/contacts/commands/check-contacts.handler';
import { CreateContactHandler } from '../../../registry/contacts/commands/create-contact.handler';
import { DeleteContactHandler } from '../../../registry/contacts/commands/delete-contact.handler';
import { InfoContactHandler } from '../../../registry/contacts/commands/info-contact.handler';
import { UpdateContactHandler } from '../../../registry/contacts/commands/update-contact.handler';
import type { ContactData, ContactRecord, DiscloseFlags } from '../../../registry/contacts/contact.types';
import { dateTime, esc, NS } from '../../protocol/xml';
import type { EppNode, EppReader } from '../../xml/epp-xml';
import type { EppCommand, EppCommandContext, EppOutcome } from '../epp-command';
import { required } from '../epp-parse';

/**
 * Contact commands (RFC 5733). azreg keeps one postal address per contact: `loc` (UTF-8) is taken
 * when both are given, and info answers `loc` when the address has non-ASCII text, else `int`.
 * A contact whose postal info carries an organisation is an organisation (kind `org`).
 */
const DISCLOSE_FIELDS = ['name', 'org', 'addr', 'voice', 'fax', 'email'] as const;

function parseDisclose(r: EppReader, at: EppNode | undefined): DiscloseFlags | undefined {
  if (!at) return undefined;
  const flag = r.attr('.', 'flag', at) === '1';
  const out: DiscloseFlags = {};
  for (const f of DISCLOSE_FIELDS) if (r.exists(`contact:${f}`, at)) out[f] = flag;
  return out;
}

function parsePostal(r: EppReader, parent: EppNode): Partial<ContactData> {
  const postal = r.nodes('contact:postalInfo[@type="loc"]', parent)[0] ?? r.nodes('contact:postalInfo[@type="int"]', parent)[0];
  if (!postal) return {};
  const org = r.text('contact:org', postal);
  return {
    name: r.text('contact:name', postal) ?? undefined,
    org: org ?? undefined,
    kind: org ? 'org' : 'person',
    street: r.texts('contact:addr/contact:street', postal),
    city: r.text('contact:addr/contact:city', postal) ?? undefined,
    sp: r.text('contact:addr/contact:sp', postal) ?? undefined,
    pc: r.text('contact:addr/contact:pc', postal) ?? undefined,
    cc: r.text('contact:addr/contact:cc', postal) ?? undefined,
  };
}

export function renderContact(c: Omit<ContactRecord, 'authInfoHash'>): string {
  const type = /[^\x20-\x7e]/.test([c.name, c.org ?? '', c.city, ...c.street].join('')) ? 'loc' : 'int';
  const statuses = (c.statuses.length ? c.statuses : ['ok']).map((s) => `<contact:status s="${esc(s)}"/>`).join('');
  const addr = `<contact:addr>${c.street.map((s) => `<contact:street>${esc(s)}</contact:street>`).join('')}<contact:city>${esc(c.city)}</contact:city>${c.sp ? `<contact:sp>${esc(c.sp)}</contact:sp>` : ''}${c.pc ? `<contact:pc>${esc(c.pc)}</contact:pc>` : ''}<contact:cc>${esc(c.cc)}</contact:cc></contact:addr>`;
  const disclosed = DISCLOSE_FIELDS.filter((f) => c.disclose[f] === true);
  const disclose = disclosed.length
    ? `<contact:disclose flag="1">${disclosed.map((f) => (f === 'name' || f === 'org' || f === 'addr' ? `<contact:${f} type="${type}"/>` : `<contact:${f}/>`)).join('')}</contact:disclose>`
    : '';
  return (
    `<contact:infData xmlns:contact="${NS.contact}"><contact:id>${esc(c.handle)}</contact:id><contact:roid>${esc(c.roid)}</contact:roid>${statuses}` +
    `<contact:postalInfo type="${type}"><contact:name>${esc(c.name)}</contact:name>${c.org ? `<contact:org>${esc(c.org)}</contact:org>` : ''}${addr}</contact:postalInfo>` +
    `${c.voice ? `<contact:voice>${esc(c.voice)}</contact:voice>` : ''}${c.fax ? `<contact:fax>${esc(c.fax)}</contact:fax>` : ''}<contact:email>${esc(c.email)}</contact:email>` +
    `<contact:clID>${esc(c.registrarId)}</contact:clID><contact:crID>${esc(eppClientId(c.createdBy, c.registrarId))}</contact:crID><contact:crDate>${dateTime(c.createdAt)}</contact:crDate>` +
    `<contact:upID>${esc(eppClientId(c.updatedBy, c.registrarId))}</contact:upID><contact:upDate>${dateTime(c.updatedAt)}</contact:upDate>${c.transferredAt ? `<contact:trDate>${dateTime(c.transferredAt)}</contact:trDate>` : ''}` +
    `${disclose}</contact:infData>`
  );
}

@Injectable()
export class ContactCheckEpp implements EppCommand<{ handles: string[] }> {
  readonly name = 'contact:check';
  readonly objectUri = NS.contact;
  constructor(private readonly runner: CommandRunner, private readonly handler: CheckContactsHandler) {}
  parse(r: EppReader, cmd: EppNode) {
    return { handles: r.texts('epp:check/contact:check/contact:id', cmd) };
  }
  async execute(input: { handles: string[] }, ctx: EppCommandContext): Promise<EppOutcome> {
    const res = await this.runner.run(this.handler, ctx.actor, input);
    const cds = res.map((c) => `<contact:cd><contact:id avail="${c.available ? 1 : 0}">${esc(c.handle)}</contact:id>${c.available ? '' : '<contact:reason>In use</contact:reason>'}</contact:cd>`).join('');
    return { code: 1000, resData: `<contact:chkData xmlns:contact="${NS.contact}">${cds}</contact:chkData>` };
  }
}

@Injectable()
export class ContactInfoEpp implements EppCommand<{ handle: string; authInfo?: string }> {
  readonly name = 'contact:info';
  readonly objectUri = NS.contact;
  constructor(private readonly runner: CommandRunner, private readonly handler: InfoContactHandler) {}
  parse(r: EppReader, cmd: EppNode) {
    return { handle: required(r, 'epp:info/contact:info/contact:id', cmd, 'contact:id'), authInfo: r.text('epp:info/contact:info/contact:authInfo/contact:pw', cmd) ?? undefined };
  }
  async execute(input: { handle: string; authInfo?: string }, ctx: EppCommandContext): Promise<EppOutcome> {
    const c = await this.runner.run(this.handler, ctx.actor, { ...input, registrarId: ctx.registrarId });
    return { code: 1000, resData: renderContact(c) };
  }
}

type CreateInput = ContactData & { handle: string; authInfo?: string };

@Injectable()
export class ContactCreateEpp implements EppCommand<CreateInput> {
  readonly name = 'contact:create';
  readonly objectUri = NS.contact;
  constructor(private readonly runner: CommandRunner, private readonly handler: CreateContactHandler) {}
  parse(r: EppReader, cmd: EppNode): CreateInput {
    const node = r.nodes('epp:create/contact:create', cmd)[0];
    const postal = parsePostal(r, node);
    return {
      handle: required(r, 'contact:id', node, 'contact:id'),
      kind: postal.kind ?? 'person',
      name: postal.name ?? '',
      org: postal.org ?? null,
      street: postal.street ?? [],
      city: postal.city ?? '',
      sp: postal.sp ?? null,
      pc: postal.pc ?? null,
      cc: postal.cc ?? '',
      voice: r.text('contact:voice', node),
      fax: r.text('contact:fax', node),
      email: required(r, 'contact:email', node, 'contact:email'),
      disclose: parseDisclose(r, r.nodes('contact:disclose', node)[0]),
      authInfo: r.text('contact:authInfo/contact:pw', node) ?? undefined,
    };
  }
  async execute(input: CreateInput, ctx: EppCommandContext): Promise<EppOutcome> {
    const { contact } = await this.runner.run(this.handler, ctx.actor, { ...input, registrarId: ctx.registrarId });
    return { code: 1000, resData: `<contact:creData xmlns:contact="${NS.contact}"><contact:id>${esc(contact.handle)}</contact:id><contact:crDate>${dateTime(contact.createdAt)}</contact:crDate></contact:creData>` };
  }
}

interface UpdateInput { handle: string; change: Partial<ContactData> & { authInfo?: string }; addStatuses: string[]; removeStatuses: string[] }

@Injectable()
export class ContactUpdateEpp implements EppCommand<UpdateInput> {
  readonly name = 'contact:update';
  readonly objectUri = NS.contact;
  constructor(private readonly runner: CommandRunner, private readonly handler: UpdateContactHandler) {}
  parse(r: EppReader, cmd: EppNode): UpdateInput {
    const node = r.nodes('epp:update/contact:update', cmd)[0];
    const chg = r.nodes('contact:chg', node)[0];
    const change: UpdateInput['change'] = {};
    if (chg) {
      for (const [k, v] of Object.entries(parsePostal(r, chg))) if (v !== undefined && !(Array.isArray(v) && v.length === 0)) (change as Record<string, unknown>)[k] = v;
      for (const f of ['voice', 'fax', 'email'] as const) {
        const v = r.text(`contact:${f}`, chg);
        if (v !== null) change[f] = v;
      }
      const pw = r.text('contact:authInfo/contact:pw', chg);
      if (pw) change.authInfo = pw;
      const disclose = parseDisclose(r, r.nodes('contact:disclose', chg)[0]);
      if (disclose) change.disclose = disclose;
    }
    return {
      handle: required(r, 'contact:id', node, 'contact:id'),
      change,
      addStatuses: r.nodes('contact:add/contact:status', node).map((n) => r.attr('.', 's', n) ?? ''),
      removeStatuses: r.nodes('contact:rem/contact:status', node).map((n) => r.attr('.', 's', n) ?? ''),
    };
  }
  async execute(input: UpdateInput, ctx: EppCommandContext): Promise<EppOutcome> {
    await this.runner.run(this.handler, ctx.actor, { ...input, registrarId: ctx.registrarId });
    return { code: 1000 };
  }
}

@Injectable()
export class ContactDeleteEpp implements EppCommand<{ handle: string }> {
  readonly name = 'contact:delete';
  readonly objectUri = NS.contact;
  constructor(private readonly runner: CommandRunner, private readonly handler: DeleteContactHandler) {}
  parse(r: EppReader, cmd: EppNode) {
    return { handle: required(r, 'epp:delete/contact:delete/contact:id', cmd, 'contact:id') };
  }
  async execute(input: { handle: string }, ctx: EppCommandContext): Promise<EppOutcome> {
    await this.runner.run(this.handler, ctx.actor, { handle: input.handle, registrarId: ctx.registrarId });
    return { code: 1000 };
  }
}
