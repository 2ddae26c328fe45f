import type { components } from '../api/schema';

// From the contract's types only: this module is also compiled with the server's (its spec).
type DocumentKind = components['schemas']['DocumentResponse']['kind'];

// The kind a file name suggests (Kazakh, Russian or English words), or null: then the user
// chooses. Never a default — a contract by default typed every unknown file "Договор", and the
// kind decides who may sign.
const KIND_WORDS: [DocumentKind, RegExp][] = [
  ['invoice', /сч[её]т|шот|invoice|esf|эсф/i],
  ['waybill', /накладн|жүкқұжат|waybill|ттн/i],
  // "akt_sverki.pdf": file names are often transliterated.
  ['act', /(^|[^а-яёәғқңөұүһі])акт|\b(act|akt)(\b|_)|acceptance/i],
  ['contract', /договор|соглашени|шарт|келісім|контракт|contract|agreement/i],
];
export function kindFromFileName(name: string): DocumentKind | null {
  return KIND_WORDS.find(([, words]) => words.test(name))?.[0] ?? null;
}
