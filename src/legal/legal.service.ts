import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import type { Transaction } from '../common/persistence/transaction';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain.error';
import { CommonErrorCode } from '../common/errors/common.errors';
import { LegalErrorCode } from './legal.errors';
import type { TenantPrincipal } from '../common/security/principal';
import { sha256Hex } from '../common/security/secrets';
import { AppConfig } from '../config/app-config';
import { SignatureVerificationService, type VerificationReport } from '../signing';
import type { PublishLegalVersionDto } from './dto/legal.dto';
import { LegalAcceptance } from './entities/legal-acceptance.entity';
import { LegalDocumentVersion } from './entities/legal-document-version.entity';
import { LEGAL_LOCALES, LegalDocumentKind, LegalLocale } from './legal-document-types';
import { BUNDLED_VERSIONS, bundledTextFile, readBundledTexts } from './legal-texts';
import { LegalRepository, NewLegalAcceptance } from './legal.repository';

const DAY_MS = 86_400_000;

export const VERSION_STATUSES = ['in_force', 'upcoming', 'superseded'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export interface LegalVersionView {
  kind: LegalDocumentKind;
  version: number;
  effectiveFrom: Date;
  publishedAt: Date;
  status: VersionStatus;
  texts: Record<LegalLocale, { sha256: string; url: string }>;
}

export interface LegalText {
  version: LegalDocumentVersion;
  // The exact bytes a client reads and signs.
  bytes: Buffer;
  sha256: string;
}

export function textOf(version: LegalDocumentVersion, locale: LegalLocale): { text: string; sha256: string } {
  return locale === 'kk'
    ? { text: version.textKk, sha256: version.sha256Kk }
    : { text: version.textRu, sha256: version.sha256Ru };
}

export interface LegalAcceptanceView {
  id: string;
  kind: LegalDocumentKind;
  version: number;
  locale: string;
  textSha256: string;
  privacyVersion: number | null;
  userId: string;
  signerIin: string;
  signerBin: string | null;
  certificateSha256: string;
  acceptedAt: Date;
}

export interface CurrentLegalVersions {
  current: LegalVersionView;
  upcoming: LegalVersionView | null;
}

// An acceptance with the verification report made when it was signed.
export interface LegalAcceptanceEvidence extends LegalAcceptanceView {
  report: VerificationReport;
}

// The stored CMS verified again, now, against the stored text of the accepted version.
export interface AcceptanceReverification {
  acceptance: LegalAcceptanceView;
  // The stored text still hashes to what was signed.
  textSha256Matches: boolean;
  // The CMS signs exactly that text.
  contentMatches: boolean;
  report: VerificationReport;
}

function presentAcceptance(acceptance: LegalAcceptance): LegalAcceptanceView {
  return {
    id: acceptance.id,
    kind: acceptance.kind,
    version: acceptance.version,
    locale: acceptance.locale,
    textSha256: acceptance.textSha256,
    privacyVersion: acceptance.privacyVersion,
    userId: acceptance.userId,
    signerIin: acceptance.signerIin,
    signerBin: acceptance.signerBin,
    certificateSha256: acceptance.certificateSha256,
    acceptedAt: acceptance.acceptedAt,
  };
}

// Versioned legal texts (the offer and the privacy policy) and the signed acceptances of them.
@Injectable()
export class LegalService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Legal');

  constructor(
    private readonly repository: LegalRepository,
    private readonly verification: SignatureVerificationService,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  // Idempotent: every replica may run it; a version already in the database is never touched.
  async onApplicationBootstrap() {
    for (const bundled of BUNDLED_VERSIONS) {
      const existing = await this.repository.findVersion(bundled.kind, bundled.version);
      const texts = readBundledTexts(bundled);
      if (existing) {
        if (texts && LEGAL_LOCALES.some((locale) => textOf(existing, locale).sha256 !== sha256Hex(texts[locale]))) {
          this.logger.warn({ msg: 'bundled legal text differs from the published one; the published text stays', ...bundled });
        }
        continue;
      }
      if (!texts) throw new Error(`legal texts missing: ${bundledTextFile(bundled, 'ru')} (and the kk file) must be deployed`);
      await this.repository.insertIfMissing({
        kind: bundled.kind,
        version: bundled.version,
        effectiveFrom: bundled.effectiveFrom,
        publishedAt: bundled.publishedAt,
        textKk: texts.kk,
        sha256Kk: sha256Hex(texts.kk),
        textRu: texts.ru,
        sha256Ru: sha256Hex(texts.ru),
      });
    }
  }

  async list(kind: LegalDocumentKind): Promise<LegalVersionView[]> {
    const now = this.clock.now();
    const versions = await this.repository.listVersions(kind);
    const inForce = versions.find((version) => version.effectiveFrom <= now);

    return versions.map((version) => this.present(version, inForce, now));
  }

  // The version in force and, when one is already published, the next one.
  async current(kind: LegalDocumentKind): Promise<CurrentLegalVersions> {
    const views = await this.list(kind);
    const current = views.find((view) => view.status === 'in_force');
    if (!current) throw new DomainError(LegalErrorCode.LegalVersionNotFound);
    const upcoming = views.filter((view) => view.status === 'upcoming').at(-1) ?? null;

    return { current, upcoming };
  }

  async get(kind: LegalDocumentKind, version: number): Promise<LegalVersionView> {
    const found = await this.repository.findVersion(kind, version);
    if (!found) throw new DomainError(LegalErrorCode.LegalVersionNotFound);
    const now = this.clock.now();

    return this.present(found, await this.repository.findInForce(kind, now), now);
  }

  async text(kind: LegalDocumentKind, version: number, locale: LegalLocale): Promise<LegalText> {
    const found = await this.repository.findVersion(kind, version);
    if (!found) throw new DomainError(LegalErrorCode.LegalVersionNotFound);
    const { text, sha256 } = textOf(found, locale);

    return { version: found, bytes: Buffer.from(text, 'utf8'), sha256 };
  }

  // For registration: the version must exist and be the one in force now.
  async textInForce(kind: LegalDocumentKind, version: number, locale: LegalLocale): Promise<LegalText> {
    const inForce = await this.repository.findInForce(kind, this.clock.now());
    if (!inForce) throw new DomainError(LegalErrorCode.LegalVersionNotFound);
    if (inForce.version !== version) {
      if (!(await this.repository.findVersion(kind, version))) throw new DomainError(LegalErrorCode.LegalVersionNotFound);
      throw new DomainError(LegalErrorCode.LegalVersionNotCurrent, { currentVersion: inForce.version });
    }

    return this.text(kind, version, locale);
  }

  async versionInForce(kind: LegalDocumentKind): Promise<number | null> {
    return (await this.repository.findInForce(kind, this.clock.now()))?.version ?? null;
  }

  // A new version takes effect no sooner than LEGAL_NOTICE_DAYS from now [O 9.1] and after the
  // latest one, so that "the version in force" is always the highest effective one.
  async publish(kind: LegalDocumentKind, dto: PublishLegalVersionDto): Promise<LegalVersionView> {
    const now = this.clock.now();
    const effectiveFrom = new Date(dto.effectiveFrom);
    const earliest = new Date(now.getTime() + this.config.legal.noticeDays * DAY_MS);
    if (effectiveFrom < earliest) {
      throw new DomainError(LegalErrorCode.LegalNoticeTooShort, {
        noticeDays: this.config.legal.noticeDays,
        earliestEffectiveFrom: earliest.toISOString(),
      });
    }
    const saved = await this.repository.publish(kind, (latest) => {
      if (latest && effectiveFrom <= latest.effectiveFrom) {
        throw new DomainError(LegalErrorCode.LegalVersionOrder, {
          latestVersion: latest.version,
          latestEffectiveFrom: latest.effectiveFrom.toISOString(),
        });
      }
      return {
        kind,
        version: (latest?.version ?? 0) + 1,
        effectiveFrom,
        publishedAt: now,
        textKk: dto.texts.kk,
        sha256Kk: sha256Hex(dto.texts.kk),
        textRu: dto.texts.ru,
        sha256Ru: sha256Hex(dto.texts.ru),
      };
    });

    return this.present(saved, await this.repository.findInForce(kind, now), now);
  }

  // Called inside the registration transaction.
  recordAcceptance(manager: Transaction, acceptance: NewLegalAcceptance) {
    return this.repository.insertAcceptance(manager, acceptance);
  }

  async listAcceptances(principal: TenantPrincipal): Promise<LegalAcceptanceView[]> {
    return (await this.repository.listAcceptances(principal.organizationId)).map(presentAcceptance);
  }

  async getAcceptance(principal: TenantPrincipal, id: string): Promise<LegalAcceptanceEvidence> {
    const acceptance = await this.repository.findAcceptanceEvidence(principal.organizationId, id);
    if (!acceptance) throw new DomainError(CommonErrorCode.NotFound);

    return { ...presentAcceptance(acceptance), report: acceptance.report };
  }

  async acceptanceCms(principal: TenantPrincipal, id: string): Promise<{ cms: Buffer; fileName: string }> {
    const acceptance = await this.repository.findAcceptanceEvidence(principal.organizationId, id);
    if (!acceptance) throw new DomainError(CommonErrorCode.NotFound);

    return {
      cms: acceptance.cms,
      fileName: `${acceptance.kind}-v${acceptance.version}-${acceptance.locale}-${acceptance.id}.p7s`,
    };
  }

  // Verifies the stored CMS again, now, against the stored text of the accepted version.
  async reverifyAcceptance(principal: TenantPrincipal, id: string): Promise<AcceptanceReverification> {
    const acceptance = await this.repository.findAcceptanceEvidence(principal.organizationId, id);
    if (!acceptance) throw new DomainError(CommonErrorCode.NotFound);
    const { bytes, sha256 } = await this.text(acceptance.kind, acceptance.version, acceptance.locale as LegalLocale);
    const { report, contentMatches } = await this.verification.verifySignedContent(acceptance.cms.toString('base64'), bytes, {
      keyUsage: 'SIGN',
      revocation: this.config.signatureAuth.revocation,
    });

    return {
      acceptance: presentAcceptance(acceptance),
      textSha256Matches: sha256 === acceptance.textSha256,
      contentMatches,
      report,
    };
  }

  private present(version: LegalDocumentVersion, inForce: LegalDocumentVersion | null | undefined, now: Date): LegalVersionView {
    const status: VersionStatus =
      version.effectiveFrom > now ? 'upcoming' : inForce && inForce.version === version.version ? 'in_force' : 'superseded';
    const url = (locale: LegalLocale) => `/api/v1/legal/${version.kind}/versions/${version.version}/text/${locale}`;

    return {
      kind: version.kind,
      version: version.version,
      effectiveFrom: version.effectiveFrom,
      publishedAt: version.publishedAt,
      status,
      texts: {
        kk: { sha256: version.sha256Kk, url: url('kk') },
        ru: { sha256: version.sha256Ru, url: url('ru') },
      },
    };
  }
}
