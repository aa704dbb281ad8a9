import type { NextFunction, Request, Response } from 'express';
import { sendRdap } from './rdap-http';
import { rdapError } from './rdap.service';

/**
 * Mounted on `/rdap` ahead of every route: a path that is not valid percent-encoded UTF-8
 * (`/rdap/domain/%E0%A4%A.az`) gets an RDAP 400 here. Left to the router, decoding the `:name`
 * parameter would fail before any RDAP code runs and the global filter would answer problem+json.
 */
export function rejectMalformedRdapPath(req: Request, res: Response, next: NextFunction): void {
  try {
    decodeURIComponent(req.path);
  } catch {
    sendRdap(res, rdapError(400, ['The path is not valid percent-encoded UTF-8.']));
    return;
  }
  next();
}
