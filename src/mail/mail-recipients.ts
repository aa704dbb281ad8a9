import type { EntityManager } from 'typeorm';
import { rowsOf } from '../infrastructure/database/rows';
import type { MailLocale } from './templates';

/** Where a domain's mail goes, and in which language. */
export interface MailRecipient {
  recipient: string;
  locale: MailLocale;
}

/**
 * The registrant of a domain as a mail recipient: the registrant contact's address; the language
 * of the registrant's panel account (the domain's, else the contact's) when there is one, else
 * Azerbaijani for a contact in Azerbaijan and English for anyone else. Null when the domain has no
 * registrant contact (or it has no address).
 */
export async function registrantRecipient(manager: EntityManager, domainId: string): Promise<MailRecipient | null> {
  const rows = rowsOf<{ email: string | null; cc: string | null; locale: string | null }>(await manager.query(
    `SELECT c.email, c.cc, COALESCE(da.locale, ca.locale) AS locale
       FROM domains d
       JOIN contacts c ON c.id = d.registrant_id
       LEFT JOIN registrant_accounts da ON da.id = d.account_id
       LEFT JOIN registrant_accounts ca ON ca.id = c.account_id
      WHERE d.id = $1`,
    [domainId],
  ));
  const row = rows[0];
  if (!row?.email) return null;
  return { recipient: row.email, locale: mailLocale(row.locale, row.cc) };
}

/**
 * The same recipient from a registrant contact the caller has already read (a create has it in
 * hand): no database read unless a panel account is involved, whose language then decides.
 * `domainAccountId` is the domain's panel account, if any.
 */
export async function contactRecipient(
  manager: EntityManager,
  contact: { email: string | null; cc: string | null; accountId: string | null },
  domainAccountId: string | null,
): Promise<MailRecipient | null> {
  if (!contact.email) return null;
  let accountLocale: string | null = null;
  if (domainAccountId !== null || contact.accountId !== null) {
    const rows = rowsOf<{ locale: string | null }>(await manager.query(
      `SELECT COALESCE((SELECT locale FROM registrant_accounts WHERE id = $1), (SELECT locale FROM registrant_accounts WHERE id = $2)) AS locale`,
      [domainAccountId, contact.accountId],
    ));
    accountLocale = rows[0]?.locale ?? null;
  }
  return { recipient: contact.email, locale: mailLocale(accountLocale, contact.cc) };
}

/** The account's language when it has one, else Azerbaijani for a contact in Azerbaijan and English for anyone else. */
function mailLocale(accountLocale: string | null, cc: string | null): MailLocale {
  if (accountLocale === 'az' || accountLocale === 'en') return accountLocale;
  return cc?.trim().toUpperCase() === 'AZ' ? 'az' : 'en';
}
