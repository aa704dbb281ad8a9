import { BadRequestException, Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Clock } from '../../registry/command/clock';
import { DropList } from '../../lifecycle/drop-list';
import { esc } from '../../epp/protocol/xml';

const DAY = 86_400_000;

function range(clock: Clock, from?: string, days?: string): { from: Date; to: Date } {
  const start = from ? new Date(`${from}T00:00:00Z`) : clock.now();
  const span = days ? Number(days) : 7;
  if (Number.isNaN(start.getTime()) || !Number.isInteger(span) || span < 1 || span > 45) {
    throw new BadRequestException('from must be YYYY-MM-DD and days between 1 and 45');
  }
  return { from: start, to: new Date(start.getTime() + span * DAY) };
}

/** The public pending-delete list (the drop): JSON for programs, a page for people. */
@ApiTags('public')
@Controller()
export class DropsController {
  constructor(
    private readonly drops: DropList,
    private readonly clock: Clock,
  ) {}

  @Get('api/v1/drops')
  @ApiOperation({ summary: 'Names that become available, with their exact drop time (public)' })
  async list(@Query('from') from?: string, @Query('days') days?: string) {
    const r = range(this.clock, from, days);
    return { from: r.from, to: r.to, drops: await this.drops.between(r.from, r.to) };
  }

  @Get('drops')
  @Header('Content-Type', 'text/html; charset=utf-8')
  async page(@Query('lang') lang?: string, @Query('from') from?: string, @Query('days') days?: string): Promise<string> {
    const en = lang === 'en';
    const r = range(this.clock, from, days);
    const list = await this.drops.between(r.from, r.to);
    const t = en
      ? { title: 'Names being released', intro: 'Each name becomes available at the exact time shown (UTC); the first valid registration after that time wins.', name: 'Name', at: 'Available from (UTC)', none: 'No names are due in this period.', other: 'Azərbaycanca', otherLang: 'az' }
      : { title: 'Azad olan adlar', intro: 'Hər ad göstərilən dəqiq vaxtda (UTC) azad olur; həmin andan sonra ilk düzgün qeydiyyat qalib gəlir.', name: 'Ad', at: 'Azad olma vaxtı (UTC)', none: 'Bu dövrdə azad olan ad yoxdur.', other: 'English', otherLang: 'en' };
    const rows = list.map((d) => `<tr><td>${esc(d.unicodeName)}${d.unicodeName !== d.name ? ` <small>(${esc(d.name)})</small>` : ''}</td><td><time datetime="${d.dropAt.toISOString()}">${d.dropAt.toISOString().replace('T', ' ').slice(0, 19)}</time></td></tr>`).join('');
    return `<!doctype html><html lang="${en ? 'en' : 'az'}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${t.title} — .az</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #ddd}</style></head>
<body><p><a href="?lang=${t.otherLang}">${t.other}</a></p><h1>${t.title}</h1><p>${t.intro}</p>
${list.length ? `<table><thead><tr><th scope="col">${t.name}</th><th scope="col">${t.at}</th></tr></thead><tbody>${rows}</tbody></table>` : `<p>${t.none}</p>`}</body></html>`;
  }
}
