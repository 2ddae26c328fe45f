// The document card: a printable A4 PDF with the document's data, every signature with who signed
// (IIN, BIN, organization, role from the certificate), when (claimed signing time, time-stamp) and
// the verification result in plain words, the event history, and a QR code of the public
// verification page. DejaVu Sans is embedded (subset, with a ToUnicode map), so Kazakh and Russian
// letters render and can be copied or searched in any viewer.

import { readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { CARD_LABELS, CARD_LOCALES, CardLocale } from './card-labels';
import { formatBytes, formatDate, formatDay, formatInteger, formatMoney, formatTime } from './card-format';
import { EvidenceDocument, EvidenceInputError, EvidenceSignature, assertEvidenceDocument } from './evidence-model';
import { safeFileName } from './evidence-names';
import { summarizeSignature } from './signer-summary';

export interface DocumentCardOptions {
  // The public verification page of this document; encoded in the QR code and printed.
  readonly verifyUrl: string;
  readonly locale: CardLocale;
  // Printed in the footer and stored as the PDF creation date (the card is reproducible).
  readonly generatedAt: Date;
}

type Labels = (typeof CARD_LABELS)[CardLocale];

// Read once per process: the fonts are ~1 MB together, and pdfkit embeds only the glyphs used.
let fontCache: { regular: Buffer; bold: Buffer; mono: Buffer } | undefined;
function fonts() {
  fontCache ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
    mono: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansMono.ttf')),
  };
  return fontCache;
}

const COLORS = {
  text: '#1a1a1a',
  muted: '#5f6368',
  rule: '#d5d8dc',
  band: '#f1f3f4',
  passed: '#1e7e34',
  failed: '#b3261e',
  indeterminate: '#a15c00',
};

const MARGIN = 42;
const FOOTER_HEIGHT = 34;
const QR_SIZE = 104;

type Row = readonly [label: string, value: string, font?: 'mono'];

// Certificate names can carry control characters (NCA's GOST TSA has a TAB at the end of its CN,
// kz-pki.md §2.5); a font has no glyph for them, so they would print as boxes.
// eslint-disable-next-line no-control-regex
const printable = (text: string) => text.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]+/g, ' ').replace(/ +(\n|$)/g, '$1');

class CardWriter {
  constructor(
    readonly pdf: PDFKit.PDFDocument,
    readonly t: Labels,
  ) {}

  get left(): number {
    return this.pdf.page.margins.left;
  }

  get width(): number {
    return this.pdf.page.width - this.pdf.page.margins.left - this.pdf.page.margins.right;
  }

  private get bottom(): number {
    return this.pdf.page.height - this.pdf.page.margins.bottom;
  }

  ensureSpace(height: number): void {
    if (this.pdf.y + height > this.bottom) {
      this.pdf.addPage();
      this.pdf.y = this.pdf.page.margins.top;
    }
  }

  // A band across the page, e.g. the head of one signature.
  band(text: string, detail?: { text: string; color: string }): void {
    this.pdf.font('bold').fontSize(10);
    const textHeight = this.pdf.heightOfString(text, { width: this.width - 12 });
    this.pdf.font('bold').fontSize(9.5);
    const detailHeight = detail ? this.pdf.heightOfString(detail.text, { width: this.width - 12 }) + 2 : 0;
    const height = textHeight + detailHeight + 8;
    this.ensureSpace(height + 40);
    const y = this.pdf.y + 4;
    this.pdf.rect(this.left, y, this.width, height).fill(COLORS.band);
    if (detail) this.pdf.rect(this.left, y, 3, height).fill(detail.color);
    this.pdf
      .font('bold')
      .fontSize(10)
      .fillColor(COLORS.text)
      .text(text, this.left + 8, y + 4, { width: this.width - 12 });
    if (detail)
      this.pdf
        .font('bold')
        .fontSize(9.5)
        .fillColor(detail.color)
        .text(detail.text, this.left + 8, this.pdf.y + 2, { width: this.width - 12 });
    this.pdf.y = y + height + 3;
  }

  private rowHeight(label: string, value: string, font: 'mono' | undefined, labelWidth: number, valueWidth: number): number {
    this.pdf.font('regular').fontSize(8.5);
    const labelHeight = this.pdf.heightOfString(label, { width: labelWidth });
    this.pdf.font(font === 'mono' ? 'mono' : 'regular').fontSize(9);
    return Math.max(labelHeight, this.pdf.heightOfString(value, { width: valueWidth })) + 5;
  }

  // Height of rows() for the same input, to keep a block on one page when it fits on one.
  measureRows(rows: readonly Row[], labelWidth = 150): number {
    const valueWidth = this.width - labelWidth - 8;
    return rows.reduce(
      (sum, [label, value, font]) => sum + this.rowHeight(label, printable(value) || '—', font, labelWidth, valueWidth),
      0,
    );
  }

  // Before a block of `height`: go on here if most of it fits (the rest flows onto the next page),
  // otherwise start a new page rather than leave a stub of it at the bottom.
  keepTogether(height: number): void {
    const remaining = this.bottom - this.pdf.y;
    if (height <= remaining || remaining >= 0.6 * height) return;
    this.ensureSpace(Math.min(height, this.pdf.page.height));
  }

  // A section title and at least `following` points of its content on the same page.
  section(title: string, following = 60): void {
    this.keepTogether(48 + following);
    this.pdf.y += 10;
    this.pdf.font('bold').fontSize(12).fillColor(COLORS.text).text(title, this.left, this.pdf.y, { width: this.width });
    const y = this.pdf.y + 2;
    this.pdf
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .lineWidth(0.8)
      .strokeColor(COLORS.text)
      .stroke();
    this.pdf.y = y + 5;
  }

  bandHeight(text: string, detail?: string): number {
    this.pdf.font('bold').fontSize(10);
    const textHeight = this.pdf.heightOfString(text, { width: this.width - 12 });
    this.pdf.font('bold').fontSize(9.5);
    return textHeight + (detail ? this.pdf.heightOfString(detail, { width: this.width - 12 }) + 2 : 0) + 15;
  }

  rows(rows: readonly Row[], labelWidth = 150): void {
    const gap = 8;
    const valueWidth = this.width - labelWidth - gap;
    for (const [label, rawValue, font] of rows) {
      const value = printable(rawValue);
      const height = this.rowHeight(label, value || '—', font, labelWidth, valueWidth);
      this.ensureSpace(height);
      const y = this.pdf.y;
      this.pdf
        .font('regular')
        .fontSize(8.5)
        .fillColor(COLORS.muted)
        .text(label, this.left, y + 2, { width: labelWidth });
      this.pdf
        .font(font === 'mono' ? 'mono' : 'regular')
        .fontSize(9)
        .fillColor(COLORS.text)
        .text(value || '—', this.left + labelWidth + gap, y + 2, { width: valueWidth });
      this.pdf
        .moveTo(this.left, y + height)
        .lineTo(this.left + this.width, y + height)
        .lineWidth(0.4)
        .strokeColor(COLORS.rule)
        .stroke();
      this.pdf.y = y + height;
    }
  }

  table(headers: readonly string[], widths: readonly number[], rows: readonly (readonly string[])[]): void {
    const total = widths.reduce((a, b) => a + b, 0);
    const columns = widths.map((w) => (w / total) * this.width);
    const draw = (rawCells: readonly string[], header: boolean) => {
      const cells = rawCells.map(printable);
      this.pdf.font(header ? 'bold' : 'regular').fontSize(8.5);
      const height = Math.max(...cells.map((cell, i) => this.pdf.heightOfString(cell || '—', { width: columns[i] - 6 }))) + 6;
      this.ensureSpace(height);
      const y = this.pdf.y;
      if (header) this.pdf.rect(this.left, y, this.width, height).fill(COLORS.band);
      let x = this.left;
      cells.forEach((cell, i) => {
        this.pdf
          .font(header ? 'bold' : 'regular')
          .fontSize(8.5)
          .fillColor(header ? COLORS.muted : COLORS.text)
          .text(cell || '—', x + 3, y + 3, { width: columns[i] - 6 });
        x += columns[i];
      });
      this.pdf
        .moveTo(this.left, y + height)
        .lineTo(this.left + this.width, y + height)
        .lineWidth(0.4)
        .strokeColor(COLORS.rule)
        .stroke();
      this.pdf.y = y + height;
    };
    draw(headers, true);
    for (const row of rows) draw(row, false);
  }

  paragraph(text: string): void {
    this.pdf.font('regular').fontSize(9);
    this.ensureSpace(this.pdf.heightOfString(text, { width: this.width }) + 4);
    this.pdf.fillColor(COLORS.muted).text(text, this.left, this.pdf.y + 2, { width: this.width });
  }
}

const kindWord = (kind: string, t: Labels) => t.documentKind[kind] ?? kind;

function resultWords(signature: EvidenceSignature, t: Labels): { text: string; color: string } {
  const summary = summarizeSignature(signature.report);
  const head = t.indication[summary.indication];
  const sub = summary.subIndication;
  const why = sub ? `: ${t.subIndication[sub]} (${sub})` : '';
  const error = summary.error && !sub ? `: ${summary.error}` : '';
  const mark = summary.indication === 'TOTAL_PASSED' ? '✓' : summary.indication === 'TOTAL_FAILED' ? '✗' : '?';
  const color =
    summary.indication === 'TOTAL_PASSED'
      ? COLORS.passed
      : summary.indication === 'TOTAL_FAILED'
        ? COLORS.failed
        : COLORS.indeterminate;
  return { text: `${mark} ${head}${why}${error}`, color };
}

function signatureRows(signature: EvidenceSignature, t: Labels, locale: CardLocale): Row[] {
  const summary = summarizeSignature(signature.report);
  const identity = summary.signer;
  const timestamp = summary.timestamp;
  const timestampText = timestamp?.genTime
    ? `${formatTime(timestamp.genTime, locale)}${timestamp.valid ? '' : ' ✗'}`
    : timestamp
      ? '✗'
      : t.noTimestamp;
  const roles = identity?.roles.map((role) => t.kzRole[role] ?? role).join(', ');
  const result = resultWords(signature, t);
  const rows: Row[] = [
    [t.signer, summary.name ?? identity?.subject ?? '—'],
    identity?.iin ? [t.iin, identity.iin, 'mono'] : [t.iin, '—'],
    identity?.bin ? [t.bin, identity.bin, 'mono'] : [t.bin, '—'],
    [t.organization, identity?.organization ?? '—'],
    [t.roles, roles || '—'],
    [t.keyUsage, identity ? t.keyUsageClass[identity.keyUsage] : '—'],
    [
      t.certificate,
      identity
        ? `${identity.serialNumber}\n${identity.issuer}\n${formatTime(identity.notBefore, locale)} — ${formatTime(identity.notAfter, locale)}`
        : '—',
    ],
    [t.signingTime, formatTime(summary.signingTime, locale)],
    [t.timestamp, timestampText],
    ...(timestamp?.tsa ? [[t.tsa, timestamp.tsa] as Row] : []),
    [t.acceptedAt, formatTime(signature.acceptedAt, locale)],
    [t.signedContent, signature.signedContent === 'document' ? t.signedDocument : t.signedStatement],
    ...(signature.signedContent === 'statement' ? [[t.statementText, signature.statementText ?? ''] as Row] : []),
    [t.result, `${result.text}\n${t.checkedAt} ${formatTime(signature.report.validationTime, locale)}`],
    ...(summary.adesLevel ? [[t.level, `CAdES ${summary.adesLevel}`] as Row] : []),
  ];
  return rows;
}

function eventRows(doc: EvidenceDocument, t: Labels, locale: CardLocale): string[][] {
  return doc.events.map((event) => {
    const given = event.reason ?? (typeof event.data?.reason === 'string' ? event.data.reason : undefined);
    const reason = given ? `\n${given}` : '';
    return [formatTime(event.at, locale), `${t.eventType[event.type] ?? event.type}${reason}`, actorText(event, t)];
  });
}

// Who acted, in the card's words: an organization's name with the person or "via API", a link
// holder as "recipient by link, IIN …" (its name when it signed), the service by name. A label
// the builder did not classify is printed as given, except the internal link:IIN form.
export function actorText(event: EvidenceDocument['events'][number], t: Labels): string {
  const linkLabel = event.actorName?.startsWith('link:') ? event.actorName.slice('link:'.length) : undefined;
  if (event.actorType === 'link' || linkLabel !== undefined) {
    const identifier = event.actorIdentifier ?? linkLabel ?? '—';
    return t.linkRecipient(identifier, linkLabel !== undefined ? undefined : event.actorName);
  }
  if (event.actorType === 'service') return t.service;
  const person = event.actorType === 'apiKey' ? t.apiKey : event.actorName;
  return [event.organizationName, person].filter(Boolean).join('\n') || event.actorType || '—';
}

// A recipient's status axes in words ("Статус: подписан обеими сторонами · получение: открыт");
// a withdrawn-nothing annulment axis ("none") says nothing and is left out.
export function recipientStatusText(statuses: Readonly<Record<string, string>>, t: Labels): string {
  const parts = Object.entries(statuses)
    .filter(([axis, value]) => !(axis === 'annulment' && value === 'none'))
    .map(([axis, value]) => {
      const word = t.recipientStatus[axis]?.[value] ?? value;
      return axis === 'status' ? word : `${t.recipientAxis[axis] ?? axis}: ${word}`;
    });
  return parts.join(' · ');
}

// A replaced recipient says so with the day instead of the status it had then (stale, and it no
// longer takes part).
function recipientText(recipient: EvidenceDocument['recipients'][number], t: Labels, locale: CardLocale): string {
  const statuses = recipient.statuses ? recipientStatusText(recipient.statuses, t) : '';
  return [
    recipient.name,
    recipient.identifier,
    recipient.email ? `${t.email}: ${recipient.email}` : undefined,
    recipient.withdrawnAt
      ? t.replaced(formatDay(recipient.withdrawnAt, locale))
      : statuses
        ? `${t.status}: ${statuses}`
        : undefined,
  ]
    .filter((line): line is string => Boolean(line))
    .join('\n');
}

function header(w: CardWriter, doc: EvidenceDocument, qr: Buffer, options: DocumentCardOptions): void {
  const { pdf, t } = w;
  const top = pdf.page.margins.top;
  const textWidth = w.width - QR_SIZE - 16;
  pdf.font('regular').fontSize(9).fillColor(COLORS.muted).text(t.cardTitle.toUpperCase(), w.left, top, { width: textWidth });
  pdf
    .font('bold')
    .fontSize(16)
    .fillColor(COLORS.text)
    .text(doc.title, w.left, pdf.y + 4, { width: textWidth });
  const kindLine = [
    kindWord(doc.kind, t),
    doc.number ? `№ ${doc.number}` : undefined,
    doc.date ? formatDate(doc.date, options.locale) : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
  pdf
    .font('regular')
    .fontSize(10)
    .fillColor(COLORS.muted)
    .text(kindLine, w.left, pdf.y + 3, { width: textWidth });
  const textBottom = pdf.y;

  const qrX = w.left + w.width - QR_SIZE;
  pdf.image(qr, qrX, top, { width: QR_SIZE, height: QR_SIZE });
  pdf.link(qrX, top, QR_SIZE, QR_SIZE, options.verifyUrl);
  pdf
    .font('regular')
    .fontSize(7.5)
    .fillColor(COLORS.muted)
    .text(t.scanToVerify, qrX - 10, top + QR_SIZE + 2, { width: QR_SIZE + 20, align: 'center' });
  pdf.y = Math.max(textBottom, pdf.y) + 6;
}

function footers(pdf: PDFKit.PDFDocument, t: Labels, options: DocumentCardOptions): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Writing below the bottom margin would make pdfkit open a new page.
    const bottomMargin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const width = pdf.page.width - 2 * MARGIN;
    const y = pdf.page.height - bottomMargin + 10;
    pdf
      .moveTo(MARGIN, y - 4)
      .lineTo(MARGIN + width, y - 4)
      .lineWidth(0.4)
      .strokeColor(COLORS.rule)
      .stroke();
    pdf
      .font('regular')
      .fontSize(7.5)
      .fillColor(COLORS.muted)
      .text(`${t.generatedAt}: ${formatTime(options.generatedAt, options.locale)} · ${t.timeZoneNote}`, MARGIN, y, { width: width - 90 });
    pdf.text(t.page(i - range.start + 1, range.count), MARGIN + width - 90, y, { width: 90, align: 'right' });
    pdf.text(options.verifyUrl, MARGIN, y + 10, { width, link: options.verifyUrl, lineBreak: false, ellipsis: true });
    pdf.page.margins.bottom = bottomMargin;
  }
}

// Renders the card and resolves with the PDF bytes (a card is a few tens of kilobytes).
export async function renderDocumentCard(doc: EvidenceDocument, options: DocumentCardOptions): Promise<Buffer> {
  assertEvidenceDocument(doc);
  if (!CARD_LOCALES.includes(options.locale)) throw new EvidenceInputError(`unknown card locale ${String(options.locale)}`);
  if (!options.verifyUrl) throw new EvidenceInputError('verifyUrl is required for the QR code');
  if (Number.isNaN(options.generatedAt.getTime())) throw new EvidenceInputError('generatedAt is not a valid time');
  const t = CARD_LABELS[options.locale];
  const qr = await QRCode.toBuffer(options.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 360 });
  const { regular, bold, mono } = fonts();

  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: MARGIN + FOOTER_HEIGHT },
    bufferPages: true,
    // Never load the built-in Helvetica: it has no Cyrillic, and nothing should fall back to it.
    font: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
    lang: options.locale === 'kk' ? 'kk-KZ' : options.locale === 'ru' ? 'ru-KZ' : 'en',
    displayTitle: true,
    info: {
      Title: `${t.cardTitle}: ${doc.title}`,
      Subject: `${doc.id} SHA-256 ${doc.sha256}`,
      Creator: 'EDO evidence',
      CreationDate: options.generatedAt,
    },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  pdf.registerFont('regular', regular);
  pdf.registerFont('bold', bold);
  pdf.registerFont('mono', mono);

  const w = new CardWriter(pdf, t);
  header(w, doc, qr, options);

  w.section(t.documentSection);
  w.rows([
    [t.kind, kindWord(doc.kind, t)],
    ...(doc.number ? [[t.number, doc.number] as Row] : []),
    ...(doc.date ? [[t.date, formatDate(doc.date, options.locale)] as Row] : []),
    ...(doc.amount ? [[t.amount, formatMoney(doc.amount.minor, doc.amount.currency, options.locale)] as Row] : []),
    // The name the file has in the evidence ZIP, so the card and the package agree.
    [t.fileName, `${safeFileName(doc.fileName ?? doc.title, 'document', doc.contentType)} (${doc.contentType})`],
    // Exact bytes for the record, and the size as people read it ("2,0 МБ").
    [t.size, `${formatInteger(doc.size, options.locale)} ${t.bytes}${doc.size >= 1024 ? ` (${formatBytes(doc.size, options.locale)})` : ''}`],
    [t.sha256, doc.sha256, 'mono'],
    [t.documentId, doc.id, 'mono'],
    ...(doc.createdAt ? [[t.createdAt, formatTime(doc.createdAt, options.locale)] as Row] : []),
    [t.sender, `${doc.sender.name}\n${doc.sender.identifier}`],
    ...doc.recipients.map((r, i): Row => [
      doc.recipients.length > 1 ? `${t.partyRole.recipient} ${i + 1}` : t.partyRole.recipient,
      recipientText(r, t, options.locale),
    ]),
  ]);

  w.section(t.signaturesSection, 150);
  if (doc.signatures.length === 0) w.paragraph(t.noSignatures);
  doc.signatures.forEach((signature, index) => {
    const title = `${t.signature} ${index + 1} · ${t.partyRole[signature.role]} · ${t.action[signature.action]}`;
    const result = resultWords(signature, t);
    const rows = signatureRows(signature, t, options.locale);
    w.keepTogether(w.bandHeight(title, result.text) + w.measureRows(rows));
    w.band(title, result);
    w.rows(rows);
  });

  w.section(t.eventsSection);
  if (doc.events.length === 0) w.paragraph(t.noEvents);
  else w.table([t.eventTime, t.event, t.actor], [28, 44, 28], eventRows(doc, t, options.locale));

  footers(pdf, t, options);
  pdf.end();
  await ended;
  return Buffer.concat(chunks);
}
