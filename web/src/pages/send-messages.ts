import type { Locale } from '../i18n';

// Texts of sending and re-addressing a document (send-form.tsx, the sender's recipient controls)
// that the shared dictionary (i18n/) does not have.
const ru = {
  checksum: 'Неверный ИИН/БИН: последняя (контрольная) цифра не сходится с первыми 11. Проверьте номер.',
  incomplete: 'ИИН/БИН состоит из 12 цифр.',
  registeredAs: 'Зарегистрирован в сервисе: {name}',
  notRegistered: 'Не зарегистрирован в сервисе: документ уйдёт по ссылке на e-mail.',
  emailNeeded: 'Укажите e-mail: получатель не зарегистрирован, ссылка на документ придёт на эту почту.',
  checking: 'Проверяем ИИН/БИН…',
  confirmTitle: 'Получатель не зарегистрирован',
  confirmOne: 'ИИН/БИН {identifier} не зарегистрирован в сервисе; документ уйдёт по ссылке на e-mail {email}.',
  confirmQuestion: 'Отправить?',
  confirmSend: 'Отправить',
  replace: 'Заменить получателя',
  replaceTitle: 'Заменить получателя {identifier}',
  replaceHelp:
    'Документ уйдёт новому получателю с вашей подписью — подписывать заново не нужно. Ссылка прежнего получателя будет отозвана, а документ исчезнет из его входящих.',
  replaceSubmit: 'Заменить и отправить',
  sendMore: 'Отправить ещё одному получателю',
  withdrawn: 'Заменён другим получателем {date}',
};

export type SendMessageKey = keyof typeof ru;

const kk: Record<SendMessageKey, string> = {
  checksum: 'ЖСН/БСН қате: соңғы (бақылау) цифры алғашқы 11 цифрға сәйкес келмейді. Нөмірді тексеріңіз.',
  incomplete: 'ЖСН/БСН 12 цифрдан тұрады.',
  registeredAs: 'Сервисте тіркелген: {name}',
  notRegistered: 'Сервисте тіркелмеген: құжат e-mail-ге сілтеме арқылы жіберіледі.',
  emailNeeded: 'E-mail көрсетіңіз: алушы тіркелмеген, құжатқа сілтеме осы поштаға келеді.',
  checking: 'ЖСН/БСН тексерілуде…',
  confirmTitle: 'Алушы тіркелмеген',
  confirmOne: '{identifier} ЖСН/БСН сервисте тіркелмеген; құжат {email} e-mail-ге сілтеме арқылы жіберіледі.',
  confirmQuestion: 'Жіберу керек пе?',
  confirmSend: 'Жіберу',
  replace: 'Алушыны ауыстыру',
  replaceTitle: '{identifier} алушысын ауыстыру',
  replaceHelp:
    'Құжат жаңа алушыға сіздің қолыңызбен жіберіледі — қайта қол қоюдың қажеті жоқ. Бұрынғы алушының сілтемесі кері қайтарылады, ал құжат оның кіріс құжаттарынан жойылады.',
  replaceSubmit: 'Ауыстыру және жіберу',
  sendMore: 'Тағы бір алушыға жіберу',
  withdrawn: '{date} басқа алушымен ауыстырылды',
};

const en: Record<SendMessageKey, string> = {
  checksum: 'Invalid IIN/BIN: the last (check) digit does not match the first 11 digits. Check the number.',
  incomplete: 'An IIN/BIN has 12 digits.',
  registeredAs: 'Registered in the service: {name}',
  notRegistered: 'Not registered in the service: the document will go as a link by e-mail.',
  emailNeeded: 'Enter an e-mail: the recipient is not registered, the link to the document will be sent there.',
  checking: 'Checking the IIN/BIN…',
  confirmTitle: 'The recipient is not registered',
  confirmOne: 'IIN/BIN {identifier} is not registered in the service; the document will go as a link to {email}.',
  confirmQuestion: 'Send it?',
  confirmSend: 'Send',
  replace: 'Replace recipient',
  replaceTitle: 'Replace recipient {identifier}',
  replaceHelp:
    'The document goes to the new recipient with your signature — no need to sign again. The previous recipient’s link is revoked and the document leaves its inbox.',
  replaceSubmit: 'Replace and send',
  sendMore: 'Send to one more recipient',
  withdrawn: 'Replaced by another recipient on {date}',
};

const MESSAGES: Record<Locale, Record<SendMessageKey, string>> = { kk, ru, en };

export function sendMessage(locale: Locale, key: SendMessageKey, params?: Record<string, string | number>): string {
  return (MESSAGES[locale]?.[key] ?? ru[key]).replace(/\{(\w+)\}/g, (_, name: string) => String(params?.[name] ?? `{${name}}`));
}
