import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { pickLocale } from '../common/http/locale';
import { AppConfig } from '../config/app-config';
import { contentDisposition } from '../common/files/content-sniffer';
import { CARD_LOCALES, CardLocale } from './evidence/card-labels';
import { renderDocumentCard } from './evidence/document-card';
import { assertEvidenceDocument, EvidenceDocument } from './evidence/evidence-model';
import { safeFileName } from './evidence/evidence-names';
import { writeEvidenceZip } from './evidence/evidence-zip';

// The evidence ZIP and the printable card as HTTP answers, for the participants' routes and the
// link holder's (document-evidence.controller.ts, links/links.controller.ts).

const logger = new Logger('DocumentEvidence');

// ?lang= wins; otherwise Accept-Language, then the service default — as error messages do.
export function cardLocale(lang: string | undefined, request: Request, config: AppConfig): CardLocale {
  if (lang !== undefined) {
    if (!(CARD_LOCALES as readonly string[]).includes(lang)) {
      throw new DomainError(CommonErrorCode.ValidationFailed, {
        fields: [{ field: 'lang', problems: [`lang must be one of ${CARD_LOCALES.join(', ')}`] }],
      });
    }
    return lang as CardLocale;
  }
  return pickLocale(request.headers['accept-language'], config.defaultLocale);
}

// The download name: the document's title made safe, then what the file is.
function downloadName(doc: EvidenceDocument, suffix: string): string {
  const stem = [...safeFileName(doc.title, 'document')].slice(0, 150).join('');
  return `${stem}${suffix}`;
}

// Streams the evidence ZIP as the response. Bad input is refused before the first byte (a JSON
// error); once bytes are out, a failure (e.g. the stored file no longer matches its SHA-256) can
// only cut the download off: the builder destroys the response, which the client sees as an
// incomplete transfer, never as a complete-looking package.
export async function sendEvidenceZip(
  response: Response,
  doc: EvidenceDocument,
  options: { generatedAt: Date; verifyUrl: string },
): Promise<void> {
  assertEvidenceDocument(doc);
  response
    .status(200)
    .setHeader('Content-Type', 'application/zip')
    .setHeader('Content-Disposition', contentDisposition(downloadName(doc, '.evidence.zip')))
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Cache-Control', 'no-store');
  try {
    await writeEvidenceZip(doc, response, options);
  } catch (error) {
    logger.error(`evidence package of document ${doc.id} failed: ${error instanceof Error ? error.message : String(error)}`);
    if (!response.headersSent && !response.destroyed) {
      response.removeHeader('Content-Disposition');
      throw error;
    }
    if (!response.destroyed) response.destroy(error instanceof Error ? error : undefined);
  }
}

export async function sendDocumentCard(
  response: Response,
  doc: EvidenceDocument,
  options: { generatedAt: Date; verifyUrl: string; locale: CardLocale },
): Promise<void> {
  const pdf = await renderDocumentCard(doc, options);
  response
    .status(200)
    .setHeader('Content-Type', 'application/pdf')
    .setHeader('Content-Length', pdf.length)
    .setHeader('Content-Disposition', contentDisposition(downloadName(doc, `.card.${options.locale}.pdf`)))
    .setHeader('X-Content-Type-Options', 'nosniff')
    .setHeader('Cache-Control', 'no-store')
    .end(pdf);
}
