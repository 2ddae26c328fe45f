import { AuditEvent } from '../audit/entities/audit-event.entity';
import { DocumentEvent } from '../documents/entities/document-event.entity';
import { DocumentPackage } from '../documents/entities/document-package.entity';
import { DocumentRecipient } from '../documents/entities/document-recipient.entity';
import { DocumentSignature } from '../documents/entities/document-signature.entity';
import { DocumentStatement } from '../documents/entities/document-statement.entity';
import { DocumentRecord } from '../documents/entities/document.entity';
import { OutgoingLedgerEntry } from '../documents/entities/outgoing-ledger-entry.entity';
import { RecipientLink } from '../documents/entities/recipient-link.entity';
import { SigningPolicyRecord } from '../documents/entities/signing-policy.entity';
import { IdempotencyRecord } from '../common/idempotency/idempotency-record.entity';
import { JobRecord } from '../common/jobs/job-record.entity';
import { ApiKey } from '../identity/entities/api-key.entity';
import { Invitation } from '../identity/entities/invitation.entity';
import { Membership } from '../identity/entities/membership.entity';
import { Organization } from '../identity/entities/organization.entity';
import { LoginAttempt } from '../identity/entities/login-attempt.entity';
import { Session } from '../identity/entities/session.entity';
import { SignatureChallenge } from '../identity/entities/signature-challenge.entity';
import { User } from '../identity/entities/user.entity';
import { NotificationPreference } from '../integrations/notification-preference.entity';
import { OrganizationEvent, OrganizationEventCounter } from '../integrations/organization-event.entity';
import { WebhookDelivery } from '../integrations/webhook-delivery.entity';
import { Webhook } from '../integrations/webhook.entity';
import { LegalAcceptance } from '../legal/entities/legal-acceptance.entity';
import { LegalDocumentVersion } from '../legal/entities/legal-document-version.entity';

// Every entity, in one list shared by the app and the TypeORM CLI data source.
export const ENTITIES = [
  Organization,
  User,
  Membership,
  Session,
  LoginAttempt,
  ApiKey,
  AuditEvent,
  IdempotencyRecord,
  JobRecord,
  SignatureChallenge,
  Invitation,
  LegalDocumentVersion,
  LegalAcceptance,
  OrganizationEvent,
  OrganizationEventCounter,
  Webhook,
  WebhookDelivery,
  NotificationPreference,
  DocumentPackage,
  DocumentRecord,
  DocumentRecipient,
  DocumentSignature,
  DocumentEvent,
  DocumentStatement,
  RecipientLink,
  OutgoingLedgerEntry,
  SigningPolicyRecord,
];
