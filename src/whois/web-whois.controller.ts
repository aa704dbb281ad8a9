import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { WebWhoisPage } from './web-whois.page';

/** `GET /whois?q=<query>&lang=az|en`: the web WHOIS page. Never logs the query (invariant 4). */
@ApiExcludeController()
@Controller('whois')
export class WebWhoisController {
  constructor(private readonly page: WebWhoisPage) {}

  @Get()
  async lookup(@Query() params: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const page = await this.page.respond(params, req.ip ?? req.socket.remoteAddress ?? '');
    res.status(page.status).set(page.headers).send(page.html);
  }
}
