import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../signing/api/trust-stores';
import { createCadesBes } from '../../signing/test-pki/cades';
import { verifyCms } from '../../signing/verification/cms-verifier';
import type { CardLocale } from './card-labels';
import { renderDocumentCard } from './document-card';
import type { EvidenceDocument } from './evidence-model';
import { EvidenceInputError } from './evidence-model';
import { KAZAKH_CAPITALS, PdfText, extractPdfText, signedFixture } from './evidence-spec-support';

const GENERATED_AT = new Date('2026-11-20T08:00:00Z');
const VERIFY_URL = 'https://edo.example.kz/verify/5d0c7a4e-8d0f-4a51-9a3c-2f1de1a0c007';
// Sample cards for a person to look at; test-output/ is ignored by git.
const SAMPLE_DIR = path.join(REPO_ROOT, 'test-output/cards');

let doc: EvidenceDocument;
const cards = new Map<CardLocale, { pdf: Buffer; text: PdfText; joined: string }>();

beforeAll(async () => {
  const fixture = await signedFixture();
  // A fourth signature over other bytes than the document: its stored report is a failure, which
  // the card must say in words.
  const forged = await createCadesBes(fixture.pki.get('rsa/individual-sign'), Buffer.from('other bytes'), {
    detached: true,
    signingTime: new Date('2026-03-15T11:59:00Z'),
  });
  const failedReport = await verifyCms({
    cms: forged,
    data: fixture.content,
    validationTime: new Date('2026-03-15T12:00:00Z'),
    policy: { revocation: 'off', revocationOnline: false },
  });
  doc = {
    ...fixture.doc,
    // A recipient the sender replaced (a mistyped BIN) at 01:30 Almaty time on 16 March: its
    // status then is stale and must not be printed as if it still took part.
    recipients: [
      ...fixture.doc.recipients,
      {
        name: 'ТОО «Не тот»',
        identifier: '990340001111',
        statuses: { status: 'sent', receipt: 'delivered', response: 'awaiting', annulment: 'none' },
        withdrawnAt: '2026-03-15T20:30:00Z',
      },
    ],
    signatures: [
      ...fixture.doc.signatures,
      {
        id: 'sig-4',
        role: 'recipient',
        action: 'sign',
        signedContent: 'document',
        cms: forged,
        report: failedReport,
        acceptedAt: '2026-03-15T12:00:00Z',
      },
    ],
    // An event stored before actors were classified: only the internal label link:IIN.
    events: [
      ...fixture.doc.events,
      { seq: '6', type: 'document.opened', at: '2026-03-15T12:05:00Z', actorName: 'link:850315300128' },
      { seq: '7', type: 'document.signed_by_sender', at: '2026-03-15T12:06:00Z', actorType: 'service' },
    ],
  };
  mkdirSync(SAMPLE_DIR, { recursive: true });
  for (const locale of ['ru', 'kk', 'en'] as const) {
    const pdf = await renderDocumentCard(doc, { verifyUrl: VERIFY_URL, locale, generatedAt: GENERATED_AT });
    writeFileSync(path.join(SAMPLE_DIR, `card-${locale}.pdf`), pdf);
    const text = extractPdfText(pdf);
    cards.set(locale, { pdf, text, joined: text.lines.join('\n') });
  }
}, 120_000);

const card = (locale: CardLocale) => {
  const found = cards.get(locale);
  if (!found) throw new Error(`no ${locale} card`);
  return found;
};

describe('renderDocumentCard: the PDF', () => {
  it('is a complete A4 PDF with DejaVu embedded as subset fonts and no built-in font', () => {
    const { pdf, text } = card('ru');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toMatch(/%%EOF\s*$/);
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(raw).toContain('/FontFile2');
    expect(text.fontNames.every((name) => /^[A-Z]{6}\+DejaVuSans(-Bold|Mono)?$/.test(name))).toBe(true);
    expect(text.fontNames.some((name) => name.endsWith('+DejaVuSans'))).toBe(true);
    expect(raw).not.toMatch(/Helvetica|Times-Roman|Courier/);
    const count = /\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(raw);
    expect(Number(count?.[1])).toBe(text.pageCount);
    expect(text.pageCount).toBeGreaterThanOrEqual(2);
  });

  it('maps glyphs back to every Kazakh capital letter (ToUnicode), so the text renders and can be searched', () => {
    const { mappedCodePoints } = card('kk').text;
    for (const letter of KAZAKH_CAPITALS)
      expect([letter, mappedCodePoints.has(letter.codePointAt(0) ?? 0)]).toEqual([letter, true]);
    expect(card('kk').joined).toContain(`Жеткізу шарты № 7 — ${KAZAKH_CAPITALS}`);
  });

  it('embeds the QR code image and links it to the verification page', () => {
    const raw = card('en').pdf.toString('latin1');
    expect(raw).toMatch(/\/Subtype \/Image/);
    expect(raw).toContain(`/URI (${VERIFY_URL})`);
    expect(card('en').joined).toContain(VERIFY_URL);
  });

  it('is reproducible for the same input and generation time', async () => {
    const again = await renderDocumentCard(doc, { verifyUrl: VERIFY_URL, locale: 'ru', generatedAt: GENERATED_AT });
    expect(extractPdfText(again).lines).toEqual(card('ru').text.lines);
  });
});

describe('renderDocumentCard: what it says', () => {
  it('Kazakh: document data, amount in tenge, signers with IIN/BIN, organization, roles and results in words', () => {
    const text = card('kk').joined;
    for (const expected of [
      'Электрондық құжат карточкасы'.toUpperCase(),
      'Сомасы',
      'Шарт · № 7-Ә · 14.03.2026',
      '1\u00a0234\u00a0567,89\u00a0₸',
      'Файлдың SHA-256 мәні',
      doc.sha256,
      'ЖСН',
      'БСН',
      'НҰРЛАНОВ',
      'ТОО "ЭДО ТЕСТ"',
      'Бірінші басшы',
      'Қол қою құқығы бар тұлға',
      'Ұйым қызметкері',
      'Қол қою (бас тартпау)',
      '✓ Қолтаңба жарамды',
      '✗ Қолтаңба жарамсыз: қол қойылған деректер өзгертілген (HASH_FAILURE)',
      'Қолтаңба 3 · Алушы · Қол қоюдан бас тарту',
      'Уақыт белгісі',
      '15.03.2026 14:30:01 (UTC+5)',
      'Құжат тарихы',
      'Жіберуші қол қойды',
      'Сома шартқа сәйкес келмейді',
      'Онлайн тексеру',
    ])
      expect([expected, text.includes(expected)]).toEqual([expected, true]);
  });

  it('Russian and English use their own words for the same facts', () => {
    const ru = card('ru').joined;
    for (const expected of [
      'Карточка электронного документа'.toUpperCase(),
      'ИИН',
      'БИН',
      'Первый руководитель',
      '✓ Подпись действительна',
    ])
      expect([expected, ru.includes(expected)]).toEqual([expected, true]);
    expect(ru).toContain('✗ Подпись недействительна: подписанные данные были изменены (HASH_FAILURE)');
    const en = card('en').joined;
    for (const expected of ['IIN', 'BIN', 'Chief executive', '✓ Signature is valid', '1,234,567.89\u00a0₸', 'Page 1 of'])
      expect([expected, en.includes(expected)]).toEqual([expected, true]);
    // Dates in each language's form (src/contracts/locale-format.ts): English spells the month.
    expect(en).toContain('14 Mar 2026');
    expect(en).toContain('15 Mar 2026 14:30:00 (UTC+5)');
    expect(en).not.toMatch(/\b\d{2}\.\d{2}\.\d{4}\b/);
  });

  it('shows each signer IIN and the signing time in Almaty time', () => {
    const text = card('ru').joined;
    const iin = doc.signatures[0].report.signers[0].signer?.iin;
    expect(iin).toMatch(/^\d{12}$/);
    expect(text).toContain(iin);
    expect(text).toContain('15.03.2026 14:30:00 (UTC+5)');
  });
});

describe('renderDocumentCard: no service codes for people (issue 20.5)', () => {
  // A line break inside "ИИН/БИН" leaves a space after the slash in the extracted text.
  const flat = (locale: CardLocale) => card(locale).joined.replace(/\s+/g, ' ').replace(/\/ /g, '/');

  // English words may coincide with codes ("receipt: opened" is English); the snake_case codes,
  // "none" and the internal link:IIN label may not.
  it.each([
    ['ru', ['receipt:', 'response:', 'annulment:', 'opened', 'signed ·', 'refused']],
    ['kk', ['receipt:', 'response:', 'annulment:', 'opened', 'signed ·', 'refused']],
    ['en', []],
  ] as const)('%s: recipient statuses and actors in words, never raw codes or link:IIN', (locale, localCodes) => {
    const text = flat(locale);
    for (const code of ['signed_by_both', 'receipt_signed', ': none', 'link:', 'status:', ...localCodes])
      expect([code, text.includes(code)]).toEqual([code, false]);
  });

  it('Russian: statuses, the link holder by IIN (or its name) and the organization by name', () => {
    const text = flat('ru');
    expect(text).toContain('Статус: подписан обеими сторонами · получение: открыт · ответ: подписан');
    expect(text).not.toContain('аннулирование: нет');
    expect(text).toContain('Омаров Д. (получатель по ссылке, ИИН/БИН 850315300128)');
    expect(text).toContain('Получатель по ссылке, ИИН/БИН 850315300128');
    expect(text).toContain('ТОО "ЭДО ТЕСТ" Нұрланов Е.');
    expect(text).toContain('Сервис ЭДО');
  });

  it('Kazakh: the same in Kazakh', () => {
    const text = flat('kk');
    expect(text).toContain('Мәртебесі: екі тарап қол қойды · алу: ашылды · жауап: қол қойылды');
    expect(text).toContain('Сілтеме арқылы алушы, ЖСН/БСН 850315300128');
    expect(text).toContain('ЭҚА сервисі');
  });
});

describe('renderDocumentCard: a replaced recipient', () => {
  const flat = (locale: CardLocale) => card(locale).joined.replace(/\s+/g, ' ');

  it.each([
    ['ru', 'Заменён 16.03.2026', 'Статус:'],
    ['kk', 'Ауыстырылды 16.03.2026', 'Мәртебесі:'],
    ['en', 'Replaced 16 Mar 2026', 'Status:'],
  ] as const)('%s: says it was replaced on the Almaty day, without its stale status', (locale, replaced, status) => {
    const text = flat(locale);
    const block = text.slice(text.indexOf('990340001111'));
    expect(block.replace(/\s+/g, ' ')).toContain(`990340001111 ${replaced}`);
    // Only the two recipients still taking part have a status line.
    expect(text.split(status).length - 1).toBe(2);
  });
});

describe('renderDocumentCard: refusals', () => {
  it('rejects an unknown locale, a missing verify URL and inconsistent input', async () => {
    await expect(
      renderDocumentCard(doc, { verifyUrl: VERIFY_URL, locale: 'de' as CardLocale, generatedAt: GENERATED_AT }),
    ).rejects.toThrow(EvidenceInputError);
    await expect(renderDocumentCard(doc, { verifyUrl: '', locale: 'ru', generatedAt: GENERATED_AT })).rejects.toThrow(
      /verifyUrl/,
    );
    await expect(
      renderDocumentCard(
        { ...doc, amount: { minor: '12.5', currency: 'KZT' } },
        { verifyUrl: VERIFY_URL, locale: 'ru', generatedAt: GENERATED_AT },
      ),
    ).rejects.toThrow(/amount/);
  });

  it('a document without signatures or events still gives a card that says so', async () => {
    const pdf = await renderDocumentCard(
      { ...doc, signatures: [], events: [] },
      { verifyUrl: VERIFY_URL, locale: 'kk', generatedAt: GENERATED_AT },
    );
    const text = extractPdfText(pdf).lines.join('\n');
    expect(text).toContain('Құжатқа әлі қол қойылмаған.');
    expect(text).toContain('Оқиғалар жоқ.');
  });
});
