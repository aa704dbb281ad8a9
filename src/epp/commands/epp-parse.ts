import { ParameterRangeError, ParameterSyntaxError, UnimplementedOptionError } from '../../common/registry-errors';
import type { EppNode, EppReader } from '../xml/epp-xml';

/** Small helpers shared by the command parsers. XPath prefixes: epp, domain, host, contact, secDNS, rgp. */

export function required(r: EppReader, xpath: string, ctx: EppNode, what: string): string {
  const v = r.text(xpath, ctx);
  if (v === null || v === '') throw new ParameterSyntaxError(`${what} is required`, { reason: 'missing', value: what });
  return v;
}

/** <domain:period unit="y|m">n</domain:period> → whole years (months only in multiples of 12). */
export function periodYears(r: EppReader, xpath: string, ctx: EppNode): number | undefined {
  const value = r.text(xpath, ctx);
  if (value === null) return undefined;
  const n = Number(value);
  const unit = r.attr(xpath, 'unit', ctx) ?? 'y';
  if (unit === 'y') return n;
  if (n % 12 !== 0) throw new ParameterRangeError('Periods are whole years; give months in multiples of 12', { reason: 'period-unit', value: `${value}${unit}` });
  return n / 12;
}

export function extension(r: EppReader, ctx: EppNode, xpath: string): EppNode | null {
  return r.nodes(`epp:extension/${xpath}`, ctx)[0] ?? null;
}

export function refuseOption(present: boolean, what: string): void {
  if (present) throw new UnimplementedOptionError(`${what} is not supported by this server`, { reason: 'unimplemented-option', value: what });
}
