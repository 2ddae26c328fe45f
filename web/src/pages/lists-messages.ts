import type { Locale } from '../i18n';

// Texts of the document lists, the upload form and a draft's actions that the shared dictionary
// (i18n/) does not have.
const ru = {
  search: 'Название, номер, метка, контрагент или его БИН/ИИН',
  counterparty: 'Контрагент: БИН/ИИН или его часть',
  dateFrom: 'Дата с',
  dateTo: 'Дата по',
  dateHelp: 'Дата документа, а если её нет — день загрузки',
  resetFilters: 'Сбросить фильтры',
  retry: 'Повторить',
  invalidFilters: 'Фильтры заданы неверно: {fields}. Исправьте их или нажмите «Сбросить фильтры».',
  loadFailed: 'Список не загрузился. Проверьте подключение к интернету и нажмите «Повторить».',
  fieldQ: 'поиск (не длиннее 200 символов)',
  fieldCounterparty: 'контрагент (только цифры БИН/ИИН, не больше 12)',
  fieldDates: 'даты',
  fieldOther: 'фильтр',
  signFirst: 'Сначала подпишите документ — в пакет попадают только подписанные',
  // upload
  kindPlaceholder: 'Выберите вид документа',
  kindRequired: 'Укажите вид документа: от него зависит, кто вправе его подписывать.',
  kindGuessed: 'Вид определён по имени файла — проверьте его.',
  unknownType:
    'Это не PDF, DOCX, XLSX, XML и не изображение — обычно в ЭДО загружают такие файлы. Проверьте, тот ли это файл: получатель сможет его только скачать.',
  // draft actions
  editDraft: 'Изменить реквизиты',
  deleteDraft: 'Удалить черновик',
  editTitle: 'Реквизиты черновика',
  deleteConfirm: 'Удалить черновик «{title}»? Файл будет удалён, восстановить его нельзя.',
  deleted: 'Черновик удалён.',
  draftHint: 'Пока документ никто не подписал, его реквизиты можно изменить, а черновик — удалить.',
  recipientId: 'БИН/ИИН {identifier}',
};

export type ListsMessageKey = keyof typeof ru;

const kk: Record<ListsMessageKey, string> = {
  search: 'Атауы, нөмірі, белгі, контрагент немесе оның БСН/ЖСН',
  counterparty: 'Контрагент: БСН/ЖСН немесе оның бөлігі',
  dateFrom: 'Күні, бастап',
  dateTo: 'Күні, дейін',
  dateHelp: 'Құжаттың күні, ол болмаса — жүктелген күні',
  resetFilters: 'Сүзгілерді тазарту',
  retry: 'Қайталау',
  invalidFilters: 'Сүзгілер қате көрсетілген: {fields}. Оларды түзетіңіз немесе «Сүзгілерді тазарту» батырмасын басыңыз.',
  loadFailed: 'Тізім жүктелмеді. Интернет байланысын тексеріп, «Қайталау» батырмасын басыңыз.',
  fieldQ: 'іздеу (200 таңбадан аспауы керек)',
  fieldCounterparty: 'контрагент (тек БСН/ЖСН цифрлары, 12-ден көп емес)',
  fieldDates: 'күндер',
  fieldOther: 'сүзгі',
  signFirst: 'Алдымен құжатқа қол қойыңыз — пакетке тек қол қойылғандар енеді',
  kindPlaceholder: 'Құжат түрін таңдаңыз',
  kindRequired: 'Құжат түрін көрсетіңіз: оған кімнің қол қоюға құқығы бар екені байланысты.',
  kindGuessed: 'Түрі файл атауы бойынша анықталды — тексеріңіз.',
  unknownType:
    'Бұл PDF, DOCX, XLSX, XML немесе сурет емес — ЭҚА-ға әдетте осындай файлдар жүктеледі. Файлдың дұрыс екенін тексеріңіз: алушы оны тек жүктеп ала алады.',
  editDraft: 'Деректемелерді өзгерту',
  deleteDraft: 'Жобаны жою',
  editTitle: 'Жобаның деректемелері',
  deleteConfirm: '«{title}» жобасын жою керек пе? Файл жойылады, оны қалпына келтіру мүмкін емес.',
  deleted: 'Жоба жойылды.',
  draftHint: 'Құжатқа әлі ешкім қол қоймағанша, оның деректемелерін өзгертуге, ал жобаны жоюға болады.',
  recipientId: 'БСН/ЖСН {identifier}',
};

const en: Record<ListsMessageKey, string> = {
  search: 'Title, number, tag, counterparty or its BIN/IIN',
  counterparty: 'Counterparty: BIN/IIN or part of it',
  dateFrom: 'Date from',
  dateTo: 'Date to',
  dateHelp: "The document's date, or the upload day when it has none",
  resetFilters: 'Reset filters',
  retry: 'Retry',
  invalidFilters: 'Some filters are not valid: {fields}. Correct them or press "Reset filters".',
  loadFailed: 'The list did not load. Check your internet connection and press "Retry".',
  fieldQ: 'search (at most 200 characters)',
  fieldCounterparty: 'counterparty (BIN/IIN digits only, at most 12)',
  fieldDates: 'dates',
  fieldOther: 'filter',
  signFirst: 'Sign the document first: only signed documents go into a package',
  kindPlaceholder: 'Choose the kind of document',
  kindRequired: 'Choose the kind of document: it decides who may sign it.',
  kindGuessed: 'The kind was guessed from the file name — check it.',
  unknownType:
    'This is not a PDF, DOCX, XLSX, XML or image file, which is what is usually exchanged. Check that it is the right file: the recipient can only download it.',
  editDraft: 'Edit details',
  deleteDraft: 'Delete draft',
  editTitle: 'Draft details',
  deleteConfirm: 'Delete the draft "{title}"? Its file is removed and cannot be restored.',
  deleted: 'The draft was deleted.',
  draftHint: 'Until anyone signs it, you can edit the details of this document or delete the draft.',
  recipientId: 'BIN/IIN {identifier}',
};

const MESSAGES: Record<Locale, Record<ListsMessageKey, string>> = { kk, ru, en };

export function listsMessage(locale: Locale, key: ListsMessageKey, params?: Record<string, string | number>): string {
  return (MESSAGES[locale]?.[key] ?? ru[key]).replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}
