import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DISPUTE_STEP_LABELS, type DisputeStep } from '../../src/mail/mail-format';
import { DEFAULT_BRAND, MAIL_LOCALES, MAIL_TEMPLATES, MailRenderError, renderMail, TEMPLATES, type MailPayloads, type MailTemplate } from '../../src/mail/templates';

/** One sample payload per template; the type makes the compiler insist on every template. */
const SAMPLES: { [T in MailTemplate]: MailPayloads[T] } = {
  'registration-receipt': { domain: 'şəki.az', years: 1, expiry: '2027-01-15T10:00:00Z', price: 2500 },
  'renewal-reminder': { domain: 'şəki.az', expiry: '2026-02-14T10:00:00Z', daysLeft: 1 },
  'domain-expired': { domain: 'şəki.az', expiry: '2026-01-15T10:00:00Z', renewBy: '2026-03-01T10:00:00Z' },
  'transfer-requested': { domain: 'şəki.az', gainingRegistrar: 'Nümunə MMC', actionDate: new Date('2026-01-20T10:00:00Z') },
  'transfer-approved': { domain: 'şəki.az', gainingRegistrar: 'Nümunə MMC' },
  'auth-code-issued': { domain: 'şəki.az', issuedAt: '2026-01-15T10:00:00Z' },
  'dispute-step': { caseNumber: 'DRS-2026-0001', domain: 'şəki.az', step: 'response-due', deadline: '2026-02-05T20:00:00Z' },
  'email-verification': { email: 'aynur@şəki.az', link: 'https://nic.az/panel/verify?token=abc', expiresAt: '2026-01-16T10:00:00Z' },
  'password-reset': { email: 'aynur@şəki.az', link: 'https://nic.az/panel/reset-password?token=abc', expiresAt: '2026-01-15T11:00:00Z' },
  'email-change': { email: 'yeni@şəki.az', link: 'https://nic.az/panel/confirm-email?token=abc', expiresAt: '2026-01-16T10:00:00Z' },
  'email-change-requested': { email: 'aynur@şəki.az', newEmail: 'yeni@şəki.az' },
};

const AZ_LETTERS = /[əçğıöşüİ]/;

describe('mail templates', () => {
  for (const template of MAIL_TEMPLATES) {
    for (const locale of MAIL_LOCALES) {
      it(`${template} renders in ${locale}: no placeholders left, registry and support named`, () => {
        const m = renderMail(template, locale, SAMPLES[template]);
        for (const part of [m.subject, m.text, m.html]) {
          assert.doesNotMatch(part, /\{\{|\}\}/);
          assert.doesNotMatch(part, /undefined|null|NaN|\[object/);
        }
        assert.ok(m.subject.length > 5 && !/\n/.test(m.subject));
        assert.ok(m.text.includes('şəki.az'));
        assert.ok(m.text.includes(DEFAULT_BRAND.name[locale]));
        assert.ok(m.text.includes(DEFAULT_BRAND.supportEmail));
        assert.ok(m.html.includes(`<a href="mailto:${DEFAULT_BRAND.supportEmail}">`));
        assert.doesNotMatch(m.html, /<img|<script|src=|url\(/i, 'no images, scripts or remote resources');
        if (locale === 'az') assert.match(m.text, AZ_LETTERS);
        else assert.doesNotMatch(m.text.replace(/şəki\.az|Nümunə MMC/g, ''), AZ_LETTERS, 'the English mail is English');
      });
    }
  }

  it('HTML-escapes payload values (and leaves plain text as it is)', () => {
    const nasty = '<script>alert("x")</script> & \'co\'';
    for (const locale of MAIL_LOCALES) {
      const m = renderMail('transfer-requested', locale, { ...SAMPLES['transfer-requested'], gainingRegistrar: nasty });
      assert.ok(!m.html.includes('<script>'));
      assert.ok(m.html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;'));
      assert.ok(m.text.includes(nasty));
    }
  });

  it('never expands placeholders that come from a payload value', () => {
    const m = renderMail('transfer-approved', 'en', { domain: 'x.az', gainingRegistrar: '{{supportEmail}}' });
    assert.ok(m.text.includes('registrar {{supportEmail}}'));
  });

  it('keeps a subject on one line whatever the payload holds', () => {
    const m = renderMail('transfer-approved', 'en', { domain: 'x.az\r\nBcc: evil@example.com', gainingRegistrar: 'R' });
    assert.equal(m.subject, 'Transfer of x.az Bcc: evil@example.com completed');
  });

  it('refuses a missing or mistyped field instead of sending a hole', () => {
    assert.throws(() => renderMail('renewal-reminder', 'az', { domain: 'x.az', expiry: '2026-02-14T10:00:00Z' }), (e: unknown) => e instanceof MailRenderError && /daysLeft/.test(e.message));
    assert.throws(() => renderMail('registration-receipt', 'en', { ...SAMPLES['registration-receipt'], price: 'free' }), MailRenderError);
    assert.throws(() => renderMail('registration-receipt', 'en', { ...SAMPLES['registration-receipt'], expiry: 'soon' }), MailRenderError);
    assert.throws(() => renderMail('dispute-step', 'en', { ...SAMPLES['dispute-step'], step: 'unheard-of' }), MailRenderError);
  });

  it('formats dates in Baku time, money in manat, counts with the right noun', () => {
    const reminder = (daysLeft: number, locale: 'az' | 'en') => renderMail('renewal-reminder', locale, { domain: 'x.az', expiry: '2026-02-14T22:30:00Z', daysLeft });
    assert.equal(reminder(1, 'en').subject, 'x.az expires in 1 day');
    assert.equal(reminder(7, 'en').subject, 'x.az expires in 7 days');
    assert.equal(reminder(7, 'az').subject, 'x.az domeninin müddəti 7 gün sonra bitir');
    assert.match(reminder(30, 'az').text, /15\.02\.2026 tarixində/, '22:30 UTC is already the next day in Baku');
    assert.match(reminder(30, 'en').text, /expires on 2026-02-15, in 30 days/);
    const receipt = renderMail('registration-receipt', 'az', { ...SAMPLES['registration-receipt'], price: 123456, years: 3 });
    assert.match(receipt.text, /Ödənilən məbləğ: 1234,56 AZN/);
    assert.match(receipt.text, /3 il müddətinə/);
    const transfer = renderMail('transfer-requested', 'en', SAMPLES['transfer-requested']);
    assert.match(transfer.text, /2026-01-20 14:00 \(Baku time, UTC\+4\)/);
  });

  it('optional sections disappear cleanly when their field is absent', () => {
    const withDeadline = renderMail('dispute-step', 'az', SAMPLES['dispute-step']);
    assert.match(withDeadline.text, /Son tarix: 06\.02\.2026 00:00 \(Bakı vaxtı\)\./);
    const without = renderMail('dispute-step', 'az', { ...SAMPLES['dispute-step'], step: 'closed', deadline: null });
    assert.doesNotMatch(without.text, /Son tarix/);
    assert.doesNotMatch(without.text, /\n{3,}/);
    assert.match(without.subject, /iş bağlandı$/);
    const expired = renderMail('domain-expired', 'en', { domain: 'x.az', expiry: '2026-01-15T10:00:00Z' });
    assert.match(expired.text, /for a limited time\. After that/);
  });

  it('the auth-code mail never carries a code, only the notice and what to do if it was not you', () => {
    const en = renderMail('auth-code-issued', 'en', { ...SAMPLES['auth-code-issued'], authInfo: 'S3cret-Code' });
    assert.ok(!en.text.includes('S3cret-Code') && !en.html.includes('S3cret-Code'));
    assert.match(en.text, /If this wasn't you/);
    assert.match(renderMail('auth-code-issued', 'az', SAMPLES['auth-code-issued']).text, /Bunu siz etməmisinizsə/);
  });

  it('every dispute step has a label in both languages, and every template both languages', () => {
    for (const [step, labels] of Object.entries(DISPUTE_STEP_LABELS) as Array<[DisputeStep, { az: string; en: string }]>) {
      assert.ok(labels.az && labels.en, step);
    }
    for (const template of MAIL_TEMPLATES) assert.deepEqual(Object.keys(TEMPLATES[template]).sort(), ['az', 'en']);
  });
});
