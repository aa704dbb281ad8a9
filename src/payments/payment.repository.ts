import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { rowsOf } from '../infrastructure/database/rows';
import type { Buyer, ClosedPaymentStatus, Payment, PaymentOrder, PaymentPurpose, PaymentResult, PaymentStatus } from './payment.types';

function toPayment(r: Record<string, unknown>): Payment {
  return {
    id: r.id as string,
    accountId: r.account_id as string,
    provider: r.provider as string,
    providerRef: (r.provider_ref as string | null) ?? null,
    purpose: r.purpose as PaymentPurpose,
    amount: Number(r.amount),
    currency: String(r.currency).trim(),
    status: r.status as PaymentStatus,
    order: r.order_data as PaymentOrder,
    result: (r.result as PaymentResult | null) ?? null,
    createdAt: r.created_at as Date,
    updatedAt: r.updated_at as Date,
    completedAt: (r.completed_at as Date | null) ?? null,
  };
}

/** Payments (and the few facts about the buying account that checkout reads). Every query is here. */
@Injectable()
export class PaymentRepository {
  async insert(
    manager: EntityManager,
    p: { id: string; accountId: string; provider: string; purpose: PaymentPurpose; amount: number; currency: string; order: PaymentOrder },
    now: Date,
  ): Promise<Payment> {
    const rows = await manager.query(
      `INSERT INTO payments (id, account_id, provider, purpose, amount, currency, status, order_data, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7::jsonb, $8, $8) RETURNING *`,
      [p.id, p.accountId, p.provider, p.purpose, p.amount, p.currency, JSON.stringify(p.order), now],
    );
    return toPayment(rows[0]);
  }

  async findById(manager: EntityManager, id: string): Promise<Payment | null> {
    const rows = await manager.query(`SELECT * FROM payments WHERE id = $1`, [id]);
    return rows.length ? toPayment(rows[0]) : null;
  }

  /**
   * The payment, row-locked for the rest of the transaction: concurrent callbacks for one payment
   * queue here, and each sees what the previous one committed.
   */
  async lockById(manager: EntityManager, id: string): Promise<Payment | null> {
    const rows = await manager.query(`SELECT * FROM payments WHERE id = $1 FOR UPDATE`, [id]);
    return rows.length ? toPayment(rows[0]) : null;
  }

  /** Records the provider's reference once (written after the checkout transaction committed). */
  async setProviderRef(manager: EntityManager, id: string, providerRef: string, now: Date): Promise<void> {
    await manager.query(`UPDATE payments SET provider_ref = $2, updated_at = $3 WHERE id = $1 AND provider_ref IS NULL`, [id, providerRef, now]);
  }

  /** Closes a payment with its status and result. */
  async close(manager: EntityManager, id: string, status: ClosedPaymentStatus, result: PaymentResult, now: Date): Promise<void> {
    await manager.query(
      `UPDATE payments SET status = $2, result = $3::jsonb, completed_at = $4, updated_at = $4 WHERE id = $1`,
      [id, status, JSON.stringify(result), now],
    );
  }

  /** Closes a payment only if it is still pending (outside a row lock: used when the provider could not be reached). */
  async closeIfPending(manager: EntityManager, id: string, status: ClosedPaymentStatus, result: PaymentResult, now: Date): Promise<boolean> {
    const rows = rowsOf(await manager.query(
      `UPDATE payments SET status = $2, result = $3::jsonb, completed_at = $4, updated_at = $4 WHERE id = $1 AND status = 'pending' RETURNING id`,
      [id, status, JSON.stringify(result), now],
    ));
    return rows.length > 0;
  }

  /** Adds the provider's refund confirmation to a payment's result, once. */
  async recordRefund(manager: EntityManager, id: string, refundRef: string, now: Date): Promise<void> {
    await manager.query(
      `UPDATE payments SET result = result || jsonb_build_object('refundRef', $2::text, 'refundedAt', $3::text), updated_at = $4
        WHERE id = $1 AND (result ->> 'refundDue')::boolean IS TRUE AND NOT (result ? 'refundedAt')`,
      [id, refundRef, now.toISOString(), now],
    );
  }

  /**
   * Pending payments created at or before `createdBefore`, row-locked; payments a callback is
   * working on right now are skipped (SKIP LOCKED) and left to it.
   */
  async lockAbandoned(manager: EntityManager, createdBefore: Date, paymentId?: string): Promise<Payment[]> {
    const rows = await manager.query(
      `SELECT * FROM payments WHERE status = 'pending' AND created_at <= $1 AND ($2::uuid IS NULL OR id = $2)
        ORDER BY created_at FOR UPDATE SKIP LOCKED`,
      [createdBefore, paymentId ?? null],
    );
    return rows.map(toPayment);
  }

  /**
   * Succeeded transfer-in payments whose transfer then ended without the domain moving (rejected
   * or cancelled) and that are not yet owed back, row-locked (SKIP LOCKED), with that status.
   */
  async lockUnrefundedFailedTransfers(manager: EntityManager): Promise<Array<{ payment: Payment; transferStatus: string }>> {
    const rows = await manager.query(
      `SELECT p.*, t.status AS transfer_status FROM payments p JOIN domain_transfers t ON t.payment_id = p.id
        WHERE p.purpose = 'domain-transfer' AND p.status = 'succeeded' AND t.status IN ('clientRejected', 'clientCancelled', 'serverCancelled')
          AND (p.result ->> 'refundDue') IS NULL
        ORDER BY p.created_at FOR UPDATE OF p SKIP LOCKED`,
    );
    return rows.map((r: Record<string, unknown>) => ({ payment: toPayment(r as never), transferStatus: String(r.transfer_status) }));
  }

  /** Whether another pending payment pays for the same hold (the buyer started checkout twice). */
  async otherPendingForHold(manager: EntityManager, holdId: string, exceptPaymentId: string): Promise<boolean> {
    const rows = await manager.query(
      `SELECT 1 FROM payments WHERE status = 'pending' AND order_data ->> 'holdId' = $1 AND id <> $2 LIMIT 1`,
      [holdId, exceptPaymentId],
    );
    return rows.length > 0;
  }

  async listByAccount(manager: EntityManager, accountId: string, limit = 100): Promise<Payment[]> {
    const rows = await manager.query(`SELECT * FROM payments WHERE account_id = $1 ORDER BY created_at DESC LIMIT $2`, [accountId, limit]);
    return rows.map(toPayment);
  }

  /**
   * The buying account: whether its e-mail is verified, and its registrant contact when that
   * contact is live. (A read of `registrant_accounts`; the accounts repository may take it over.)
   */
  async findBuyer(manager: EntityManager, accountId: string): Promise<Buyer | null> {
    const rows = rowsOf<{ id: string; email_verified_at: Date | null; locale: string; handle: string | null; registrar_id: string | null }>(await manager.query(
      `SELECT a.id, a.email_verified_at, a.locale, c.handle, c.registrar_id
         FROM registrant_accounts a
         LEFT JOIN contacts c ON c.id = a.contact_id AND c.deleted_at IS NULL
        WHERE a.id = $1`,
      [accountId],
    ));
    const r = rows[0];
    if (!r) return null;
    return {
      id: r.id,
      emailVerified: r.email_verified_at !== null,
      locale: r.locale === 'en' ? 'en' : 'az',
      contact: r.handle && r.registrar_id ? { handle: r.handle, registrarId: r.registrar_id } : null,
    };
  }
}
