import 'reflect-metadata';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ValidateComplaintHandler } from '../../src/disputes/commands/review-complaint.handlers';
import { logIn, shot, startBrowserApp, submitBy, type BrowserApp } from '../browser/browser';
import { newAccount, OFFICER, panelDomain, reload } from './dispute-helpers';

/** A real Chromium files a complaint with evidence, an officer validates it, and the registrant answers it. */
describe('browser: filing and answering a complaint', { timeout: 120_000 }, () => {
  let app: BrowserApp;
  before(async () => {
    app = await startBrowserApp();
  });
  after(() => app?.close());

  it('the complainant files with a PDF; the registrant sees the case and responds', async () => {
    await newAccount(app.t, 'brand-browser@example.com', 'org');
    const holder = await newAccount(app.t, 'holder-browser@example.com');
    await panelDomain(app.t, holder, 'qebele-meyve.az');
    const evidence = join(tmpdir(), `drs-evidence-${process.pid}.pdf`);
    writeFileSync(evidence, '%PDF-1.4\n% trade mark certificate\n%%EOF\n');

    const complainant = await app.person();
    await complainant.goto('/panel/login');
    await logIn(complainant, 'brand-browser@example.com');
    await complainant.goto('/disputes/new?domain=qebele-meyve.az');
    await complainant.getByLabel('Hüquqlarınız (əmtəə nişanı, şirkət adı və s.)').fill('QƏBƏLƏ MEYVƏ trade mark, registered 2018.');
    await complainant.getByLabel('Sizin adınızı qeydiyyatdan keçirməyinizə mane olmaq üçün alınıb').check();
    await complainant.getByLabel('Şikayətin mətni (ən çoxu 5 000 söz)').fill('The registrant holds our brand to stop us using it.');
    await complainant.locator('#evidence').setInputFiles(evidence);
    await shot(complainant, 'dispute-file');
    await submitBy(complainant, 'Şikayəti göndər');
    const caseNumber = new URL(complainant.url()).pathname.split('/').pop()!;
    assert.match(caseNumber, /^DRS-\d{4}-\d{5}$/);
    await complainant.getByRole('link', { name: /drs-evidence-\d+\.pdf/ }).waitFor();
    assert.equal((await complainant.locator('#case-state').innerText()).trim(), 'yoxlanılır');

    await app.t.run(ValidateComplaintHandler, OFFICER, { caseNumber });

    const respondent = await app.person();
    await respondent.goto('/panel/login');
    await logIn(respondent, 'holder-browser@example.com');
    await respondent.goto('/disputes');
    await respondent.getByRole('link', { name: caseNumber }).click();
    await respondent.getByLabel('Cavabınız (ən çoxu 5 000 söz)').fill('I grow fruit in Qəbələ and sell it under this name since 2015.');
    await shot(respondent, 'dispute-answer');
    await submitBy(respondent, 'Cavabı göndər');
    await respondent.getByText('I grow fruit in Qəbələ').waitFor();
    assert.equal((await reload(app.t, caseNumber)).state, 'reply');
    await shot(respondent, 'dispute-case');
  });
});
