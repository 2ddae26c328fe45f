import { Controller, Get, Logger, Param, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { pickLocale } from '../common/http/locale';
import { ApiErrors } from '../common/http/openapi';
import { CurrentPrincipal, LinkThrottled, Public, RequireRight } from '../common/security/decorators';
import type { TenantPrincipal } from '../common/security/principal';
import { AppConfig } from '../config/app-config';
import { contentDisposition } from './content-sniffer';
import { ApiDocumentCard, ApiEvidenceZip, PublicDocumentSummaryResponse } from './document-evidence.api';
import { DocumentEvidenceService, PublicDocumentSummary } from './document-evidence.service';
import { CARD_LABELS, CARD_LOCALES, CardLocale } from './evidence/card-labels';
import { renderDocumentCard } from './evidence/document-card';
import { assertEvidenceDocument, EvidenceDocument } from './evidence/evidence-model';
import { safeFileName } from './evidence/evidence-names';
import { writeEvidenceZip } from './evidence/evidence-zip';
import { WebUiFiles } from '../web-ui/web-ui.files';
import { sendWebUiPage } from '../web-ui/web-ui.page';

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

const DocumentIdParam = () =>
  ApiParam({ name: 'id', format: 'uuid', description: "The document (another organization's, or an unknown one, is 404)." });

// The evidence of a document for its participants (ZIP and printable card), and the public page
// the card's QR code opens. Only participants get the evidence: any other tenant gets 404.
@ApiTags('documents')
@Controller()
export class DocumentEvidenceController {
  constructor(
    private readonly evidence: DocumentEvidenceService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly webUi: WebUiFiles,
  ) {}

  @Get('api/v1/documents/:id/evidence.zip')
  @RequireRight('documents', 'read')
  @ApiOperation({
    summary: 'Evidence package: the original, every CMS (.p7s), signed statements, reports, events, audit and a manifest',
  })
  @DocumentIdParam()
  @ApiEvidenceZip()
  @ApiErrors(CommonErrorCode.NotFound)
  async evidenceZip(@CurrentPrincipal() principal: TenantPrincipal, @Param('id') id: string, @Res() response: Response) {
    const doc = await this.evidence.forParticipant(principal, id);
    await sendEvidenceZip(response, doc, { generatedAt: this.clock.now(), verifyUrl: this.evidence.verifyUrl(doc.id) });
  }

  @Get('api/v1/documents/:id/card.pdf')
  @RequireRight('documents', 'read')
  @ApiOperation({ summary: 'Printable document card (PDF) with signers, results, events and a QR code of the verification page' })
  @DocumentIdParam()
  @ApiDocumentCard()
  @ApiErrors(CommonErrorCode.NotFound)
  async card(
    @CurrentPrincipal() principal: TenantPrincipal,
    @Param('id') id: string,
    @Query('lang') lang: string | undefined,
    @Req() request: Request,
    @Res() response: Response,
  ) {
    const locale = cardLocale(lang, request, this.config);
    const doc = await this.evidence.forParticipant(principal, id);
    await sendDocumentCard(response, doc, { generatedAt: this.clock.now(), verifyUrl: this.evidence.verifyUrl(doc.id), locale });
  }

  // The page behind the card's QR code: whoever holds the paper can compare the file's SHA-256
  // and see that the signatures the card lists exist here with the same results. It tells what
  // the card prints (title, hash, signers) and nothing else: no content, no events, no e-mails.
  // The document id (random UUID) is printed on the card; the page is throttled with the link
  // budget against scanning: like a link, it is read by outsiders holding an unguessable value
  // (often many cards from one office), and it guesses no password. Minimal until the web UI replaces it.
  // The same summary as JSON, for the web cabinet's verification page.
  @Get('api/v1/public/documents/:id')
  @Public()
  @LinkThrottled()
  @ApiOperation({ summary: 'What a document card prints: title, file SHA-256, each signer and the verification result' })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The document id printed on the card (a draft has no page: 404)' })
  @ApiOkResponse({ type: PublicDocumentSummaryResponse })
  @ApiErrors(CommonErrorCode.NotFound)
  async publicSummary(@Param('id') id: string): Promise<PublicDocumentSummary> {
    const summary = await this.evidence.publicSummary(id);
    if (!summary) throw new DomainError(CommonErrorCode.NotFound);
    return summary;
  }

  @Get('verify/d/:id')
  @Public()
  @LinkThrottled()
  @ApiExcludeEndpoint()
  async verifyPage(@Param('id') id: string, @Res() response: Response) {
    const summary = await this.evidence.publicSummary(id);
    // The web cabinet renders the page from the JSON below; the HTML here serves where it is not built.
    if (this.webUi.indexHtml()) return sendWebUiPage(response, this.webUi, summary ? 200 : 404);
    response
      .status(summary ? 200 : 404)
      .setHeader('Content-Type', 'text/html; charset=utf-8')
      .setHeader('Cache-Control', 'no-store')
      .setHeader('Referrer-Policy', 'no-referrer')
      .setHeader('X-Content-Type-Options', 'nosniff')
      .setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(summary ? verifyPageHtml(summary) : notFoundHtml());
  }
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

// The card's words for the verdict (and the reason), in the three languages: the same words as the
// card and the cabinet.
const RESULT_WORDS: Record<string, string> = Object.fromEntries(
  (['TOTAL_PASSED', 'TOTAL_FAILED', 'INDETERMINATE'] as const).map((i) => [
    i,
    CARD_LOCALES.map((l) => CARD_LABELS[l].indication[i]).join(' / '),
  ]),
);
const reasonWords = (sub: PublicDocumentSummary['signatures'][number]['subIndication']) =>
  sub ? CARD_LOCALES.map((l) => CARD_LABELS[l].subIndication[sub]).join(' / ') : '';

const PAGE_STYLE =
  'body{font-family:sans-serif;max-width:48em;margin:2em auto;padding:0 1em;line-height:1.5}' +
  'code{word-break:break-all}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}';

function verifyPageHtml(summary: PublicDocumentSummary): string {
  const rows = summary.signatures
    .map((s) => {
      const signer = s.signer
        ? [
            escapeHtml(s.signer.name),
            s.signer.iin && `ИИН/ЖСН/IIN ${escapeHtml(s.signer.iin)}`,
            s.signer.bin && `БИН/БСН/BIN ${escapeHtml(s.signer.bin)}`,
            s.signer.organization && escapeHtml(s.signer.organization),
          ]
            .filter(Boolean)
            .join('<br>')
        : '—';
      const reason = reasonWords(s.subIndication);
      const result = `${escapeHtml(RESULT_WORDS[s.indication] ?? s.indication)}${reason ? `<br>${escapeHtml(reason)}` : ''}`;
      return `<tr><td>${s.number}</td><td>${escapeHtml(s.role)} · ${escapeHtml(s.action)}</td><td>${signer}</td><td>${escapeHtml(
        s.acceptedAt.toISOString(),
      )}</td><td>${result}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Проверка документа / Құжатты тексеру / Document check</title>
<style>${PAGE_STYLE}</style></head>
<body>
<h1>Проверка документа / Құжатты тексеру / Document check</h1>
<p>Документ зарегистрирован в сервисе электронного документооборота. Сравните SHA-256 вашего файла с указанным здесь:
совпадение означает, что подписи ниже относятся именно к нему.<br>
<span lang="kk">Құжат электрондық құжат айналымы сервисінде тіркелген. Файлыңыздың SHA-256 мәнін осындағымен салыстырыңыз:
сәйкес келсе, төмендегі қолтаңбалар дәл осы файлға қатысты.</span><br>
<span lang="en">The document is registered with the e-document service. Compare your file's SHA-256 with the one below: if they match,
the signatures listed here are over that very file.</span></p>
<table>
<tr><th>Документ / Құжат / Document</th><td>${escapeHtml(summary.title)}</td></tr>
<tr><th>ID</th><td><code>${escapeHtml(summary.id)}</code></td></tr>
<tr><th>SHA-256</th><td><code>${escapeHtml(summary.sha256)}</code></td></tr>
<tr><th>Размер / Көлемі / Size</th><td>${summary.size}</td></tr>
</table>
<h2>Подписи / Қолтаңбалар / Signatures: ${summary.signatures.length}</h2>
<table>
<tr><th>№</th><th>Сторона, действие / Тарап, әрекет / Party, action</th><th>Подписант / Қол қоюшы / Signer</th><th>Принята / Қабылданды / Accepted (UTC)</th><th>Результат / Нәтиже / Result</th></tr>
${rows}
</table>
</body></html>
`;
}

function notFoundHtml(): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Не найдено / Табылмады / Not found</title>
<style>${PAGE_STYLE}</style></head>
<body><h1>Документ не найден / Құжат табылмады / Document not found</h1>
<p>Проверьте адрес (QR-код карточки документа). / Мекенжайды тексеріңіз (құжат карточкасының QR-коды). /
Check the address (the QR code of the document card).</p></body></html>
`;
}
