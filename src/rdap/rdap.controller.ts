import { All, Controller, Get, Param, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { RdapExceptionFilter } from './rdap-exception.filter';
import { rdapBaseUrl, sendRdap } from './rdap-http';
import { RdapRateLimitGuard } from './rdap-rate-limit.guard';
import { rdapError, RdapService } from './rdap.service';

/**
 * RDAP over HTTP (RFC 7480, RFC 9082 paths). Thin: each route is one call to `RdapService`;
 * the guard spends the lookup budget, the filter turns any failure into an RDAP error.
 * Path parameters arrive percent-decoded, so U-labels work as typed (`/rdap/domain/şəki.az`).
 */
@ApiExcludeController()
@UseGuards(RdapRateLimitGuard)
@UseFilters(RdapExceptionFilter)
@Controller('rdap')
export class RdapController {
  constructor(private readonly rdap: RdapService) {}

  @Get('domain/:name')
  async domain(@Param('name') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendRdap(res, await this.rdap.domain(rdapBaseUrl(req), name));
  }

  @Get('nameserver/:name')
  async nameserver(@Param('name') name: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendRdap(res, await this.rdap.nameserver(rdapBaseUrl(req), name));
  }

  @Get('entity/:handle')
  async entity(@Param('handle') handle: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendRdap(res, await this.rdap.entity(rdapBaseUrl(req), handle));
  }

  @Get('domains')
  async domains(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendRdap(res, await this.rdap.searchDomains(rdapBaseUrl(req), query));
  }

  @Get('nameservers')
  async nameservers(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    sendRdap(res, await this.rdap.searchNameservers(rdapBaseUrl(req), query));
  }

  @Get('help')
  help(@Req() req: Request, @Res() res: Response): void {
    sendRdap(res, this.rdap.help(rdapBaseUrl(req)));
  }

  /** RFC 9082 query types a domain registry has no data for. */
  @Get(['ip/*path', 'autnum/*path', 'entities'])
  notImplemented(@Res() res: Response): void {
    sendRdap(res, rdapError(501, ['This server answers domain, nameserver and entity queries only; see /rdap/help.']));
  }

  /** Anything else under /rdap (unknown paths, missing names, other methods). Declared last. */
  @All(['', '*path'])
  unknown(@Res() res: Response): void {
    sendRdap(res, rdapError(400, ['Not an RDAP query this server understands; see /rdap/help.']));
  }
}
