import { ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';

// GET /api/v1/verify/schema answers report.schema.json: a JSON Schema (draft 2020-12) document.
// This describes such a document with the keywords that file uses, so that the contract says what
// the route answers (a keyword added to the file and not here is a contract violation in the e2e).

const SCHEMA_REF = () => ({ $ref: getSchemaPath(JsonSchemaResponse) });
// A map of names to subschemas; `true`/`false` are schemas too (anything / nothing).
const SCHEMA_MAP = () => ({
  type: 'object' as const,
  additionalProperties: { oneOf: [SCHEMA_REF(), { type: 'boolean' }] },
});

export class JsonSchemaResponse {
  @ApiPropertyOptional({ format: 'uri', description: 'The JSON Schema dialect (draft 2020-12)' })
  $schema?: string;

  @ApiPropertyOptional({ format: 'uri' })
  $id?: string;

  @ApiPropertyOptional({ description: 'A reference to a definition, e.g. #/$defs/signer' })
  $ref?: string;

  @ApiPropertyOptional()
  title?: string;

  @ApiPropertyOptional()
  description?: string;

  @ApiPropertyOptional({ enum: ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'] })
  type?: string;

  @ApiPropertyOptional({ type: [String], description: 'Values allowed' })
  enum?: string[];

  @ApiPropertyOptional()
  const?: string;

  @ApiPropertyOptional()
  format?: string;

  @ApiPropertyOptional()
  pattern?: string;

  @ApiPropertyOptional()
  minimum?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0 })
  maxItems?: number;

  @ApiPropertyOptional({ type: [String], description: 'Required property names' })
  required?: string[];

  @ApiPropertyOptional({ ...SCHEMA_MAP(), description: 'The properties, each a schema' })
  properties?: Record<string, JsonSchemaResponse | boolean>;

  @ApiPropertyOptional({ description: 'false: no property besides those listed' })
  additionalProperties?: boolean;

  @ApiPropertyOptional({ type: () => JsonSchemaResponse })
  items?: JsonSchemaResponse;

  @ApiPropertyOptional({ type: () => [JsonSchemaResponse] })
  allOf?: JsonSchemaResponse[];

  @ApiPropertyOptional({ type: () => JsonSchemaResponse })
  if?: JsonSchemaResponse;

  @ApiPropertyOptional({ type: () => JsonSchemaResponse })
  then?: JsonSchemaResponse;

  @ApiPropertyOptional({ type: () => JsonSchemaResponse })
  not?: JsonSchemaResponse;

  @ApiPropertyOptional({ ...SCHEMA_MAP(), description: 'Named definitions, referenced as #/$defs/<name>' })
  $defs?: Record<string, JsonSchemaResponse | boolean>;
}
