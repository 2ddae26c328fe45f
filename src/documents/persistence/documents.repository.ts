import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../common/persistence/query-rows';
import type { StatementParam } from '../../integrations';
import type { OrganizationSummary } from '../../identity';
import type { VerificationReport } from '../../signing';
import { DocumentEvent } from '../entities/document-event.entity';
import { DocumentRecipient } from '../entities/document-recipient.entity';
import { DocumentSignature } from '../entities/document-signature.entity';
import { DocumentRecord } from '../entities/document.entity';
import { recipientNameSql } from './recipient-name';
import { DOCUMENT_EVENT_COLUMNS, DOCUMENT_RECIPIENT_COLUMNS, DOCUMENT_SIGNATURE_LIST_COLUMNS } from './document-columns';

// A signature's verdict without its whole report: the indication and the status of the signer's
// REVOCATION check (documents.service.ts presentSignature, signer-summary.ts signatureVerdict).
const REPORT_VERDICT_COLUMNS = `t.report->>'indication' AS indication, t.report->>'subIndication' AS "subIndication",
  (SELECT c->>'status' FROM jsonb_array_elements(t.report->'signers'->0->'checks') c
    WHERE c->>'name' = 'REVOCATION' LIMIT 1) AS revocation`;

// The rows the document flow reads on every request, in plain SQL: TypeORM's query builder and
// entity hydration cost more CPU than the queries themselves on these paths (measured with
// bench/flow). Columns come back typed as TypeORM would give them (bigint as string, a date
// column as 'YYYY-MM-DD', timestamps as Date).
const DOCUMENT_COLUMNS = `d.id, d."ownerOrganizationId", d.title, d.kind, d.number, d."documentDate"::text AS "documentDate",
  d."amountMinor", d.currency, d.tags, d."fileName", d."contentType", d.size, d.sha256, d."objectKey", d."packageId",
  d."createdByUserId", d."createdByLabel", d."senderSignedAt", d."sentAt", d."lastEventSeq", d."createdAt"`;

const ORGANIZATION_FIELDS = ['id', 'identifier', 'kind', 'name', 'createdAt', 'updatedAt'] as const;

export const INSERTED_DOCUMENT_COLUMNS = [
  'id',
  'ownerOrganizationId',
  'title',
  'kind',
  'number',
  'documentDate',
  'amountMinor',
  'currency',
  'tags',
  'fileName',
  'contentType',
  'size',
  'sha256',
  'objectKey',
  'packageId',
  'createdByUserId',
  'createdByLabel',
  'senderSignedAt',
  'sentAt',
  'lastEventSeq',
  'createdAt',
] as const satisfies readonly (keyof DocumentRecord)[];

const RECIPIENT_DATES = [
  'deliveredAt',
  'openedAt',
  'receiptSignedAt',
  'respondedAt',
  'annulmentChangedAt',
  'withdrawnAt',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof DocumentRecipient)[];

const fieldList = (fields: readonly string[]) => fields.map((f) => `t."${f}"`).join(', ');

// A row read as JSON with its timestamp fields as Dates (JSON carries them as ISO strings; like
// the driver's parser, sub-millisecond digits are dropped).
function withDates(row: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out = { ...row };
  for (const field of fields) if (typeof out[field] === 'string') out[field] = new Date(out[field] as string);
  return out;
}

type CandidateRow = { identifier: string; organizationId: string | null; taken: boolean };
export type Candidates = Map<string, { organizationId: string | null; taken: boolean }>;

const candidateMap = (rows: readonly CandidateRow[]): Candidates =>
  new Map(rows.map((row) => [row.identifier, { organizationId: row.organizationId, taken: row.taken }]));

// The candidates of identifiers (SQL placeholders, at least one) for a document (an SQL
// expression). One VALUES row per identifier rather than unnest(<array parameter>): the planner
// then knows the row count in the statement's generic plan, so PostgreSQL keeps that plan; with
// an array it estimated 10 rows, found a custom plan for the actual count cheaper and planned the
// send's access read anew on every execution (pg_stat_statements, bench/flow: 0.54 ms of
// planning per send, ~8 % of the database's CPU per flow).
const CANDIDATES_SQL = (document: string, identifiers: readonly string[]) =>
  `SELECT w.identifier, o.id AS "organizationId",
          EXISTS (SELECT 1 FROM document_recipients x
                   WHERE x."documentId" = ${document} AND x.identifier = w.identifier AND x."withdrawnAt" IS NULL) AS taken
     FROM (VALUES ${identifiers.map((placeholder) => `(${placeholder}::varchar)`).join(', ')}) AS w(identifier)
     LEFT JOIN organizations o ON o.identifier = w.identifier`;

// Placeholders $first, $first+1, ... for count values.
const placeholders = (first: number, count: number) => Array.from({ length: count }, (_, i) => `$${first + i}`);

export interface DocumentAccessRow {
  document: DocumentRecord;
  owner: OrganizationSummary;
  // The caller's own recipient row, when the caller is not the owner and is a recipient.
  recipient: DocumentRecipient | null;
  // The caller organization's stored signing policy (null: none stored, the default applies).
  callerPolicy: Record<string, string[]> | null;
  // Asked by a send: its recipients' candidates.
  candidates?: Candidates;
}

// Picks the columns named `<prefix><field>` of a raw row into a new entity object.
function pick<T extends object>(target: T, row: Record<string, unknown>, prefix: string, fields: readonly string[]): T {
  for (const field of fields) (target as Record<string, unknown>)[field] = row[`${prefix}${field}`];
  return target;
}

@Injectable()
export class DocumentsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  // Runs `work` in one transaction; the services hold its manager as their transaction handle.
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // The manager outside any transaction (each statement its own), for ports that take a manager.
  get plainManager(): EntityManager {
    return this.dataSource.manager;
  }

  // A document with its owner, the caller's recipient row (only looked up when the caller is not
  // the owner) and the caller organization's signing policy: what every document route needs
  // before it decides anything, in one round trip. A send also asks for its recipients'
  // candidates (see recipientCandidates) in the same statement.
  async findAccess(
    organizationId: string,
    documentId: string,
    manager: EntityManager = this.dataSource.manager,
    options: { lock?: boolean; candidates?: readonly string[] } = {},
  ): Promise<DocumentAccessRow | null> {
    const candidates = options.candidates?.length ? options.candidates : undefined;
    const rows: Record<string, unknown>[] = await queryRows(
      manager,
      `SELECT ${DOCUMENT_COLUMNS},
              ${ORGANIZATION_FIELDS.map((f) => `o."${f}" AS "o.${f}"`).join(', ')},
              ${DOCUMENT_RECIPIENT_COLUMNS.map((f) => `r."${f}" AS "r.${f}"`).join(', ')},
              (SELECT p.rules FROM document_signing_policies p WHERE p."organizationId" = $2) AS "callerPolicy"
              ${candidates ? `, (SELECT json_agg(c) FROM (${CANDIDATES_SQL('d.id', placeholders(3, candidates.length))}) c) AS candidates` : ''}
         FROM documents d
         JOIN organizations o ON o.id = d."ownerOrganizationId"
         LEFT JOIN document_recipients r
           ON d."ownerOrganizationId" <> $2 AND r."documentId" = d.id AND r."recipientOrganizationId" = $2
              AND r."withdrawnAt" IS NULL
        WHERE d.id = $1 AND d."deletedAt" IS NULL
        LIMIT 1${options.lock ? ' FOR UPDATE OF d' : ''}`,
      [documentId, organizationId, ...(candidates ?? [])],
    );
    if (rows.length === 0) return null;
    const row = rows[0];
    return {
      document: documentOf(row),
      owner: pick({} as OrganizationSummary, row, 'o.', ORGANIZATION_FIELDS),
      recipient: row['r.id'] ? pick(new DocumentRecipient(), row, 'r.', DOCUMENT_RECIPIENT_COLUMNS) : null,
      callerPolicy: (row.callerPolicy as Record<string, string[]> | null) ?? null,
      ...(options.candidates && { candidates: candidateMap((row.candidates as CandidateRow[] | null) ?? []) }),
    };
  }

  // For each BIN/IIN a document is about to be sent to: the registered organization it names (if
  // any) and whether the document already has that recipient. (Read before the insert; the
  // unique index on (document, identifier) still decides between two sends at once.)
  async recipientCandidates(manager: EntityManager, documentId: string, identifiers: readonly string[]): Promise<Candidates> {
    if (identifiers.length === 0) return new Map();
    const rows: CandidateRow[] = await queryRows(manager, CANDIDATES_SQL('$1', placeholders(2, identifiers.length)), [
      documentId,
      ...identifiers,
    ]);
    return candidateMap(rows);
  }

  // Parts of an event's statement (NewEvent.parts) that write a new recipient row and its
  // outgoing-ledger entry.
  countedRecipientParts(
    param: StatementParam,
    recipient: Pick<
      DocumentRecipient,
      'id' | 'documentId' | 'identifier' | 'email' | 'recipientOrganizationId' | 'receipt' | 'response' | 'annulment' | 'status'
    >,
    // null: not counted (a replacement: the withdrawn recipient's entry already counts the sending).
    ledger: { organizationId: string; period: string; createdAt: Date } | null,
  ): string[] {
    return [
      `new_recipient AS (
         INSERT INTO document_recipients (id, "documentId", identifier, email, "recipientOrganizationId", receipt, response, annulment, status)
         SELECT ${[
           recipient.id,
           recipient.documentId,
           recipient.identifier,
           recipient.email,
           recipient.recipientOrganizationId,
           recipient.receipt,
           recipient.response,
           recipient.annulment,
           recipient.status,
         ]
           .map(param)
           .join(', ')} FROM document
         RETURNING id, "documentId"
       )`,
      ...(ledger
        ? [
            `new_ledger AS (
         INSERT INTO outgoing_ledger ("organizationId", "documentId", "recipientId", period, "createdAt")
         SELECT ${param(ledger.organizationId)}, r."documentId", r.id, ${param(ledger.period)}, ${param(ledger.createdAt)} FROM new_recipient r
       )`,
          ]
        : []),
    ];
  }

  // What a document's detail shows: its recipients (in sending order; only when asked), its
  // events (in order) and their signatures, in one round trip (each list as JSON; timestamps
  // turned back into Dates here, as the driver would). Without `withReports` only the
  // indication of each signature's report and the status of its signer's REVOCATION check are read
  // (the report is large; the view's verdict needs only these, see signatureVerdict).
  async detailRows(
    documentId: string,
    options: { withRecipients: boolean; withReports: boolean },
    manager: EntityManager = this.dataSource.manager,
  ) {
    const { withReports } = options;
    const list = (columns: string, table: string, order: string) =>
      `(SELECT coalesce(json_agg(item ORDER BY ${order}), '[]'::json)
          FROM (SELECT ${columns} FROM ${table} t WHERE t."documentId" = $1) item)`;
    const rows: {
      recipients: Record<string, unknown>[];
      events: Record<string, unknown>[];
      signatures: Record<string, unknown>[];
    }[] = await queryRows(
      manager,
      `SELECT CASE WHEN $2 THEN ${list(`${fieldList(DOCUMENT_RECIPIENT_COLUMNS)}, ${recipientNameSql('t')} AS name`, 'document_recipients', 'item."createdAt", item.id')}
                     ELSE '[]'::json END AS recipients,
                ${list(fieldList(DOCUMENT_EVENT_COLUMNS), 'document_events', 'item.seq')} AS events,
                ${list(
                  `${fieldList(DOCUMENT_SIGNATURE_LIST_COLUMNS)}, ${withReports ? 't.report' : REPORT_VERDICT_COLUMNS}`,
                  'document_signatures',
                  'item."createdAt", item.id',
                )} AS signatures`,
      [documentId, options.withRecipients],
    );
    const { recipients, events, signatures } = rows[0];
    return {
      recipients: recipients.map((row) =>
        Object.assign(new DocumentRecipient(), withDates(row, RECIPIENT_DATES) as Partial<DocumentRecipient>),
      ),
      events: events.map((row) => Object.assign(new DocumentEvent(), withDates(row, ['createdAt']) as Partial<DocumentEvent>)),
      signatures: signatures.map(({ indication, subIndication, revocation, ...row }) =>
        Object.assign(new DocumentSignature(), withDates(row, ['createdAt']) as Partial<DocumentSignature>, {
          ...(!withReports && {
            // The part of the report the verdict reads (a signer with its REVOCATION check).
            report: {
              indication,
              ...(subIndication ? { subIndication } : {}),
              signers: [{ checks: revocation ? [{ name: 'REVOCATION', status: revocation }] : [] }],
            } as unknown as VerificationReport,
          }),
        }),
      ),
    };
  }

  // The sender's organization of a document (the foreign key guarantees it exists).
  async ownerOf(organizationId: string, manager: EntityManager = this.dataSource.manager): Promise<OrganizationSummary> {
    const rows: OrganizationSummary[] = await queryRows(
      manager,
      `SELECT ${ORGANIZATION_FIELDS.map((f) => `o."${f}"`).join(', ')} FROM organizations o WHERE o.id = $1`,
      [organizationId],
    );
    if (rows.length === 0) throw new Error(`organization ${organizationId} not found`);
    return rows[0];
  }

  // The names of organizations by id (the evidence names who acted).
  async organizationNames(organizationIds: string[]): Promise<Map<string, string>> {
    if (organizationIds.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await queryRows(
      this.dataSource.manager,
      'SELECT o.id, o.name FROM organizations o WHERE o.id = ANY($1::uuid[])',
      [organizationIds],
    );
    return new Map(rows.map((o) => [o.id, o.name]));
  }

  // The document row as it is now (no lock).
  async findDocument(documentId: string, manager: EntityManager = this.dataSource.manager): Promise<DocumentRecord | null> {
    const rows: Record<string, unknown>[] = await queryRows(
      manager,
      `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.id = $1 AND d."deletedAt" IS NULL`,
      [documentId],
    );
    return rows.length ? documentOf(rows[0]) : null;
  }

  // A document and one of its recipient rows as they are now (no lock), in one round trip.
  async findDocumentAndRecipient(
    documentId: string,
    recipientId: string,
  ): Promise<{ document: DocumentRecord; recipient: DocumentRecipient } | null> {
    const rows: Record<string, unknown>[] = await queryRows(
      this.dataSource.manager,
      `SELECT ${DOCUMENT_COLUMNS}, ${DOCUMENT_RECIPIENT_COLUMNS.map((f) => `r."${f}" AS "r.${f}"`).join(', ')}
         FROM documents d JOIN document_recipients r ON r."documentId" = d.id AND r.id = $2
        WHERE d.id = $1`,
      [documentId, recipientId],
    );
    if (rows.length === 0) return null;
    return { document: documentOf(rows[0]), recipient: pick(new DocumentRecipient(), rows[0], 'r.', DOCUMENT_RECIPIENT_COLUMNS) };
  }

  // The document row, locked until the caller's transaction ends.
  async lockDocument(manager: EntityManager, documentId: string): Promise<DocumentRecord | null> {
    const rows: Record<string, unknown>[] = await queryRows(
      manager,
      `SELECT ${DOCUMENT_COLUMNS} FROM documents d WHERE d.id = $1 AND d."deletedAt" IS NULL FOR UPDATE`,
      [documentId],
    );
    return rows.length ? documentOf(rows[0]) : null;
  }
}

function documentOf(row: Record<string, unknown>): DocumentRecord {
  const document = new DocumentRecord();
  for (const key of Object.keys(row)) {
    if (!key.includes('.') && key !== 'callerPolicy') (document as unknown as Record<string, unknown>)[key] = row[key];
  }
  return document;
}
