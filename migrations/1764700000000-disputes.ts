import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispute resolution service (issue 7, modelled on Nominet's DRS): cases, their append-only
 * timeline, evidence, confidential mediation notes, the expert roster with appointments and
 * conflict-of-interest declarations, deadline extensions, respondent access links, and the
 * working-day calendar (Azerbaijani public holidays) deadlines are counted in.
 */
export class Disputes1764700000000 implements MigrationInterface {
  name = 'Disputes1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SEQUENCE dispute_case_seq;

      CREATE TABLE disputes (
        id                      uuid PRIMARY KEY,
        case_number             text NOT NULL UNIQUE,
        domain_id               bigint NOT NULL REFERENCES domains(id),
        domain_name             text NOT NULL,
        unicode_name            text NOT NULL,
        complainant_account_id  uuid NOT NULL REFERENCES registrant_accounts(id),
        -- The complainant's registrant details when filing (kind decides what the decision page names).
        complainant_contact_id  bigint NOT NULL REFERENCES contacts(id),
        -- The domain's registrant contact when filing, and the account that answers for it.
        respondent_contact_id   bigint REFERENCES contacts(id),
        respondent_account_id   uuid REFERENCES registrant_accounts(id),
        sponsor_registrar_id    text REFERENCES registrars(id),
        state                   text NOT NULL CHECK (state IN ('filed', 'response', 'reply', 'mediation', 'awaiting-fee',
                                  'appointment', 'decision', 'appeal-window', 'appeal-intent', 'appeal', 'court-stay', 'closed')),
        due_at                  timestamptz,
        fee_kind                text CHECK (fee_kind IN ('summary', 'expert', 'appeal', 'appeal-deposit', 'appeal-balance')),
        fee_amount              bigint CHECK (fee_amount > 0),
        fee_payer               text CHECK (fee_payer IN ('complainant', 'respondent')),
        fee_payment_id          uuid REFERENCES payments(id),
        decision_kind           text CHECK (decision_kind IN ('summary', 'expert')),
        rights                  text NOT NULL,
        grounds                 text[] NOT NULL,
        complaint               text NOT NULL,
        response                text,
        reply                   text,
        outcome                 text CHECK (outcome IN ('transfer', 'cancel', 'suspend', 'no-action')),
        reasons                 text,
        decided_at              timestamptz,
        appeal_party            text CHECK (appeal_party IN ('complainant', 'respondent')),
        appeal_notice           text,
        appeal_result           text CHECK (appeal_result IN ('upheld', 'overturned')),
        appeal_reasons          text,
        closed_reason           text CHECK (closed_reason IN ('rejected', 'withdrawn', 'settled', 'lapsed', 'implemented', 'court')),
        closed_at               timestamptz,
        published               boolean NOT NULL DEFAULT false,
        -- Which of serverTransferProhibited/serverUpdateProhibited/serverDeleteProhibited the domain
        -- already had when the case locked it: closing removes only the others (the exact prior set comes back).
        lock_prior_statuses     text[],
        locked_at               timestamptz,
        unlocked_at             timestamptz,
        filed_at                timestamptz NOT NULL,
        updated_at              timestamptz NOT NULL,
        CHECK ((state = 'closed') = (closed_at IS NOT NULL)),
        CHECK (state <> 'awaiting-fee' OR (fee_kind IS NOT NULL AND fee_amount IS NOT NULL AND fee_payer IS NOT NULL))
      );
      -- One open case per domain.
      CREATE UNIQUE INDEX disputes_one_open ON disputes(domain_id) WHERE closed_at IS NULL;
      CREATE INDEX disputes_due ON disputes(due_at) WHERE closed_at IS NULL;
      CREATE INDEX disputes_complainant ON disputes(complainant_account_id);
      CREATE INDEX disputes_respondent ON disputes(respondent_account_id);
      CREATE INDEX disputes_published ON disputes(decided_at DESC) WHERE published;

      -- The timeline the parties and staff see; never changed once written.
      CREATE TABLE dispute_events (
        id           bigserial PRIMARY KEY,
        dispute_id   uuid NOT NULL REFERENCES disputes(id),
        kind         text NOT NULL,
        state        text NOT NULL,
        visibility   text NOT NULL CHECK (visibility IN ('parties', 'staff')),
        actor_type   text NOT NULL,
        actor_id     text NOT NULL,
        due_at       timestamptz,
        data         jsonb NOT NULL DEFAULT '{}',
        created_at   timestamptz NOT NULL
      );
      CREATE INDEX dispute_events_dispute ON dispute_events(dispute_id, id);
      CREATE TRIGGER dispute_events_append_only BEFORE UPDATE OR DELETE ON dispute_events
        FOR EACH ROW EXECUTE FUNCTION azreg_append_only();

      -- Evidence: the bytes live under DATA_DIR/disputes/<storage_name> (a generated name, never the user's).
      CREATE TABLE dispute_documents (
        id             uuid PRIMARY KEY,
        dispute_id     uuid NOT NULL REFERENCES disputes(id),
        party          text NOT NULL CHECK (party IN ('complainant', 'respondent', 'staff')),
        display_name   text NOT NULL,
        content_type   text NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
        size_bytes     int NOT NULL CHECK (size_bytes > 0),
        sha256         text NOT NULL,
        storage_name   text NOT NULL UNIQUE CHECK (storage_name ~ '^[0-9a-f]{32}\\.(pdf|png|jpg)$'),
        uploaded_by    text NOT NULL,
        created_at     timestamptz NOT NULL
      );
      CREATE INDEX dispute_documents_dispute ON dispute_documents(dispute_id, created_at);
      CREATE TRIGGER dispute_documents_append_only BEFORE UPDATE OR DELETE ON dispute_documents
        FOR EACH ROW EXECUTE FUNCTION azreg_append_only();

      -- Confidential mediation notes: officers only (never the parties, never the expert).
      CREATE TABLE dispute_mediation_notes (
        id           bigserial PRIMARY KEY,
        dispute_id   uuid NOT NULL REFERENCES disputes(id),
        author_id    text NOT NULL,
        body         text NOT NULL,
        created_at   timestamptz NOT NULL
      );
      CREATE INDEX dispute_mediation_notes_dispute ON dispute_mediation_notes(dispute_id, id);
      CREATE TRIGGER dispute_mediation_notes_append_only BEFORE UPDATE OR DELETE ON dispute_mediation_notes
        FOR EACH ROW EXECUTE FUNCTION azreg_append_only();

      -- The roster: experts are admin users with the expert role; rotation = least recently appointed first.
      CREATE TABLE dispute_experts (
        id                  uuid PRIMARY KEY,
        admin_user_id       uuid NOT NULL UNIQUE REFERENCES admin_users(id),
        display_name        text NOT NULL,
        active              boolean NOT NULL DEFAULT true,
        last_appointed_at   timestamptz,
        created_at          timestamptz NOT NULL
      );

      -- Appointments: proposed in rotation, accepted with a no-conflict declaration or declined for a conflict.
      CREATE TABLE dispute_appointments (
        id            bigserial PRIMARY KEY,
        dispute_id    uuid NOT NULL REFERENCES disputes(id),
        expert_id     uuid NOT NULL REFERENCES dispute_experts(id),
        role          text NOT NULL CHECK (role IN ('expert', 'appeal')),
        status        text NOT NULL CHECK (status IN ('proposed', 'accepted', 'declined')),
        declaration   text,
        proposed_at   timestamptz NOT NULL,
        declared_at   timestamptz,
        UNIQUE (dispute_id, expert_id, role)
      );

      -- Extensions of a deadline, with the officer who granted them.
      CREATE TABLE dispute_extensions (
        id            bigserial PRIMARY KEY,
        dispute_id    uuid NOT NULL REFERENCES disputes(id),
        state         text NOT NULL,
        old_due_at    timestamptz NOT NULL,
        new_due_at    timestamptz NOT NULL,
        working_days  int NOT NULL CHECK (working_days BETWEEN 1 AND 30),
        reason        text NOT NULL,
        granted_by    text NOT NULL,
        created_at    timestamptz NOT NULL
      );
      CREATE TRIGGER dispute_extensions_append_only BEFORE UPDATE OR DELETE ON dispute_extensions
        FOR EACH ROW EXECUTE FUNCTION azreg_append_only();

      -- One-time links that let a registrant whose domain came through a registrar answer from an
      -- account with the registrant contact's e-mail address. Only the SHA-256 of the token is kept.
      CREATE TABLE dispute_access_tokens (
        token_hash    bytea PRIMARY KEY,
        dispute_id    uuid NOT NULL REFERENCES disputes(id),
        email         text NOT NULL,
        created_at    timestamptz NOT NULL,
        expires_at    timestamptz NOT NULL,
        used_at       timestamptz,
        used_by       uuid REFERENCES registrant_accounts(id)
      );

      -- The working-day calendar: non-working weekdays (holidays and the days off they move to)
      -- and weekend days declared working. Saturdays and Sundays are off unless listed as 'working'.
      CREATE TABLE public_holidays (
        day       date PRIMARY KEY,
        kind      text NOT NULL CHECK (kind IN ('holiday', 'transfer', 'working')),
        name_az   text NOT NULL,
        name_en   text NOT NULL,
        source    text NOT NULL DEFAULT ''
      );
    `);
    const rows = HOLIDAYS.map(([day, kind, az, en, source]) => `('${day}', '${kind}', '${az.replace(/'/g, "''")}', '${en.replace(/'/g, "''")}', '${source}')`);
    await q.query(`INSERT INTO public_holidays (day, kind, name_az, name_en, source) VALUES ${rows.join(',\n')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE public_holidays, dispute_access_tokens, dispute_extensions, dispute_appointments, dispute_experts,
        dispute_mediation_notes, dispute_documents, dispute_events, disputes;
      DROP SEQUENCE dispute_case_seq;
    `);
  }
}

const LC = 'Labour Code art. 105';
const CM = 'Cabinet of Ministers decision';
const EST = 'provisional (lunar estimate): replace with the Cabinet of Ministers decision';

/**
 * Non-working days of 2026 and 2027. Fixed holidays: Labour Code of the Republic of Azerbaijan,
 * art. 105 (a holiday on a Saturday or Sunday moves the day off to the next working day). Novruz,
 * Ramazan and Qurban bayramı: the Cabinet of Ministers' yearly decision (2026 Novruz + Ramazan:
 * 20–30 March as announced; Qurban 2026 and the 2027 religious holidays are lunar estimates until
 * the decision is published). Operators edit the table directly (README, "Disputes").
 */
const HOLIDAYS: Array<[string, 'holiday' | 'transfer' | 'working', string, string, string]> = [
  ['2026-01-01', 'holiday', 'Yeni il', 'New Year', LC],
  ['2026-01-02', 'holiday', 'Yeni il', 'New Year', LC],
  ['2026-01-20', 'holiday', 'Ümumxalq hüzn günü', 'Day of National Mourning', LC],
  ['2026-03-09', 'transfer', 'Qadınlar günü (8 mart bazar gününə düşür)', "Women's Day (8 March is a Sunday)", LC],
  ['2026-03-20', 'holiday', 'Novruz bayramı, Ramazan bayramı', 'Novruz, Ramazan bayramı', CM],
  ['2026-03-23', 'holiday', 'Novruz bayramı', 'Novruz', CM],
  ['2026-03-24', 'holiday', 'Novruz bayramı', 'Novruz', CM],
  ['2026-03-25', 'transfer', 'Novruz bayramı (köçürülmüş istirahət günü)', 'Novruz (moved day off)', CM],
  ['2026-03-26', 'transfer', 'Novruz bayramı (köçürülmüş istirahət günü)', 'Novruz (moved day off)', CM],
  ['2026-03-27', 'transfer', 'Ramazan bayramı (köçürülmüş istirahət günü)', 'Ramazan bayramı (moved day off)', CM],
  ['2026-03-30', 'transfer', 'Ramazan bayramı (köçürülmüş istirahət günü)', 'Ramazan bayramı (moved day off)', CM],
  ['2026-05-11', 'transfer', 'Faşizm üzərində qələbə günü (9 may şənbə gününə düşür)', 'Victory over Fascism Day (9 May is a Saturday)', LC],
  ['2026-05-27', 'holiday', 'Qurban bayramı', 'Qurban bayramı', EST],
  ['2026-05-28', 'holiday', 'Qurban bayramı, Müstəqillik günü', 'Qurban bayramı, Independence Day', EST],
  ['2026-05-29', 'transfer', 'Qurban bayramı (bayramların üst-üstə düşməsi)', 'Qurban bayramı (holidays coincide)', EST],
  ['2026-06-15', 'holiday', 'Milli Qurtuluş günü', 'National Salvation Day', LC],
  ['2026-06-26', 'holiday', 'Silahlı Qüvvələr günü', 'Armed Forces Day', LC],
  ['2026-11-09', 'holiday', 'Dövlət Bayrağı günü', 'State Flag Day', LC],
  ['2026-11-10', 'transfer', 'Zəfər günü (8 noyabr bazar gününə düşür)', 'Victory Day (8 November is a Sunday)', LC],
  ['2026-12-31', 'holiday', 'Dünya azərbaycanlılarının həmrəyliyi günü', 'Day of Solidarity of World Azerbaijanis', LC],
  ['2027-01-01', 'holiday', 'Yeni il', 'New Year', LC],
  ['2027-01-04', 'transfer', 'Yeni il (2 yanvar şənbə gününə düşür)', 'New Year (2 January is a Saturday)', LC],
  ['2027-01-20', 'holiday', 'Ümumxalq hüzn günü', 'Day of National Mourning', LC],
  ['2027-03-08', 'holiday', 'Qadınlar günü', "Women's Day", LC],
  ['2027-03-09', 'holiday', 'Ramazan bayramı', 'Ramazan bayramı', EST],
  ['2027-03-10', 'holiday', 'Ramazan bayramı', 'Ramazan bayramı', EST],
  ['2027-03-22', 'holiday', 'Novruz bayramı', 'Novruz', LC],
  ['2027-03-23', 'holiday', 'Novruz bayramı', 'Novruz', LC],
  ['2027-03-24', 'holiday', 'Novruz bayramı', 'Novruz', LC],
  ['2027-03-25', 'transfer', 'Novruz bayramı (20–21 mart həftəsonuna düşür)', 'Novruz (20–21 March fall on a weekend)', LC],
  ['2027-03-26', 'transfer', 'Novruz bayramı (20–21 mart həftəsonuna düşür)', 'Novruz (20–21 March fall on a weekend)', LC],
  ['2027-05-10', 'transfer', 'Faşizm üzərində qələbə günü (9 may bazar gününə düşür)', 'Victory over Fascism Day (9 May is a Sunday)', LC],
  ['2027-05-17', 'holiday', 'Qurban bayramı', 'Qurban bayramı', EST],
  ['2027-05-18', 'transfer', 'Qurban bayramı (16 may bazar gününə düşür)', 'Qurban bayramı (16 May is a Sunday)', EST],
  ['2027-05-28', 'holiday', 'Müstəqillik günü', 'Independence Day', LC],
  ['2027-06-15', 'holiday', 'Milli Qurtuluş günü', 'National Salvation Day', LC],
  ['2027-06-28', 'transfer', 'Silahlı Qüvvələr günü (26 iyun şənbə gününə düşür)', 'Armed Forces Day (26 June is a Saturday)', LC],
  ['2027-11-08', 'holiday', 'Zəfər günü', 'Victory Day', LC],
  ['2027-11-09', 'holiday', 'Dövlət Bayrağı günü', 'State Flag Day', LC],
  ['2027-12-31', 'holiday', 'Dünya azərbaycanlılarının həmrəyliyi günü', 'Day of Solidarity of World Azerbaijanis', LC],
];
