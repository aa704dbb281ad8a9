import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { DocumentView } from '../dispute-queries';

/** At most this many files in one form. */
export const MAX_FILES_PER_FORM = 5;

/** How long the rest of a refused body is read and thrown away before the connection is cut. */
export const REFUSED_BODY_DRAIN_MS = 5_000;

/**
 * Answers at once, without buffering the request body: the rest of the body is read and thrown
 * away (the way multer drains a body it stopped parsing), so memory stays flat. Closing instead,
 * with the client's bytes still unread, makes the kernel reset the connection, and the reset can
 * destroy the answer before the client reads it; a client still sending after
 * REFUSED_BODY_DRAIN_MS is cut off all the same.
 */
export function refuseUnread(req: Request, answer: () => void): void {
  const cut = setTimeout(() => req.socket.destroy(), REFUSED_BODY_DRAIN_MS);
  cut.unref();
  const drained = () => clearTimeout(cut);
  req.once('end', drained);
  req.once('close', drained);
  req.resume();
  answer();
}

/**
 * Multipart parsing for the dispute forms (runs before the CSRF check, which needs the form's
 * `_csrf` field). Files stay in memory (at most MAX_FILES_PER_FORM × the size limit) and never
 * touch the disk under the name the browser sent; the handler decides what is stored. A file over
 * the limit stops the upload at once and answers 413; a visitor who is not logged in gets 403
 * without the body being parsed or kept (`refuseUnread`).
 */
export function evidenceParser(
  maxBytes: number,
  onTooLarge: (req: Request, res: Response) => void,
  onAnonymous: (req: Request, res: Response) => void,
): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: maxBytes, files: MAX_FILES_PER_FORM, fields: 40, fieldSize: 200_000 } }).array('evidence', MAX_FILES_PER_FORM);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is('multipart/form-data')) return next();
    // Only a logged-in party may make the server buffer files: an anonymous multipart body is
    // refused before a byte of it is kept (else anyone could hold 50 MB per request in memory).
    if (!req.session?.accountId) return refuseUnread(req, () => onAnonymous(req, res));
    parse(req, res, (error: unknown) => {
      if (!error) return next();
      if (error instanceof multer.MulterError && (error.code === 'LIMIT_FILE_SIZE' || error.code === 'LIMIT_FILE_COUNT' || error.code === 'LIMIT_UNEXPECTED_FILE')) return onTooLarge(req, res);
      next(error);
    });
  };
}

export function uploadedFiles(req: Request): Array<{ originalname: string; buffer: Buffer }> {
  const files = (req as Request & { files?: unknown }).files;
  return Array.isArray(files) ? (files as Array<{ originalname: string; buffer: Buffer }>) : [];
}

/** A document as a download: attachment (never rendered inline), its sniffed type, nosniff, a sandboxing CSP. */
export function sendDocument(res: Response, file: { doc: DocumentView; bytes: Buffer }): void {
  const ascii = file.doc.displayName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  res.setHeader('Content-Type', file.doc.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.doc.displayName)}`);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'");
  res.setHeader('Cache-Control', 'private, no-store');
  res.status(200).end(file.bytes);
}
