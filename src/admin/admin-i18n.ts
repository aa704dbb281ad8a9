import type { RegistryError } from '../common/registry-errors';
import { errorSentence, translator as panelTranslator, type PanelLang } from '../panel/i18n';

/** The console speaks the panel's languages: Azerbaijani first, English on request (`?lang=en`). */
export type AdminLang = PanelLang;

type Table = Record<string, string>;

const az: Table = {
  'site.name': 'azreg — idarəetmə konsolu',
  'skip.link': 'Əsas məzmuna keç',
  'nav.label': 'Konsolun bölmələri',
  'nav.home': 'Başlanğıc',
  'nav.registrars': 'Registratorlar',
  'nav.zones': 'Zonalar və qiymətlər',
  'nav.lists': 'Qorunan və premium adlar',
  'nav.applications': 'Məhdud zona müraciətləri',
  'nav.history': 'Obyekt tarixçəsi',
  'nav.stats': 'Statistika',
  'nav.audit': 'Audit jurnalı',
  'nav.logout': 'Çıxış',
  'nav.signedInAs': '{email} ({roles})',
  'login.title': 'Konsola giriş',
  'login.email': 'E-poçt',
  'login.password': 'Şifrə',
  'login.button': 'Davam et',
  'login.failed': 'E-poçt, şifrə və ya kod yanlışdır, yaxud hesab müvəqqəti bağlanıb. Bir qədər sonra yenidən cəhd edin.',
  'login.rateLimited': 'Çox sayda cəhd. {seconds} saniyədən sonra yenidən cəhd edin.',
  'login.expired': 'Giriş vaxtı bitdi. Yenidən daxil olun.',
  'totp.title': 'İki mərhələli yoxlama',
  'totp.code': 'Autentifikator tətbiqindəki 6 rəqəmli kod',
  'totp.button': 'Təsdiqlə',
  'enrol.title': 'Autentifikatoru qoşun',
  'enrol.lead': 'Bu hesab üçün hələ ikinci amil yoxdur. QR kodu autentifikator tətbiqi ilə oxudun (və ya açarı əl ilə daxil edin), sonra tətbiqin göstərdiyi kodu yazın.',
  'enrol.secret': 'Açar (base32)',
  'enrol.qr': 'Autentifikator üçün QR kod',
  'home.title': 'İdarəetmə konsolu',
  'home.lead': 'Xoş gəlmisiniz. Rollarınız: {roles}.',
  'error.title': 'Xəta',
  'error.csrf': 'Formanın vaxtı keçib. Səhifəni yeniləyib yenidən göndərin.',
  'error.forbidden': 'Bu səhifə sizin rolunuz üçün deyil.',
  'error.notFound': 'Belə səhifə yoxdur.',
  'error.internal': 'Gözlənilməz xəta baş verdi.',
  'error.badInput': 'Daxil edilən məlumat yanlışdır: {detail}',
  'audit.title': 'Audit jurnalı',
  'audit.filter': 'Süz',
  'audit.admin': 'Administrator (e-poçt)',
  'audit.action': 'Əməliyyat',
  'audit.objectType': 'Obyekt növü',
  'audit.objectId': 'Obyekt',
  'audit.from': 'Başlanğıc tarixi',
  'audit.to': 'Son tarix',
  'audit.when': 'Vaxt (UTC)',
  'audit.details': 'Təfərrüat',
  'audit.ip': 'IP',
  'audit.none': 'Qeyd yoxdur.',
  'audit.older': 'Daha köhnə qeydlər',
  'common.save': 'Yadda saxla',
  'common.add': 'Əlavə et',
  'common.remove': 'Sil',
  'common.none': 'Heç nə yoxdur.',
  'common.yes': 'bəli',
  'common.no': 'xeyr',
  'common.done': 'Hazırdır.',
};

const en: Table = {
  'site.name': 'azreg — administration console',
  'skip.link': 'Skip to main content',
  'nav.label': 'Console sections',
  'nav.home': 'Start',
  'nav.registrars': 'Registrars',
  'nav.zones': 'Zones and prices',
  'nav.lists': 'Reserved and premium names',
  'nav.applications': 'Restricted-zone applications',
  'nav.history': 'Object history',
  'nav.stats': 'Statistics',
  'nav.audit': 'Audit log',
  'nav.logout': 'Sign out',
  'nav.signedInAs': '{email} ({roles})',
  'login.title': 'Console sign-in',
  'login.email': 'E-mail',
  'login.password': 'Password',
  'login.button': 'Continue',
  'login.failed': 'The e-mail, password or code is wrong, or the account is temporarily locked. Try again later.',
  'login.rateLimited': 'Too many attempts. Try again in {seconds} seconds.',
  'login.expired': 'The sign-in took too long. Please start again.',
  'totp.title': 'Two-step verification',
  'totp.code': 'The 6-digit code from your authenticator app',
  'totp.button': 'Verify',
  'enrol.title': 'Set up your authenticator',
  'enrol.lead': 'This account has no second factor yet. Scan the QR code with an authenticator app (or type the key), then enter the code the app shows.',
  'enrol.secret': 'Key (base32)',
  'enrol.qr': 'QR code for the authenticator',
  'home.title': 'Administration console',
  'home.lead': 'Welcome. Your roles: {roles}.',
  'error.title': 'Error',
  'error.csrf': 'This form has expired. Reload the page and submit it again.',
  'error.forbidden': 'This page is not for your role.',
  'error.notFound': 'No such page.',
  'error.internal': 'Something unexpected went wrong.',
  'error.badInput': 'Invalid input: {detail}',
  'audit.title': 'Audit log',
  'audit.filter': 'Filter',
  'audit.admin': 'Administrator (e-mail)',
  'audit.action': 'Action',
  'audit.objectType': 'Object type',
  'audit.objectId': 'Object',
  'audit.from': 'From date',
  'audit.to': 'To date',
  'audit.when': 'When (UTC)',
  'audit.details': 'Details',
  'audit.ip': 'IP',
  'audit.none': 'No entries.',
  'audit.older': 'Older entries',
  'common.save': 'Save',
  'common.add': 'Add',
  'common.remove': 'Remove',
  'common.none': 'Nothing here.',
  'common.yes': 'yes',
  'common.no': 'no',
  'common.done': 'Done.',
};

const tables: Record<AdminLang, Table> = { az, en };

/**
 * Adds texts for console pages built elsewhere (e.g. the disputes pages). Keys must be new and
 * present in both languages; a clash or a missing translation fails at boot, not on a page.
 */
export function addAdminTexts(more: { az: Table; en: Table }): void {
  for (const key of Object.keys(more.az)) {
    if (!(key in more.en)) throw new Error(`admin text ${key} has no English translation`);
    if (key in az && az[key] !== more.az[key]) throw new Error(`admin text ${key} is already defined`);
  }
  for (const key of Object.keys(more.en)) if (!(key in more.az)) throw new Error(`admin text ${key} has no Azerbaijani translation`);
  Object.assign(az, more.az);
  Object.assign(en, more.en);
}

export type AdminTranslate = (key: string, params?: Record<string, string | number>) => string;

/** `t(key, {param})` in one language; an unknown key shows itself (a visible bug, never a crash). */
export function adminTranslator(lang: AdminLang): AdminTranslate {
  const table = tables[lang];
  return (key, params) => {
    const text = table[key] ?? az[key] ?? key;
    return params ? text.replace(/\{(\w+)\}/g, (m, p: string) => (p in params ? String(params[p]) : m)) : text;
  };
}

/** A registry error as a sentence in the console's language (the panel's error texts). */
export function adminErrorSentence(lang: AdminLang, error: RegistryError): string {
  return errorSentence(panelTranslator(lang), error);
}
