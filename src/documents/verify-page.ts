import { CARD_LABELS, CARD_LOCALES } from './evidence/card-labels';
import type { PublicDocumentSummary } from './document-evidence.service';

// The public verification page (/verify/d/{id}) as minimal HTML, where the web cabinet is not built.

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

export function verifyPageHtml(summary: PublicDocumentSummary): string {
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

export function notFoundHtml(): string {
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><title>Не найдено / Табылмады / Not found</title>
<style>${PAGE_STYLE}</style></head>
<body><h1>Документ не найден / Құжат табылмады / Document not found</h1>
<p>Проверьте адрес (QR-код карточки документа). / Мекенжайды тексеріңіз (құжат карточкасының QR-коды). /
Check the address (the QR code of the document card).</p></body></html>
`;
}
