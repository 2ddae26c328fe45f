import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { DomainError } from '../../common/errors/domain.error';
import { DocumentsErrorCode } from '../documents.errors';
import { formatDateTime } from '../../contracts/locale-format';
import { MailJobName } from '../../common/mail/mail.jobs';
import { JobsService } from '../../common/jobs/jobs.service';
import { MAIL_SECRET_PLACEHOLDER, MailSecrets } from '../../common/mail/mail-secrets';
import type { TenantPrincipal } from '../../common/security/principal';
import { AppConfig } from '../../config/app-config';
import type { OrganizationSummary } from '../../identity';
import { actorOf, notFound, UUID } from '../document-access';
import { DocumentHistory } from '../persistence/document-history';
import { hasAnswered, LinkRevocationView } from '../document-views';
import { DocumentsRepository } from '../persistence/documents.repository';
import { DocumentsService } from '../documents.service';
import { DocumentRecipient } from '../entities/document-recipient.entity';
import { DocumentRecord } from '../entities/document.entity';
import { RecipientsRepository } from '../persistence/recipients.repository';

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest('hex');

// The e-mailed links of unregistered recipients, from the sender's side: issued with a sending,
// revoked on request (links.service.ts is the link holder's side).
@Injectable()
export class RecipientLinksService {
  constructor(
    private readonly documents: DocumentsService,
    private readonly history: DocumentHistory,
    private readonly repository: DocumentsRepository,
    private readonly recipients: RecipientsRepository,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly mailSecrets: MailSecrets,
  ) {}

  // A 256-bit token, only its SHA-256 stored; the e-mail (the token's only copy, sealed until
  // sent, see MailSecrets) is queued in the same transaction, so the link exists exactly when
  // its mail will go out.
  async issue(manager: EntityManager, document: DocumentRecord, owner: OrganizationSummary, recipient: DocumentRecipient) {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(this.clock.now().getTime() + this.config.documents.linkTtlMs);
    await this.recipients.insertLink(manager, {
      recipientId: recipient.id,
      documentId: document.id,
      tokenHash: hashToken(token),
      expiresAt,
      revokedAt: null,
      lastUsedAt: null,
      createdAt: this.clock.now(),
    });
    // The token itself goes into the queued mail sealed; the text has a placeholder for it.
    const url = `${this.config.http.publicUrl}/l/${MAIL_SECRET_PLACEHOLDER}`;
    await this.jobs.enqueue(
      MailJobName.SendMail,
      {
        to: recipient.email!,
        sealedSecret: this.mailSecrets.seal(token, recipient.email!),
        subject: `Документ на подпись / Қол қоюға құжат: ${document.title}`.slice(0, 500),
        text: [
          `${owner.name} (БИН/ИИН ${owner.identifier}) отправил(а) вам документ «${document.title}» для ознакомления и подписи.`,
          `Открыть документ: ${url}`,
          // Almaty's wall clock, as the cabinet writes times (an ISO UTC day could be a day off).
          `Ссылка действует до ${formatDateTime(expiresAt, 'ru')} (время Алматы). Подписать документ можно ЭЦП, выданной на БИН/ИИН ${recipient.identifier}.`,
          '',
          `${owner.name} (БСН/ЖСН ${owner.identifier}) сізге «${document.title}» құжатын танысу және қол қою үшін жіберді.`,
          `Құжатты ашу: ${url}`,
          `Сілтеме ${formatDateTime(expiresAt, 'kk')} (Алматы уақыты) дейін жарамды. Құжатқа ${recipient.identifier} БСН/ЖСН-ға берілген ЭЦҚ-мен қол қоюға болады.`,
        ].join('\n'),
      },
      { manager },
    );
  }

  async revoke(principal: TenantPrincipal, id: string, recipientId: string): Promise<LinkRevocationView> {
    const { document } = await this.documents.asSender(principal.organizationId, id);
    if (!UUID.test(recipientId)) throw notFound();
    return this.repository.transaction(async (manager) => {
      const locked = (await this.history.lockDocument(manager, document.id))!;
      const recipient = await this.recipients.findOfDocument(locked.id, recipientId, manager);
      if (!recipient) throw notFound();
      // An answered recipient's link is how it reads what it signed or refused: keep it.
      if (hasAnswered(recipient)) {
        throw new DomainError(DocumentsErrorCode.DocumentRecipientAnswered, {
          recipientId,
          response: recipient.response,
          annulment: recipient.annulment,
        });
      }
      const now = this.clock.now();
      const revoked = await this.recipients.revokeLinks(manager, recipientId, now);
      if (revoked) {
        await this.history.append(manager, locked, actorOf(principal), {
          type: 'document.link_revoked',
          recipientId,
          notify: [principal.organizationId],
        });
      }
      return { recipientId, revoked: (revoked ?? 0) > 0, revokedAt: now };
    });
  }
}
