import { kindFromFileName } from './kind-guess';

describe('kindFromFileName', () => {
  it.each([
    ['Договор поставки № 7.pdf', 'contract'],
    ['Дополнительное соглашение.docx', 'contract'],
    ['Жеткізу шарты.pdf', 'contract'],
    ['Акт выполненных работ.pdf', 'act'],
    ['акт сверки.xlsx', 'act'],
    ['akt.pdf', 'act'],
    ['akt_sverki_2026.pdf', 'act'],
    ['Счёт на оплату.pdf', 'invoice'],
    ['Шот-фактура.pdf', 'invoice'],
    ['Товарная накладная.pdf', 'waybill'],
    ['Жүкқұжат.pdf', 'waybill'],
  ])('%s → %s', (name, kind) => {
    expect(kindFromFileName(name)).toBe(kind);
  });

  // Nothing in the name: the user chooses (never a silent contract).
  it.each(['notes.txt', 'setup.exe', 'scan_0001.jpg', 'Контрагенты.xlsx', 'contact list.pdf', 'Aktobe.pdf'])('%s → no kind', (name) => {
    expect(kindFromFileName(name)).toBeNull();
  });
});
