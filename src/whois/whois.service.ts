import { Injectable } from '@nestjs/common';
import { LookupRateLimiter } from '../lookup/lookup-rate-limiter';
import { LookupService } from '../lookup/lookup.service';
import { Clock } from '../registry/command/clock';
import { parseWhoisQuery } from './whois-query';
import {
  formatDomainAnswer,
  formatHelpAnswer,
  formatInvalidAnswer,
  formatNameserverAnswer,
  formatRegistrarAnswer,
  oneLine,
  WHOIS_LINES,
} from './whois.formatter';

/** What a WHOIS query produced: the text to send, or a refusal by the shared rate limit. */
export type WhoisAnswer = { outcome: 'answered'; text: string } | { outcome: 'rate-limited'; text: string; retryAfterSeconds: number };

/**
 * Answers one WHOIS query line for port 43 and the web page alike: charges the client's address
 * against the per-IP lookup budget shared with RDAP, parses the line, looks it up and formats the
 * text. Neither logs nor stores the query (invariant 4); the limiter keys on the address only.
 */
@Injectable()
export class WhoisService {
  constructor(
    private readonly lookup: LookupService,
    private readonly limiter: LookupRateLimiter,
    private readonly clock: Clock,
  ) {}

  /** Every call counts against the address's budget, whatever the query. */
  async answer(line: string, clientAddress: string): Promise<WhoisAnswer> {
    const decision = await this.limiter.consume(clientAddress);
    if (!decision.allowed) {
      return { outcome: 'rate-limited', text: oneLine(WHOIS_LINES.rateLimited(decision.retryAfterSeconds)), retryAfterSeconds: decision.retryAfterSeconds };
    }
    return { outcome: 'answered', text: await this.text(line) };
  }

  private async text(line: string): Promise<string> {
    const query = parseWhoisQuery(line);
    const now = this.clock.now();
    switch (query.kind) {
      case 'invalid':
        return formatInvalidAnswer(query.reason, now);
      case 'help':
        return formatHelpAnswer(now);
      case 'domain':
        return formatDomainAnswer(await this.lookup.domain(query.name), now);
      case 'nameserver': {
        const host = await this.lookup.nameserver(query.name);
        const sponsor = host ? await this.lookup.registrar(host.registrarId) : null;
        return formatNameserverAnswer(query.name, host, sponsor, now);
      }
      case 'registrar':
        return formatRegistrarAnswer(query.idOrName, await this.lookup.registrar(query.idOrName), now);
    }
  }
}
