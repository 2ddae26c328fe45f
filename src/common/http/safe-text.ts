import { ValidateBy, ValidationOptions } from 'class-validator';

// C0 and C1 control characters (CR, LF and TAB included), DEL, and the bidirectional embedding,
// override and isolate controls (U+202A–U+202E, U+2066–U+2069): in a title or a name they forge
// mail headers or make text read other than it is ("\u202Egpj.exe").
// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
const UNSAFE_TEXT = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- as above
const UNSAFE_TEXT_ALL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function hasUnsafeText(value: string): boolean {
  return UNSAFE_TEXT.test(value);
}

// The text with each control or bidi character replaced by a space (for text that reaches a
// mail header or a file name whatever was stored before).
export function stripUnsafeText(value: string): string {
  return value.replace(UNSAFE_TEXT_ALL, ' ');
}

// A one-line title or name: no control characters, no bidi overrides (VALIDATION_FAILED).
export function IsSafeText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSafeText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasUnsafeText(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'the value'} must not contain control characters (such as line breaks) or bidirectional overrides`,
      },
    },
    options,
  );
}
