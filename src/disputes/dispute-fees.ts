import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import type { FeeKind } from './dispute.types';

export type FeeTable = Readonly<Record<'summary' | 'expert' | 'appeal' | 'appeal-deposit', number>>;

/** `DISPUTE_FEES` (AZN, validated at boot) → qəpik per kind. Throws when a kind is missing or repeated. */
export function parseDisputeFees(text: string): FeeTable {
  const out: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [kind, amount] = part.split('=');
    if (kind in out) throw new Error(`DISPUTE_FEES: ${kind} given twice`);
    out[kind] = Math.round(Number(amount) * 100);
  }
  for (const kind of ['summary', 'expert', 'appeal', 'appeal-deposit']) {
    if (!(out[kind] > 0)) throw new Error(`DISPUTE_FEES: ${kind} missing or zero`);
  }
  if (out['appeal-deposit'] >= out.appeal) throw new Error('DISPUTE_FEES: appeal-deposit must be less than appeal');
  return out as unknown as FeeTable;
}

/** The fee schedule (configuration, fixed at boot). The amount due is copied onto the case when it falls due. */
@Injectable()
export class DisputeFees {
  readonly table: FeeTable;

  constructor(config: AppConfig) {
    this.table = parseDisputeFees(config.DISPUTE_FEES);
  }

  /** In qəpik. The balance of an appeal is the appeal fee less the deposit already paid. */
  amount(kind: FeeKind): number {
    return kind === 'appeal-balance' ? this.table.appeal - this.table['appeal-deposit'] : this.table[kind];
  }
}
