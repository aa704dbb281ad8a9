/** The web WHOIS page's words, in Azerbaijani (the default) and English. Keep both in step. */

/** Languages of the web WHOIS page. */
export type WebWhoisLang = 'az' | 'en';

/** Every UI string of the page. */
export interface WebWhoisText {
  /** `<title>` and `<h1>`. */
  title: string;
  intro: string;
  label: string;
  hint: string;
  submit: string;
  answer: string;
  privacy: string;
  /** Link text to the page in the other language (written in that language). */
  otherLanguage: string;
  rateLimitedTitle: string;
  rateLimited: (seconds: number) => string;
}

/** The dictionary. */
export const WEB_WHOIS_TEXT: Readonly<Record<WebWhoisLang, WebWhoisText>> = {
  az: {
    title: '.az WHOIS axtarışı',
    intro: '.az domen adları, ad serverləri və registratorlar haqqında ictimai məlumat.',
    label: 'Domen adı, ad serveri və ya registrator',
    hint: 'Məsələn: şəki.az, nameserver ns1.example.az, registrar demo1',
    submit: 'Axtar',
    answer: 'Cavab',
    privacy: 'Fiziki şəxslərin şəxsi məlumatları gizlədilir.',
    otherLanguage: 'English',
    rateLimitedTitle: 'Sorğu limiti aşıldı',
    rateLimited: (seconds) => `Sorğu limiti aşıldı; ${seconds} saniyə sonra yenidən cəhd edin.`,
  },
  en: {
    title: '.az WHOIS lookup',
    intro: 'Public information about .az domain names, name servers and registrars.',
    label: 'Domain name, name server or registrar',
    hint: 'For example: şəki.az, nameserver ns1.example.az, registrar demo1',
    submit: 'Look up',
    answer: 'Answer',
    privacy: 'Personal data of individuals is withheld.',
    otherLanguage: 'Azərbaycanca',
    rateLimitedTitle: 'Query rate limit exceeded',
    rateLimited: (seconds) => `Query rate limit exceeded; try again in ${seconds} seconds.`,
  },
};

/** `lang` from the query string: `en` or `az`; anything else means Azerbaijani. */
export function parseLang(value: unknown): WebWhoisLang {
  return value === 'en' ? 'en' : 'az';
}
