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
  const locale: MailLocale = row.locale === 'az' || row.locale === 'en' ? row.locale : row.cc?.trim().toUpperCase() === 'AZ' ? 'az' : 'en';
  return { recipient: row.email, locale };
}
