/**
 * Locale-aware formatting used by the mail templates: dates in Baku time, money in manat,
 * counted nouns, and the labels of dispute steps.
 */

type Locale = 'az' | 'en';

/** Azerbaijan keeps UTC+4 all year (no daylight saving since 2016); dates in mails are Baku dates. */
export const MAIL_TIME_ZONE = 'Asia/Baku';

const PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: MAIL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function partsOf(at: Date): Record<'year' | 'month' | 'day' | 'hour' | 'minute', string> {
  const out = { year: '', month: '', day: '', hour: '', minute: '' };
  for (const p of PARTS.formatToParts(at)) {
    if (p.type === 'year' || p.type === 'month' || p.type === 'day' || p.type === 'hour' || p.type === 'minute') out[p.type] = p.value;
  }
  return out;
}

/** `15.01.2027` (az, the usual local form) or `2027-01-15` (en, unambiguous). */
export function formatDate(at: Date, locale: Locale): string {
  const p = partsOf(at);
  return locale === 'az' ? `${p.day}.${p.month}.${p.year}` : `${p.year}-${p.month}-${p.day}`;
}

/** Date and time in Baku, with the zone spelled out. */
export function formatDateTime(at: Date, locale: Locale): string {
  const p = partsOf(at);
  return locale === 'az'
    ? `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute} (Bakı vaxtı)`
    : `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} (Baku time, UTC+4)`;
}

/** Qəpik → `25,00 AZN` (az) / `25.00 AZN` (en). */
export function formatMoney(qepik: number, locale: Locale): string {
  const sign = qepik < 0 ? '-' : '';
  const abs = Math.abs(qepik);
  const whole = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${whole}${locale === 'az' ? ',' : '.'}${cents} AZN`;
}

/** `3 il` / `3 years`, `1 gün` / `1 day`: Azerbaijani keeps the noun singular after a number. */
export function pluralCount(n: number, unit: 'years' | 'days', locale: Locale): string {
  if (locale === 'az') return `${n} ${unit === 'years' ? 'il' : 'gün'}`;
  const noun = unit === 'years' ? 'year' : 'day';
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * The steps of a dispute (BRIEF.md, modelled on Nominet's DRS) a party is told about. The
 * dispute issue extends this union; the label table below must then name the new step too.
 */
export type DisputeStep =
  | 'filed'
  | 'validated'
  | 'rejected'
  | 'notified'
  | 'response-due'
  | 'response-received'
  | 'reply-due'
  | 'mediation'
  | 'settled'
  | 'summary-decision-requested'
  | 'expert-decision-requested'
  | 'expert-appointed'
  | 'decision'
  | 'appeal'
  | 'implemented'
  | 'closed'
  | 'fee-due'
  | 'withdrawn'
  | 'lapsed'
  | 'appeal-decision'
  | 'court-stay'
  | 'deadline-extended';

export const DISPUTE_STEP_LABELS: Readonly<Record<DisputeStep, Readonly<Record<Locale, string>>>> = {
  filed: { az: 'şikayət qəbul olundu', en: 'complaint filed' },
  validated: { az: 'şikayət yoxlanıldı və icraata götürüldü', en: 'complaint validated' },
  rejected: { az: 'şikayət rədd edildi', en: 'complaint rejected' },
  notified: { az: 'domen sahibinə şikayət barədə bildiriş göndərildi', en: 'registrant notified of the complaint' },
  'response-due': { az: 'domen sahibinin cavabı gözlənilir', en: "registrant's response due" },
  'response-received': { az: 'domen sahibinin cavabı alındı', en: "registrant's response received" },
  'reply-due': { az: 'şikayətçinin cavaba münasibəti gözlənilir', en: "complainant's reply due" },
  mediation: { az: 'vasitəçilik (mediasiya)', en: 'informal mediation' },
  settled: { az: 'tərəflər razılığa gəldi, iş bağlandı', en: 'settled; the case is closed' },
  'summary-decision-requested': { az: 'qısa qərar tələb olundu', en: 'summary decision requested' },
  'expert-decision-requested': { az: 'ekspert qərarı tələb olundu', en: 'expert decision requested' },
  'expert-appointed': { az: 'ekspert təyin edildi', en: 'expert appointed' },
  decision: { az: 'qərar çıxarıldı', en: 'decision issued' },
  appeal: { az: 'apellyasiya şikayəti verildi', en: 'appeal filed' },
  implemented: { az: 'qərar icra edildi', en: 'decision implemented' },
  closed: { az: 'iş bağlandı', en: 'case closed' },
  'fee-due': { az: 'rüsum ödənilməlidir', en: 'a fee is due' },
  withdrawn: { az: 'şikayət geri götürüldü, iş bağlandı', en: 'complaint withdrawn; the case is closed' },
  lapsed: { az: 'rüsum vaxtında ödənilmədi, iş bağlandı', en: 'the fee was not paid in time; the case is closed' },
  'appeal-decision': { az: 'apellyasiya panelinin qərarı çıxarıldı', en: 'appeal panel decision issued' },
  'court-stay': { az: 'məhkəmə icraatı barədə bildiriş: icra dayandırıldı', en: 'court proceedings notified; implementation paused' },
  'deadline-extended': { az: 'son tarix uzadıldı', en: 'deadline extended' },
};
