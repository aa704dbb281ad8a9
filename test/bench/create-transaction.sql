-- The statements of one EPP <domain:create> as the bench sends it (registrant, admin and tech
-- contact, no name servers, one year, add-grace period, receipt mail, debit), in the order and
-- shape azreg runs them: CommandRunner's transaction, HoldRepository.lockBundle,
-- RegistrationRepository.facts and .insert, ContactRepository.findLiveByHandles, then one
-- WriteBatch of HistoryRepository.recordIn, OutboxRepository.enqueueIn and
-- RegistrarRepository.debitIn (the receipt's address comes from the contact already read). Run by `npm run bench` with `pgbench -M prepared` on the bench's own
-- database, it measures what PostgreSQL alone can do with a create's SQL on this machine (no TLS,
-- no XML, no azreg): the ceiling for the EPP create figure. Keep it in step with those repositories.
-- (pgbench replaces `:word` everywhere, even inside literals: hence chr(58) and jsonb_build_object.)
\set r random(1, 8)
\set n random(1, 2000000000)
-- azreg sends START TRANSACTION and the bundle lock in one round trip (CommandRunner's openingLock);
-- pgbench -M prepared cannot, so this ceiling is a little low.
BEGIN;
SELECT pg_advisory_xact_lock(hashtextextended('name' || chr(58) || 'sqlonly' || :n::bigint || 'x' || :client_id::int || '.az', 7));
SELECT (SELECT status FROM registrars WHERE id = 'bench-r0' || :r::int) AS registrar_status,
       EXISTS (SELECT 1 FROM reserved_names r WHERE r.label_key = 'sqlonly' || :n::bigint || 'x' || :client_id::int AND (r.zone IS NULL OR r.zone = 'az')) AS reserved,
       p.price_create, p.price_renew, o.name, o.unicode_name, h.hold_id, h.owner_type, h.owner_id,
       EXISTS (SELECT 1 FROM domains WHERE variant_key = 'sqlonly' || :n::bigint || 'x' || :client_id::int || '.az' AND purged_at IS NULL AND purge_at <= now()) AS purge_due
  FROM (SELECT 1) AS one
  LEFT JOIN premium_names p ON p.name = 'sqlonly' || :n::bigint || 'x' || :client_id::int || '.az'
  LEFT JOIN LATERAL (SELECT name, unicode_name FROM domains
                      WHERE variant_key = 'sqlonly' || :n::bigint || 'x' || :client_id::int || '.az' AND purged_at IS NULL AND (purge_at IS NULL OR purge_at > now()) LIMIT 1) o ON true
  LEFT JOIN LATERAL (SELECT hold_id, owner_type, owner_id FROM name_holds
                      WHERE variant_key = 'sqlonly' || :n::bigint || 'x' || :client_id::int || '.az' AND expires_at > now() LIMIT 1) h ON true;
SELECT * FROM contacts WHERE lower(handle) = ANY(ARRAY[lower('R0' || :r::int || '-BC'), lower('R0' || :r::int || '-BC')]) AND deleted_at IS NULL;
WITH d AS (
  INSERT INTO domains (name, unicode_name, variant_key, zone, registrar_id, registrant_id, account_id, statuses,
                       auth_info_hash, created_at, created_by, updated_at, updated_by, expires_at)
  VALUES ('sqlonly' || :n::bigint || 'x' || :client_id::int || '.az', 'sqlonly' || :n::bigint || 'x' || :client_id::int || '.az',
          'sqlonly' || :n::bigint || 'x' || :client_id::int || '.az', 'az', 'bench-r0' || :r::int,
          (SELECT id FROM contacts WHERE handle = 'R0' || :r::int || '-BC'), NULL, '{}',
          '$hmac-sha256$k=000000000000$c2FsdHNhbHRzYWx0c2FsdA$bWFjbWFjbWFjbWFjbWFjbWFjbWFjbWFjbWFjbWFjbWE', now(), 'bench-r0' || :r::int, now(), 'bench-r0' || :r::int, now() + interval '1 year') RETURNING *),
c AS (
  INSERT INTO domain_contacts (domain_id, type, contact_id)
  SELECT d.id, x.type, d.registrant_id FROM d, unnest(ARRAY['admin', 'tech']) AS x(type) ON CONFLICT DO NOTHING),
n AS (
  INSERT INTO domain_nameservers (domain_id, host_id) SELECT d.id, x.host_id FROM d, unnest('{}'::bigint[]) AS x(host_id) ON CONFLICT DO NOTHING),
s AS (
  INSERT INTO domain_ds_records (domain_id, key_tag, alg, digest_type, digest)
  SELECT d.id, x.key_tag, x.alg, x.digest_type, x.digest FROM d, unnest('{}'::int[], '{}'::int[], '{}'::int[], '{}'::text[]) AS x(key_tag, alg, digest_type, digest) ON CONFLICT DO NOTHING),
g AS (
  INSERT INTO grace_periods (domain_id, kind, registrar_id, amount, ends_at, created_at)
  SELECT d.id, 'add', 'bench-r0' || :r::int, 1000, now() + interval '5 days', now() FROM d),
h AS (
  DELETE FROM name_holds WHERE hold_id = NULL::uuid AND NULL::uuid IS NOT NULL)
SELECT * FROM d \gset domain_
WITH history_0 AS (
  INSERT INTO history (object_type, object_id, object_name, action, actor_type, actor_id, channel, request_id, before, after, created_at)
  VALUES ('domain', :domain_id::bigint, 'sqlonly' || :n::bigint || 'x' || :client_id::int || '.az', 'domain.create', 'registrar', 'bench-r0' || :r::int, 'epp', 'bench-1', NULL,
          jsonb_build_object('name', 'sqlonly.az', 'unicodeName', 'sqlonly.az', 'roid', 'D1-AZ', 'statuses', '[]'::jsonb, 'expiresAt', now() + interval '1 year',
            'contacts', jsonb_build_array(jsonb_build_object('type', 'admin', 'handle', 'R01-BC'), jsonb_build_object('type', 'tech', 'handle', 'R01-BC')),
            'nameservers', '[]'::jsonb, 'dsRecords', '[]'::jsonb, 'price', 1000, 'holdId', NULL), now())),
mail_1 AS (
  INSERT INTO outbox (template, recipient, locale, payload, dedupe_key, created_at)
  VALUES ('registration-receipt', 'bench@example.az', 'az', jsonb_build_object('domain', 'sqlonly.az', 'years', 1, 'expiry', now() + interval '1 year', 'price', 1000),
          'registration-receipt:' || :domain_id::bigint, now())
  ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING RETURNING id),
debit_2 AS (
  UPDATE registrars SET balance = balance - 1000, updated_at = now() WHERE id = 'bench-r0' || :r::int AND balance >= 1000 RETURNING balance),
ledger_3 AS (
  INSERT INTO ledger_entries (registrar_id, amount, balance_after, kind, domain_id, domain_name, years, note, created_at)
  SELECT 'bench-r0' || :r::int, -1000, debit_2.balance, 'create', :domain_id::bigint, 'sqlonly' || :n::bigint || 'x' || :client_id::int || '.az', 1, '', now() FROM debit_2
  RETURNING balance_after)
SELECT (SELECT id FROM mail_1) AS mail_0, (SELECT balance_after FROM ledger_3) AS balance_1;
COMMIT;
