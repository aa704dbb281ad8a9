import { Injectable, Logger } from '@nestjs/common';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppConfig } from '../config/app-config';
import { Clock } from '../registry/command/clock';
import { nextSerial, serialOf } from './zone-file';
import { readHead, replaceAtomically, writeZoneFile } from './zone-file-writer';
import { ZoneGenerator } from './zone-generator';
import { ZonePublicationRepository, zoneFingerprint, type ChangeFingerprints } from './zone-publication.repository';
import { runReloadCommand, type ReloadOutcome } from './zone-reload';

/** What happened to one zone: a new file with a new serial, or nothing because nothing changed. */
export interface ZonePublishResult {
  zone: string;
  status: 'published' | 'unchanged';
  /** The serial now on disk (the new one, or the last published one when unchanged). */
  serial: number;
  records: number;
  sha256: string;
  file: string;
  /** Time to generate (and write) the zone, in milliseconds. */
  ms: number;
  /** Present when a reload command is configured and a new file was published. */
  reload?: ReloadOutcome;
  /** Problems in the content that DNS servers will refuse (logged as warnings); see `ZoneSession.warnings`. */
  warnings: string[];
}

/** One run over several zones. A zone that failed does not stop the others. */
export interface PublishReport {
  results: ZonePublishResult[];
  /** Zones not regenerated because their data did not change since their last generation. */
  skipped: string[];
  failures: Array<{ zone: string; error: string }>;
}

/**
 * Publishes zone files to ZONE_DIR: `<zone>.zone`, replaced atomically, then ZONE_RELOAD_COMMAND.
 *
 * Serial: the publication time in unix seconds, or one more than the highest serial already used
 * (in `zone_publications` or in the file on disk) if that is not lower — it always increases.
 * A zone whose content (hash taken with serial 0) equals the last publication is not written again
 * and keeps its serial, as long as the file on disk is that publication.
 *
 * Change detection for `publishChanged`: each zone remembers the change fingerprint (see
 * `ChangeFingerprints`) read just before it was last generated; a zone is regenerated when the
 * current fingerprint differs. The fingerprint covers every row the zone is made of (the zone's
 * domains, and the hosts, name server links, DS records and zones tables as a whole), so no change
 * is missed, at the price of some regenerations that turn out unchanged (a renewal, a new host not
 * used yet). Fingerprints live in this process: after a restart every zone is regenerated once
 * (and, unchanged, not rewritten). Settings (name servers, hostmaster) are read at boot, so a
 * change to them is picked up by that first regeneration.
 *
 * Run the DNS queue against one ZONE_DIR (shared storage, or one worker): the serial check against
 * the file on disk assumes every publisher sees the same files.
 */
@Injectable()
export class ZonePublisher {
  private readonly logger = new Logger(ZonePublisher.name);
  private readonly publications = new ZonePublicationRepository();
  /** Zone → the fingerprint read just before it was last generated. */
  private readonly generatedFrom = new Map<string, string>();
  readonly zoneDir: string;
  private readonly reloadCommand: string;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly generator: ZoneGenerator,
  ) {
    this.zoneDir = config.ZONE_DIR ?? join(config.DATA_DIR, 'zones');
    this.reloadCommand = config.ZONE_RELOAD_COMMAND.trim();
  }

  /** The path a zone is published to. */
  fileOf(zone: string): string {
    return join(this.zoneDir, `${zone}.zone`);
  }

  /**
   * Generates `zone` and, if it changed, writes it to `<zone>.zone.tmp-<pid>`, fsyncs, renames it
   * over `<zone>.zone`, records the publication, then runs the reload command (a failed reload is
   * logged and reported in the result, not thrown). Two publishers of one zone wait for each other.
   */
  async publish(zone: string, fingerprints?: ChangeFingerprints): Promise<ZonePublishResult> {
    const started = performance.now();
    // Read before the snapshot is taken: a change committed in between is in the zone but not in
    // the fingerprint, which only costs one more (unchanged) regeneration; none can be missed.
    const fingerprint = zoneFingerprint(fingerprints ?? (await this.currentFingerprints()), zone);
    await mkdir(this.zoneDir, { recursive: true });
    const file = this.fileOf(zone);
    const tmpPath = `${file}.tmp-${process.pid}`;
    const session = await this.generator.open(zone);
    let failure: unknown;
    let result: ZonePublishResult;
    try {
      const last = await this.publications.last(session.client, zone);
      const onDisk = serialOf((await readHead(file)) ?? '');
      const serial = nextSerial(this.clock.now(), last?.serial, onDisk);
      const written = await writeZoneFile(tmpPath, session.header(serial), session.header(0), session.body());
      await session.endSnapshot();
      const ms = Math.round(performance.now() - started);
      const warnings = session.warnings();
      if (last && written.sha256 === last.sha256 && onDisk === last.serial) {
        await unlink(tmpPath);
        this.generatedFrom.set(zone, fingerprint);
        return { zone, status: 'unchanged', serial: last.serial, records: last.records, sha256: last.sha256, file, ms, warnings };
      }
      try {
        await replaceAtomically(tmpPath, file);
      } catch (e) {
        await unlink(tmpPath).catch(() => undefined);
        throw e;
      }
      // Recorded after the rename: a crash in between leaves a file whose serial the next
      // publication reads back from disk and goes beyond.
      await this.publications.insert(session.client, { zone, serial, records: written.records, sha256: written.sha256, publishedAt: this.clock.now() });
      this.generatedFrom.set(zone, fingerprint);
      result = { zone, status: 'published', serial, records: written.records, sha256: written.sha256, file, ms, warnings };
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      await session.close(failure);
    }
    this.logger.log(`published ${zone} serial ${result.serial}: ${result.records} records in ${result.ms} ms`);
    for (const w of result.warnings) this.logger.warn(w);
    if (this.reloadCommand) {
      result.reload = await runReloadCommand(this.reloadCommand, zone);
      if (!result.reload.ok) this.logger.warn(`reload of ${zone} failed (${result.reload.command}): ${result.reload.error}`);
    }
    return result;
  }

  /** Publishes every zone whose data changed since it was last generated (the 30-second job). */
  async publishChanged(): Promise<PublishReport> {
    const { zones, fingerprints } = await this.generator.withClient(async (db) => ({
      zones: await this.publications.zoneNames(db),
      fingerprints: await this.publications.fingerprints(db),
    }));
    const changed = zones.filter((z) => this.generatedFrom.get(z) !== zoneFingerprint(fingerprints, z));
    const report = await this.publishEach(changed, fingerprints);
    report.skipped = zones.filter((z) => !changed.includes(z));
    return report;
  }

  /** Regenerates every zone (the daily job); unchanged zones keep their file and serial. */
  async publishAll(): Promise<PublishReport> {
    const { zones, fingerprints } = await this.generator.withClient(async (db) => ({
      zones: await this.publications.zoneNames(db),
      fingerprints: await this.publications.fingerprints(db),
    }));
    return this.publishEach(zones, fingerprints);
  }

  private currentFingerprints(): Promise<ChangeFingerprints> {
    return this.generator.withClient((db) => this.publications.fingerprints(db));
  }

  /**
   * Publishes zones one after another. Every zone is attempted; if any failed, the run throws at
   * the end (listing them) so the job is retried, after the others have been published.
   */
  private async publishEach(zones: string[], fingerprints: ChangeFingerprints): Promise<PublishReport> {
    const report: PublishReport = { results: [], skipped: [], failures: [] };
    for (const zone of zones) {
      try {
        report.results.push(await this.publish(zone, fingerprints));
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        this.logger.error(`publication of ${zone} failed: ${error}`);
        report.failures.push({ zone, error });
      }
    }
    if (report.failures.length > 0) {
      throw new Error(`zone publication failed for ${report.failures.map((f) => `${f.zone} (${f.error})`).join(', ')}`);
    }
    return report;
  }
}
