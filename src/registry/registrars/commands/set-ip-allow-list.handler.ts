import net from 'node:net';
import { Injectable } from '@nestjs/common';
import { ParameterRangeError, ParameterSyntaxError } from '../../../common/registry-errors';
import type { CommandContext, CommandHandler } from '../../command/command-context';
import { HistoryRepository } from '../../history/history.repository';
import { RegistrarRepository } from '../registrar.repository';
import { verifyNotDirectChannel, verifyRegistrarExists } from './registrar-admin.checks';

export const MAX_ALLOW_LIST_ENTRIES = 50;

function addressBits(ip: string, family: 4 | 6): bigint {
  if (family === 4) return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const n = addressBits(v4[1], 4);
    text = `${text.slice(0, -v4[1].length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * `192.0.2.7` → `192.0.2.7/32`; `2001:db8::/32` stays; anything else is null. Host bits must be
 * zero (`192.0.2.7/24` is refused rather than silently widened or narrowed).
 */
export function normalizeCidr(text: string): string | null {
  const [ip, bits, extra] = text.trim().split('/');
  if (extra !== undefined) return null;
  const family = net.isIPv4(ip) ? 4 : net.isIPv6(ip) ? 6 : 0;
  if (!family) return null;
  const max = family === 4 ? 32 : 128;
  const prefix = bits === undefined ? max : /^\d{1,3}$/.test(bits) ? Number(bits) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return null;
  const hostMask = (1n << BigInt(max - prefix)) - 1n;
  if ((addressBits(ip, family) & hostMask) !== 0n) return null;
  return `${ip.toLowerCase()}/${prefix}`;
}

/**
 * registrar.ip-allow-list (administrators) — replaces the addresses a registrar may connect from
 * (EPP login; an empty list allows every address). Errors: 2303, 2005 (not a CIDR block), 2004 (too many), 2306.
 */
@Injectable()
export class SetIpAllowListHandler implements CommandHandler<{ registrarId: string; cidrs: string[] }, { ipAllowList: string[] }> {
  readonly command = 'registrar.ip-allow-list';

  constructor(
    private readonly registrars: RegistrarRepository,
    private readonly history: HistoryRepository,
  ) {}

  async handle(ctx: CommandContext, input: { registrarId: string; cidrs: string[] }): Promise<{ ipAllowList: string[] }> {
    const registrar = verifyRegistrarExists(await this.registrars.findById(ctx.manager, input.registrarId), input.registrarId);
    verifyNotDirectChannel(registrar);
    const entries = input.cidrs.map((c) => c.trim()).filter(Boolean);
    if (entries.length > MAX_ALLOW_LIST_ENTRIES) throw new ParameterRangeError(`At most ${MAX_ALLOW_LIST_ENTRIES} address blocks`, { reason: 'too-many' });
    const cidrs: string[] = [];
    for (const e of entries) {
      const c = normalizeCidr(e);
      if (!c) throw new ParameterSyntaxError(`Not an IP address or CIDR block: ${e}`, { reason: 'cidr', value: e.slice(0, 64) });
      if (!cidrs.includes(c)) cidrs.push(c);
    }
    await this.registrars.setIpAllowList(ctx.manager, registrar.id, cidrs, ctx.now);
    await this.history.record(ctx, { objectType: 'registrar', objectId: registrar.id, objectName: registrar.name, action: this.command, before: { ipAllowList: registrar.ipAllowList }, after: { ipAllowList: cidrs } });
    return { ipAllowList: cidrs };
  }
}
