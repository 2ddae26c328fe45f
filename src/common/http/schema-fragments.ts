// Schema fragments every module's API answers use (OpenAPI property options).
export const DATE_TIME = { type: 'string', format: 'date-time' } as const;
export const NULLABLE_DATE_TIME = { ...DATE_TIME, nullable: true } as const;
export const UUID = { type: 'string', format: 'uuid' } as const;
export const IDENTIFIER = { type: 'string', pattern: '^\\d{12}$' } as const;
export const SHA256_HEX = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;
