import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { DocumentsErrorCode } from './documents.errors';
import type { TenantPrincipal } from '../common/security/principal';
import { actorOf, notFound, UUID } from './document-access';
import { Actor, DocumentHistory } from './persistence/document-history';
import { DocumentSendingService } from './document-sending.service';
import { PackageView, presentRecipient } from './document-views';
import { DocumentsRepository } from './persistence/documents.repository';
import { NewPackageDto, RecipientDto } from './dto';
import { DocumentPackage } from './entities/document-package.entity';
import { DocumentRecord } from './entities/document.entity';
import { PackagesRepository } from './persistence/packages.repository';
import { RecipientsRepository } from './persistence/recipients.repository';
import { documentRollUp, RollUpStatus } from './status';

// Packages: several of the sender's documents sent together, all or nothing if asked.
@Injectable()
export class DocumentPackagesService {
  constructor(
    private readonly sending: DocumentSendingService,
    private readonly history: DocumentHistory,
    private readonly repository: DocumentsRepository,
    private readonly packages: PackagesRepository,
    private readonly recipients: RecipientsRepository,
    private readonly clock: Clock,
  ) {}

  async createPackage(principal: TenantPrincipal, dto: NewPackageDto): Promise<PackageView> {
    if (dto.recipients) this.sending.assertDistinct(dto.recipients);
    const created = await this.sending.withUniqueGuard(() =>
      this.repository.transaction(async (manager) => {
        const documents: DocumentRecord[] = [];
        for (const id of [...dto.documentIds].sort()) {
          const document = await this.history.lockDocument(manager, id);
          if (!document || document.ownerOrganizationId !== principal.organizationId) throw notFound();
          if (document.packageId || document.sentAt)
            throw new DomainError(DocumentsErrorCode.DocumentInPackage, { documentId: id });
          documents.push(document);
        }
        const pack = await this.packages.create(manager, {
          ownerOrganizationId: principal.organizationId,
          title: dto.title ?? null,
          allOrNothing: dto.allOrNothing ?? false,
          sentAt: null,
          createdAt: this.clock.now(),
        });
        await this.packages.assign(
          manager,
          documents.map((d) => d.id),
          pack.id,
        );
        for (const d of documents) d.packageId = pack.id;
        if (dto.recipients) await this.sendPackageLocked(manager, pack, documents, dto.recipients, actorOf(principal));
        return {
          packageId: pack.id,
          answer: await this.sending.answerWithin(manager, () => this.packageView(principal, pack.id, manager)),
        };
      }),
    );
    return created.answer ?? this.packageView(principal, created.packageId);
  }

  async sendPackage(principal: TenantPrincipal, packageId: string, recipients: RecipientDto[]): Promise<PackageView> {
    this.sending.assertDistinct(recipients);
    if (!UUID.test(packageId)) throw notFound();
    const answer = await this.sending.withUniqueGuard(() =>
      this.repository.transaction(async (manager) => {
        const pack = await this.packages.findOwned(packageId, principal.organizationId, manager, true);
        if (!pack) throw notFound();
        const ids = (await this.packages.memberIds(manager, packageId)).sort();
        const documents: DocumentRecord[] = [];
        for (const id of ids) documents.push((await this.history.lockDocument(manager, id))!);
        await this.sendPackageLocked(manager, pack, documents, recipients, actorOf(principal));
        return this.sending.answerWithin(manager, () => this.packageView(principal, packageId, manager));
      }),
    );
    return answer ?? this.packageView(principal, packageId);
  }

  // All-or-nothing: every document signed, or nothing is sent. Otherwise the signed documents go
  // and the unsigned ones are reported as skipped.
  private async sendPackageLocked(
    manager: EntityManager,
    pack: DocumentPackage,
    documents: DocumentRecord[],
    recipients: RecipientDto[],
    actor: Actor,
  ) {
    const unsigned = documents.filter((d) => !d.senderSignedAt).map((d) => d.id);
    if (pack.allOrNothing && unsigned.length > 0)
      throw new DomainError(DocumentsErrorCode.PackageIncomplete, { documentIds: unsigned });
    const ready = documents.filter((d) => d.senderSignedAt);
    if (ready.length === 0) throw new DomainError(DocumentsErrorCode.DocumentNotSigned, { documentIds: unsigned });
    for (const document of ready) await this.sending.sendLocked(manager, document, recipients, actor);
    if (!pack.sentAt) await this.packages.markSent(manager, pack.id, this.clock.now());
  }

  // `manager`: read inside that transaction (an answer stored with the change it describes).
  async packageView(principal: TenantPrincipal, packageId: string, manager?: EntityManager): Promise<PackageView> {
    if (!UUID.test(packageId)) throw notFound();
    const pack = await this.packages.findOwned(packageId, principal.organizationId, manager);
    if (!pack) throw notFound();
    const documents = await this.packages.members(manager ?? this.repository.plainManager, packageId);
    const recipients = await this.recipients.ofDocuments(
      manager ?? this.repository.plainManager,
      documents.map((d) => d.id),
    );
    return {
      id: pack.id,
      title: pack.title,
      allOrNothing: pack.allOrNothing,
      sentAt: pack.sentAt,
      createdAt: pack.createdAt,
      documents: documents.map((d) => {
        const own = recipients.filter((r) => r.documentId === d.id);
        return {
          id: d.id,
          title: d.title,
          senderSignedAt: d.senderSignedAt,
          sentAt: d.sentAt,
          status: documentRollUp(
            d.senderSignedAt !== null,
            own.map((r) => r.status as RollUpStatus),
          ),
          recipients: own.map(presentRecipient),
        };
      }),
    };
  }
}
