import { defineErrors } from './error-definitions';

// The platform's own error codes: validation, authentication, rights, idempotency, limits and failures that any route can answer with.
// defineErrors makes a code without an HTTP status or a message in kk, ru and en fail to compile;
// src/error-codes.ts merges every module's codes and refuses a code defined twice.
export enum CommonErrorCode {
  /** The request body, query or parameters failed validation; `details.fields` lists each problem. */
  ValidationFailed = 'VALIDATION_FAILED',
  /** No route matches the method and path. */
  RouteNotFound = 'ROUTE_NOT_FOUND',
  /** The addressed resource does not exist or belongs to another organization. */
  NotFound = 'NOT_FOUND',
  /** No valid session cookie or API key was presented. */
  AuthRequired = 'AUTH_REQUIRED',
  /** A cookie-authenticated state-changing request came without the matching X-CSRF-Token header. */
  CsrfTokenInvalid = 'CSRF_TOKEN_INVALID',
  /** The principal lacks the right this action needs. */
  Forbidden = 'FORBIDDEN',
  /** The operator API is disabled (no OPERATOR_TOKEN configured) or the token is wrong. */
  OperatorAuthRequired = 'OPERATOR_AUTH_REQUIRED',
  /** An Idempotency-Key was reused with a different request. */
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  /** An earlier request with the same Idempotency-Key is still being processed. */
  IdempotencyRequestInProgress = 'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  /** The Idempotency-Key header is empty or longer than 255 characters. */
  IdempotencyKeyInvalid = 'IDEMPOTENCY_KEY_INVALID',
  /** The pagination cursor was not produced by this API or is corrupt. */
  CursorInvalid = 'CURSOR_INVALID',
  /** Too many requests from this client; retry after the time in Retry-After. */
  RateLimited = 'RATE_LIMITED',
  /** The request body is too large. */
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  /** The body is not valid JSON, or the URL has a broken percent-encoding. */
  MalformedRequest = 'MALFORMED_REQUEST',
  /** A dependency (database, storage, queue, mail) is not reachable right now. */
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  /** The JSON body nests deeper or has more fields than any request needs; `details` names the limit. */
  RequestTooComplex = 'REQUEST_TOO_COMPLEX',
  /** The body's Content-Type or charset is not one this endpoint reads (JSON must be UTF-8). */
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  /** Anything unexpected; details are in the server log under the request id. */
  Internal = 'INTERNAL_ERROR',
}

export const COMMON_ERRORS = defineErrors(CommonErrorCode, {
  [CommonErrorCode.ValidationFailed]: {
    status: 400,
    messages: {
      en: 'The request contains invalid fields.',
      ru: 'Запрос содержит недопустимые поля.',
      kk: 'Сұрауда жарамсыз өрістер бар.',
    },
  },
  [CommonErrorCode.RouteNotFound]: {
    status: 404,
    messages: {
      en: 'There is no such API method.',
      ru: 'Такого метода API нет.',
      kk: 'Мұндай API әдісі жоқ.',
    },
  },
  [CommonErrorCode.NotFound]: {
    status: 404,
    messages: { en: 'Not found.', ru: 'Не найдено.', kk: 'Табылмады.' },
  },
  [CommonErrorCode.AuthRequired]: {
    status: 401,
    messages: {
      en: 'Sign in or present an API key.',
      ru: 'Войдите в систему или передайте API-ключ.',
      kk: 'Жүйеге кіріңіз немесе API кілтін беріңіз.',
    },
  },
  [CommonErrorCode.CsrfTokenInvalid]: {
    status: 403,
    messages: {
      en: 'The CSRF token is missing or wrong; reload the page.',
      ru: 'CSRF-токен отсутствует или неверен; обновите страницу.',
      kk: 'CSRF токені жоқ немесе қате; бетті жаңартыңыз.',
    },
  },
  [CommonErrorCode.Forbidden]: {
    status: 403,
    messages: {
      en: 'You do not have the right to do this.',
      ru: 'У вас нет права на это действие.',
      kk: 'Сізде бұл әрекетке құқық жоқ.',
    },
  },
  [CommonErrorCode.OperatorAuthRequired]: {
    status: 401,
    messages: {
      en: 'The operator API needs a valid operator token.',
      ru: 'Для API оператора нужен действительный токен оператора.',
      kk: 'Оператор API үшін жарамды оператор токені қажет.',
    },
  },
  [CommonErrorCode.IdempotencyKeyReused]: {
    status: 409,
    messages: {
      en: 'This Idempotency-Key was already used with a different request.',
      ru: 'Этот Idempotency-Key уже использован с другим запросом.',
      kk: 'Бұл Idempotency-Key басқа сұрауда қолданылған.',
    },
  },
  [CommonErrorCode.IdempotencyRequestInProgress]: {
    status: 409,
    messages: {
      en: 'A request with this Idempotency-Key is still being processed.',
      ru: 'Запрос с этим Idempotency-Key ещё обрабатывается.',
      kk: 'Осы Idempotency-Key бар сұрау әлі өңделуде.',
    },
  },
  [CommonErrorCode.IdempotencyKeyInvalid]: {
    status: 400,
    messages: {
      en: 'Idempotency-Key must be 1 to 255 printable characters.',
      ru: 'Idempotency-Key должен содержать от 1 до 255 печатных символов.',
      kk: 'Idempotency-Key 1-ден 255-ке дейін басылатын таңбадан тұруы керек.',
    },
  },
  [CommonErrorCode.CursorInvalid]: {
    status: 400,
    messages: {
      en: 'The pagination cursor is invalid.',
      ru: 'Недопустимый курсор страницы.',
      kk: 'Бет курсоры жарамсыз.',
    },
  },
  [CommonErrorCode.RateLimited]: {
    status: 429,
    messages: {
      en: 'Too many requests; try again later.',
      ru: 'Слишком много запросов; повторите позже.',
      kk: 'Сұраулар тым көп; кейінірек қайталаңыз.',
    },
  },
  [CommonErrorCode.PayloadTooLarge]: {
    status: 413,
    messages: {
      en: 'The request body is too large.',
      ru: 'Тело запроса слишком велико.',
      kk: 'Сұрау денесі тым үлкен.',
    },
  },
  [CommonErrorCode.MalformedRequest]: {
    status: 400,
    messages: {
      en: 'The request is malformed: invalid JSON or URL encoding.',
      ru: 'Запрос повреждён: некорректный JSON или кодировка URL.',
      kk: 'Сұрау бүлінген: JSON немесе URL кодтауы қате.',
    },
  },
  [CommonErrorCode.ServiceUnavailable]: {
    status: 503,
    messages: {
      en: 'The service is temporarily unavailable; try again later.',
      ru: 'Сервис временно недоступен; повторите позже.',
      kk: 'Қызмет уақытша қолжетімсіз; кейінірек қайталаңыз.',
    },
  },
  [CommonErrorCode.RequestTooComplex]: {
    status: 400,
    messages: {
      en: 'The request body nests too deeply or has too many fields.',
      ru: 'Тело запроса слишком глубоко вложено или содержит слишком много полей.',
      kk: 'Сұрау денесі тым терең салынған немесе өрістері тым көп.',
    },
  },
  [CommonErrorCode.UnsupportedMediaType]: {
    status: 415,
    messages: {
      en: 'Unsupported content type or charset: send JSON in UTF-8.',
      ru: 'Неподдерживаемый тип содержимого или кодировка: отправьте JSON в UTF-8.',
      kk: 'Мазмұн түрі немесе кодтауы қолдау көрсетілмейді: JSON-ды UTF-8 кодтауында жіберіңіз.',
    },
  },
  [CommonErrorCode.Internal]: {
    status: 500,
    messages: {
      en: 'Internal error. Quote the request id to support.',
      ru: 'Внутренняя ошибка. Сообщите в поддержку идентификатор запроса.',
      kk: 'Ішкі қате. Қолдау қызметіне сұрау идентификаторын хабарлаңыз.',
    },
  },
});
