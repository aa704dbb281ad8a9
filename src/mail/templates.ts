/**
 * Every mail azreg sends, in Azerbaijani and English, as one typed table.
 *
 * Template syntax (deliberately tiny):
 * - `{{field}}` or `{{field|filter}}` substitutes a payload field (or a brand field: registryName,
 *   supportEmail, panelUrl); filters format dates, money, counts and dispute steps per locale.
 * - `{{#field}}…{{/field}}` keeps its content only when the field is present and not empty.
 * Substitution is single-pass, so a payload value that itself contains `{{` is never expanded.
 * A missing field is an error (MailRenderError), never an empty hole in a mail.
 *
 * The HTML part is derived from the text (escaped, paragraphs, links only for the registry's own
 * addresses) unless a template gives its own `html`. No images, no remote resources, no tracking.
 */
import { DISPUTE_STEP_LABELS, formatDate, formatDateTime, formatMoney, pluralCount, type DisputeStep } from './mail-format';

export type { DisputeStep } from './mail-format';
export type MailLocale = 'az' | 'en';
export const MAIL_LOCALES: readonly MailLocale[] = ['az', 'en'];

/** A point in time: a Date when enqueued, an ISO 8601 string once it has been through jsonb. */
export type MailDate = string | Date;

/**
 * The payload each template needs. Domain names are shown as given: pass the U-label (`şəki.az`).
 * Money is in qəpik (1 AZN = 100 qəpik), as everywhere in the ledger.
 */
export type MailPayloads = {
  'registration-receipt': { domain: string; years: number; expiry: MailDate; price: number };
  'renewal-reminder': { domain: string; expiry: MailDate; daysLeft: number };
  'domain-expired': { domain: string; expiry: MailDate; renewBy?: MailDate | null };
  'transfer-requested': { domain: string; gainingRegistrar: string; actionDate: MailDate };
  'transfer-approved': { domain: string; gainingRegistrar: string };
  'auth-code-issued': { domain: string; issuedAt: MailDate };
  /** `link` (optional) is the respondent's one-time access link: the outbox row is the only place it exists in clear. */
  'dispute-step': { caseNumber: string; domain: string; step: DisputeStep; deadline?: MailDate | null; link?: string | null };
  /** `link` carries a one-time token: the outbox row is the only place the token exists in clear. */
  'email-verification': { email: string; link: string; expiresAt: MailDate };
  'password-reset': { email: string; link: string; expiresAt: MailDate };
  /** To the new address: the link that completes the change. */
  'email-change': { email: string; link: string; expiresAt: MailDate };
  /** To the old address: a change was asked for (so a takeover does not go unnoticed). */
  'email-change-requested': { email: string; newEmail: string };
};

export type MailTemplate = keyof MailPayloads;

/** One language of one template: plain-text source, optional HTML source (else derived from the text). */
export interface LocalizedTemplate {
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
}

/** Who the mail comes from: named in every mail's footer together with how to reach support. */
export interface MailBrand {
  readonly name: Readonly<Record<MailLocale, string>>;
  readonly supportEmail: string;
  readonly panelUrl: string;
}

export const DEFAULT_BRAND: MailBrand = {
  name: { az: '.az domen reyestri (azreg)', en: '.az domain registry (azreg)' },
  supportEmail: 'support@nic.az',
  panelUrl: 'https://nic.az',
};

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export class MailRenderError extends Error {}

const AZ_GREETING = 'Hörmətli müştəri,\n\n';
const EN_GREETING = 'Dear customer,\n\n';

/** Appended to every mail: the registry's name and how to reach support. */
const FOOTER: Readonly<Record<MailLocale, string>> = {
  az: '\n\n—\n{{registryName}}\nDəstək xidməti: {{supportEmail}}\nİdarəetmə paneli: {{panelUrl}}\nBu məktub avtomatik göndərilib, ona cavab yazmayın.',
  en: '\n\n—\n{{registryName}}\nSupport: {{supportEmail}}\nControl panel: {{panelUrl}}\nThis message was sent automatically; please do not reply to it.',
};

export const TEMPLATES: { readonly [T in MailTemplate]: Readonly<Record<MailLocale, LocalizedTemplate>> } = {
  'registration-receipt': {
    az: {
      subject: '{{domain}} domeni qeydiyyata alındı',
      text: AZ_GREETING +
        '{{domain}} domeni {{years|years}} müddətinə sizin adınıza qeydiyyata alındı.\n\n' +
        'Domen: {{domain}}\nMüddət: {{years|years}}\nBitmə tarixi: {{expiry|date}}\nÖdənilən məbləğ: {{price|money}}\n\n' +
        'Ad serverlərini, əlaqə məlumatlarını və avtomatik yeniləməni idarəetmə panelində dəyişə bilərsiniz.',
    },
    en: {
      subject: '{{domain}} is registered',
      text: EN_GREETING +
        '{{domain}} has been registered in your name for {{years|years}}.\n\n' +
        'Domain: {{domain}}\nTerm: {{years|years}}\nExpires: {{expiry|date}}\nAmount paid: {{price|money}}\n\n' +
        'You can change the name servers, contacts and auto-renew in the control panel.',
    },
  },
  'renewal-reminder': {
    az: {
      subject: '{{domain}} domeninin müddəti {{daysLeft|days}} sonra bitir',
      text: AZ_GREETING +
        '{{domain}} domeninin qeydiyyat müddəti {{expiry|date}} tarixində, yəni {{daysLeft|days}} sonra bitir.\n\n' +
        'Domeni itirməmək üçün onu vaxtında yeniləyin: idarəetmə panelində və ya domeni qeydiyyata almış registrator vasitəsilə. ' +
        'Avtomatik yeniləmə aktivdirsə, domen müddəti bitəndə avtomatik yenilənəcək.',
    },
    en: {
      subject: '{{domain}} expires in {{daysLeft|days}}',
      text: EN_GREETING +
        'The registration of {{domain}} expires on {{expiry|date}}, in {{daysLeft|days}}.\n\n' +
        'To keep the domain, renew it in time: in the control panel or through the registrar that registered it. ' +
        'If auto-renew is on, the domain will be renewed automatically when it expires.',
    },
  },
  'domain-expired': {
    az: {
      subject: '{{domain}} domeninin müddəti bitdi',
      text: AZ_GREETING +
        '{{domain}} domeninin qeydiyyat müddəti {{expiry|date}} tarixində bitdi.\n\n' +
        'Domeni hələ məhdud müddət ərzində yeniləmək mümkündür{{#renewBy}} ({{renewBy|date}} tarixinədək){{/renewBy}}. ' +
        'Bu müddət keçdikdən sonra domen silinəcək və onu hər kəs qeydiyyata ala biləcək. ' +
        'Domeni idarəetmə panelində və ya registratorunuz vasitəsilə yeniləyin.',
    },
    en: {
      subject: '{{domain}} has expired',
      text: EN_GREETING +
        'The registration of {{domain}} expired on {{expiry|date}}.\n\n' +
        'The domain can still be renewed for a limited time{{#renewBy}} (until {{renewBy|date}}){{/renewBy}}. ' +
        'After that it will be deleted and anyone will be able to register it. ' +
        'Renew it in the control panel or through your registrar.',
    },
  },
  'transfer-requested': {
    az: {
      subject: '{{domain}} domeninin başqa registratora köçürülməsi tələb olunub',
      text: AZ_GREETING +
        '{{gainingRegistrar}} registratoru {{domain}} domeninin özünə köçürülməsini tələb edib.\n\n' +
        'Bu köçürməni siz tələb etmisinizsə, heç nə etməyinizə ehtiyac yoxdur: köçürmə {{actionDate|datetime}} tarixində avtomatik təsdiqlənəcək.\n\n' +
        'Bu köçürməni siz tələb etməmisinizsə, {{actionDate|datetime}} tarixinədək idarəetmə panelində köçürməni rədd edin ' +
        'və ya cari registratorunuzla, yaxud dəstək xidmətimizlə əlaqə saxlayın.',
    },
    en: {
      subject: 'Transfer of {{domain}} to another registrar requested',
      text: EN_GREETING +
        'The registrar {{gainingRegistrar}} has asked for {{domain}} to be transferred to it.\n\n' +
        'If you asked for this transfer, there is nothing to do: it will be approved automatically on {{actionDate|datetime}}.\n\n' +
        'If you did not ask for it, reject the transfer in the control panel before {{actionDate|datetime}}, ' +
        'or contact your current registrar or our support.',
    },
  },
  'transfer-approved': {
    az: {
      subject: '{{domain}} domeninin köçürülməsi tamamlandı',
      text: AZ_GREETING +
        '{{domain}} domeni {{gainingRegistrar}} registratoruna köçürüldü. Domen artıq yeni registrator tərəfindən idarə olunur.\n\n' +
        'Bu köçürməni siz tələb etməmisinizsə, dərhal dəstək xidmətimizlə əlaqə saxlayın.',
    },
    en: {
      subject: 'Transfer of {{domain}} completed',
      text: EN_GREETING +
        '{{domain}} has been transferred to the registrar {{gainingRegistrar}}, which now manages it.\n\n' +
        'If you did not ask for this transfer, contact our support at once.',
    },
  },
  'auth-code-issued': {
    az: {
      subject: '{{domain}} domeni üçün yeni köçürmə kodu yaradıldı',
      text: AZ_GREETING +
        '{{issuedAt|datetime}} tarixində {{domain}} domeni üçün yeni köçürmə kodu (auth code) yaradıldı. ' +
        'Təhlükəsizlik məqsədilə kodun özü bu məktubda göstərilmir; onu idarəetmə panelində görə bilərsiniz.\n\n' +
        'Bunu siz etməmisinizsə, dərhal idarəetmə panelinə daxil olun, parolunuzu dəyişin, domenə köçürmə kilidi qoyun ' +
        'və dəstək xidmətimizlə əlaqə saxlayın.',
    },
    en: {
      subject: 'A new transfer code was issued for {{domain}}',
      text: EN_GREETING +
        'A new transfer code (auth code) for {{domain}} was issued on {{issuedAt|datetime}}. ' +
        'For your security the code itself is not included in this mail; the control panel shows it.\n\n' +
        'If this wasn\'t you, sign in to the control panel at once, change your password, lock the domain against transfers ' +
        'and contact our support.',
    },
  },
  'dispute-step': {
    az: {
      subject: 'Mübahisə işi {{caseNumber}} ({{domain}}): {{step|disputeStep}}',
      text: AZ_GREETING +
        '{{domain}} domeni üzrə {{caseNumber}} nömrəli mübahisə işində yeni mərhələ: {{step|disputeStep}}.\n\n' +
        '{{#deadline}}Son tarix: {{deadline|datetime}}.\n\n{{/deadline}}' +
        '{{#link}}İşə idarəetmə panelindən baxmaq və cavab vermək üçün bu keçidi açın (e-poçt ünvanınızla daxil olun):\n{{link}}\n\n{{/link}}' +
        'İşin materiallarına və növbəti addımlara idarəetmə panelində baxa bilərsiniz.',
    },
    en: {
      subject: 'Dispute case {{caseNumber}} ({{domain}}): {{step|disputeStep}}',
      text: EN_GREETING +
        'Dispute case {{caseNumber}} about {{domain}} has reached a new step: {{step|disputeStep}}.\n\n' +
        '{{#deadline}}Deadline: {{deadline|datetime}}.\n\n{{/deadline}}' +
        '{{#link}}To see the case and answer it in the control panel, open this link (sign in with this e-mail address):\n{{link}}\n\n{{/link}}' +
        'The case file and what happens next are shown in the control panel.',
    },
  },
  // The two account mails give their own HTML so that the one-time link is a real link.
  'email-verification': {
    az: {
      subject: 'E-poçt ünvanınızı təsdiqləyin',
      text: AZ_GREETING +
        '{{email}} ünvanı ilə idarəetmə panelində hesab yaradıldı.\n\n' +
        'Ünvanı təsdiqləmək üçün bu keçidi açın:\n{{link}}\n\n' +
        'Keçid {{expiresAt|datetime}} tarixinədək etibarlıdır və yalnız bir dəfə istifadə oluna bilər.\n\n' +
        'Bu hesabı siz yaratmamısınızsa, bu məktubu nəzərə almayın: ünvan təsdiqlənməyəcək.',
      html:
        '<p>Hörmətli müştəri,</p>\n' +
        '<p>{{email}} ünvanı ilə idarəetmə panelində hesab yaradıldı.</p>\n' +
        '<p>Ünvanı təsdiqləmək üçün bu keçidi açın:<br>\n<a href="{{link}}">{{link}}</a></p>\n' +
        '<p>Keçid {{expiresAt|datetime}} tarixinədək etibarlıdır və yalnız bir dəfə istifadə oluna bilər.</p>\n' +
        '<p>Bu hesabı siz yaratmamısınızsa, bu məktubu nəzərə almayın: ünvan təsdiqlənməyəcək.</p>\n',
    },
    en: {
      subject: 'Confirm your e-mail address',
      text: EN_GREETING +
        'An account in the control panel was created with the address {{email}}.\n\n' +
        'To confirm the address, open this link:\n{{link}}\n\n' +
        'The link is valid until {{expiresAt|datetime}} and can be used once.\n\n' +
        'If you did not create this account, ignore this mail: the address will not be confirmed.',
      html:
        '<p>Dear customer,</p>\n' +
        '<p>An account in the control panel was created with the address {{email}}.</p>\n' +
        '<p>To confirm the address, open this link:<br>\n<a href="{{link}}">{{link}}</a></p>\n' +
        '<p>The link is valid until {{expiresAt|datetime}} and can be used once.</p>\n' +
        '<p>If you did not create this account, ignore this mail: the address will not be confirmed.</p>\n',
    },
  },
  'email-change': {
    az: {
      subject: 'Yeni e-poçt ünvanını təsdiqləyin',
      text: AZ_GREETING +
        'İdarəetmə panelindəki hesabın e-poçt ünvanının {{email}} ünvanına dəyişdirilməsi tələb olunub.\n\n' +
        'Dəyişikliyi təsdiqləmək üçün bu keçidi açın:\n{{link}}\n\n' +
        'Keçid {{expiresAt|datetime}} tarixinədək etibarlıdır və yalnız bir dəfə istifadə oluna bilər.\n\n' +
        'Bunu siz tələb etməmisinizsə, bu məktubu nəzərə almayın: heç nə dəyişməyəcək.',
    },
    en: {
      subject: 'Confirm your new e-mail address',
      text: EN_GREETING +
        'Someone asked to move an account in the control panel to the address {{email}}.\n\n' +
        'To confirm the change, open this link:\n{{link}}\n\n' +
        'The link is valid until {{expiresAt|datetime}} and can be used once.\n\n' +
        'If you did not ask for this, ignore this mail: nothing will change.',
    },
  },
  'email-change-requested': {
    az: {
      subject: 'Hesabınızın e-poçt ünvanının dəyişdirilməsi tələb olunub',
      text: AZ_GREETING +
        '{{email}} hesabının e-poçt ünvanının {{newEmail}} ünvanına dəyişdirilməsi tələb olunub. ' +
        'Dəyişiklik yeni ünvana göndərilən keçid açıldıqdan sonra qüvvəyə minəcək.\n\n' +
        'Bunu siz etməmisinizsə, dərhal parolunuzu dəyişin və dəstək xidməti ilə əlaqə saxlayın.',
    },
    en: {
      subject: 'A change of your account’s e-mail address was asked for',
      text: EN_GREETING +
        'Someone asked to move the account {{email}} to the address {{newEmail}}. ' +
        'The change takes effect once the link sent to the new address is opened.\n\n' +
        'If this was not you, change your password at once and contact support.',
    },
  },
  'password-reset': {
    az: {
      subject: 'Parolun bərpası',
      text: AZ_GREETING +
        '{{email}} hesabının parolunun bərpası tələb olunub.\n\n' +
        'Yeni parol təyin etmək üçün bu keçidi açın:\n{{link}}\n\n' +
        'Keçid {{expiresAt|datetime}} tarixinədək etibarlıdır və yalnız bir dəfə istifadə oluna bilər. ' +
        'Yeni parol təyin edildikdən sonra digər bərpa keçidləri də etibarsız olur.\n\n' +
        'Bunu siz tələb etməmisinizsə, bu məktubu nəzərə almayın: parolunuz dəyişməyəcək.',
      html:
        '<p>Hörmətli müştəri,</p>\n' +
        '<p>{{email}} hesabının parolunun bərpası tələb olunub.</p>\n' +
        '<p>Yeni parol təyin etmək üçün bu keçidi açın:<br>\n<a href="{{link}}">{{link}}</a></p>\n' +
        '<p>Keçid {{expiresAt|datetime}} tarixinədək etibarlıdır və yalnız bir dəfə istifadə oluna bilər. ' +
        'Yeni parol təyin edildikdən sonra digər bərpa keçidləri də etibarsız olur.</p>\n' +
        '<p>Bunu siz tələb etməmisinizsə, bu məktubu nəzərə almayın: parolunuz dəyişməyəcək.</p>\n',
    },
    en: {
      subject: 'Reset your password',
      text: EN_GREETING +
        'Someone asked to reset the password of the account {{email}}.\n\n' +
        'To choose a new password, open this link:\n{{link}}\n\n' +
        'The link is valid until {{expiresAt|datetime}} and can be used once. ' +
        'Once a new password is set, the other reset links stop working too.\n\n' +
        'If you did not ask for this, ignore this mail: your password stays as it is.',
      html:
        '<p>Dear customer,</p>\n' +
        '<p>Someone asked to reset the password of the account {{email}}.</p>\n' +
        '<p>To choose a new password, open this link:<br>\n<a href="{{link}}">{{link}}</a></p>\n' +
        '<p>The link is valid until {{expiresAt|datetime}} and can be used once. ' +
        'Once a new password is set, the other reset links stop working too.</p>\n' +
        '<p>If you did not ask for this, ignore this mail: your password stays as it is.</p>\n',
    },
  },
};

export const MAIL_TEMPLATES = Object.keys(TEMPLATES) as MailTemplate[];

export function isMailTemplate(name: string): name is MailTemplate {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, name);
}

export function isMailLocale(value: string): value is MailLocale {
  return value === 'az' || value === 'en';
}

const PLACEHOLDER = /\{\{\s*([A-Za-z]\w*)\s*(?:\|\s*([A-Za-z]+)\s*)?\}\}/g;
const SECTION = /\{\{#([A-Za-z]\w*)\}\}([\s\S]*?)\{\{\/\1\}\}/g;
const BRAND_LINKS = new Set(['supportEmail', 'panelUrl']);

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

/** Formats one field for one locale; throws MailRenderError on a value the filter cannot take. */
function formatValue(name: string, value: unknown, filter: string | undefined, locale: MailLocale): string {
  const fail = (why: string) => new MailRenderError(`field ${name}: ${why}`);
  if (value instanceof Date) value = value.toISOString();
  if (typeof value !== 'string' && typeof value !== 'number') throw fail(`expected a string or number, got ${typeof value}`);
  switch (filter) {
    case undefined:
      return String(value);
    case 'date':
    case 'datetime': {
      const at = new Date(value);
      if (Number.isNaN(at.getTime())) throw fail(`not a date: ${String(value)}`);
      return filter === 'date' ? formatDate(at, locale) : formatDateTime(at, locale);
    }
    case 'money':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw fail('money must be an integer number of qəpik');
      return formatMoney(value, locale);
    case 'years':
    case 'days':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw fail(`${filter} must be an integer`);
      return pluralCount(value, filter, locale);
    case 'disputeStep': {
      const labels = DISPUTE_STEP_LABELS[value as DisputeStep];
      if (!labels) throw fail(`unknown dispute step ${String(value)}`);
      return labels[locale];
    }
    default:
      throw fail(`unknown filter ${filter}`);
  }
}

/** Every field a template source refers to, for the missing-field check. */
function fieldsOf(source: string): Set<string> {
  const names = new Set<string>();
  const withoutSections = source.replace(SECTION, (_all, _name: string, inner: string) => {
    // Fields inside a section are optional by construction: only required when the section is.
    return inner.replace(PLACEHOLDER, '');
  });
  for (const m of withoutSections.matchAll(PLACEHOLDER)) names.add(m[1]);
  return names;
}

/**
 * Expands sections and placeholders in one pass over the template source (never over values).
 * `html`: escape the template text and the values, and link the registry's own addresses.
 */
function expand(source: string, fields: Readonly<Record<string, unknown>>, locale: MailLocale, html: boolean, escapeSource: boolean): string {
  const withSections = source.replace(SECTION, (_all, name: string, inner: string) => (present(fields[name]) ? inner : ''));
  const parts: string[] = [];
  let last = 0;
  for (const m of withSections.matchAll(PLACEHOLDER)) {
    const literal = withSections.slice(last, m.index);
    parts.push(escapeSource ? escapeHtml(literal) : literal);
    const [, name, filter] = m;
    const value = formatValue(name, fields[name], filter, locale);
    if (html && BRAND_LINKS.has(name)) {
      const href = name === 'supportEmail' ? `mailto:${value}` : value;
      parts.push(`<a href="${escapeHtml(href)}">${escapeHtml(value)}</a>`);
    } else {
      parts.push(html ? escapeHtml(value) : value);
    }
    last = m.index + m[0].length;
  }
  const tail = withSections.slice(last);
  parts.push(escapeSource ? escapeHtml(tail) : tail);
  return parts.join('');
}

/** Escaped text → paragraphs and line breaks. */
function paragraphs(escaped: string): string {
  return escaped
    .split(/\n{2,}/)
    .map((p) => `<p>${p.replace(/\n/g, '<br>\n')}</p>`)
    .join('\n');
}

/**
 * Renders one template in one language. Throws MailRenderError when a required field is missing
 * or has the wrong type; the result never contains a `{{` that came from the template.
 */
export function renderMail(template: MailTemplate, locale: MailLocale, payload: Readonly<Record<string, unknown>>, brand: MailBrand = DEFAULT_BRAND): RenderedMail {
  const source = TEMPLATES[template]?.[locale];
  if (!source) throw new MailRenderError(`unknown template ${template}/${locale}`);
  const fields: Record<string, unknown> = { ...payload, registryName: brand.name[locale], supportEmail: brand.supportEmail, panelUrl: brand.panelUrl };
  const text = source.text + FOOTER[locale];
  const missing = [...new Set([...fieldsOf(source.subject), ...fieldsOf(text), ...fieldsOf(source.html ?? '')])].filter((f) => !present(fields[f]));
  if (missing.length) throw new MailRenderError(`${template}: missing payload field(s) ${missing.join(', ')}`);

  // Header values must stay on one line, whatever the payload holds.
  const subject = expand(source.subject, fields, locale, false, false).replace(/\s+/g, ' ').trim();
  const body = source.html
    ? expand(source.html, fields, locale, true, false) + paragraphs(expand(FOOTER[locale], fields, locale, true, true))
    : paragraphs(expand(text, fields, locale, true, true));
  const html =
    `<!DOCTYPE html>\n<html lang="${locale}">\n<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n` +
    `<body style="font-family: sans-serif; line-height: 1.5;">\n${body}\n</body>\n</html>\n`;
  return { subject, text: expand(text, fields, locale, false, false), html };
}
