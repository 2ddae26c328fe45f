// What the test PKI contains: hierarchies, fictional subjects, and the end-entity matrix, modelled
// on the NCA RK profiles in kz-pki.md §1 (DN attributes, role EKUs, policies, SIGN vs AUTH).
// All people, IINs, BINs and the organisation are invented; IIN/BIN check digits are valid (computed
// by the API's own validator, common/identifiers) so that they can be typed into the API too.

import { withKzCheckDigit } from '../../common/identifiers/kz-identifier';
import { KeyUsageName } from './der';
import { TestKeyAlgorithm } from './keys';
import { OID } from './oids';

export type Hierarchy = 'rsa' | 'gost2015' | 'gost2004';
export const HIERARCHIES: readonly Hierarchy[] = ['rsa', 'gost2015', 'gost2004'];

export type EndEntityProfile = 'individual' | 'ceo' | 'can-sign' | 'employee';
export type KeyPurpose = 'sign' | 'auth';
export type CertificateStatus = 'valid' | 'expired' | 'not-yet-valid' | 'revoked';
export type RevocationReason = 'keyCompromise' | 'certificateHold';

// RFC 5280 §5.3.1 CRLReason codes.
export const REVOCATION_REASON_CODES: Readonly<Record<RevocationReason, number>> = {
  keyCompromise: 1,
  certificateHold: 6,
};

export interface Person {
  readonly surname: string;
  readonly name: string;
  // GIVENNAME in NCA certificates holds the patronymic (kz-pki.md §1.1).
  readonly patronymic: string;
  readonly iin: string;
  readonly email: string;
}

export interface Organization {
  readonly name: string;
  readonly bin: string;
}

// IIN: YYMMDD, century/sex digit (3/4 = born 1900-1999 male/female), 4 digits, check digit.
const PEOPLE = {
  testov: {
    surname: 'ТЕСТОВ',
    name: 'ЕРЛАН',
    patronymic: 'ҚАЙРАТҰЛЫ',
    iin: withKzCheckDigit('85031530012'),
    email: 'erlan.testov@example.com',
  },
  zhaksybekova: {
    surname: 'ЖАҚСЫБЕКОВА',
    name: 'ГҮЛНАР',
    patronymic: 'АСҚАРҚЫЗЫ',
    iin: withKzCheckDigit('90072040034'),
    email: 'gulnar.zh@example.com',
  },
  ivanov: { surname: 'ИВАНОВ', name: 'ПЁТР', patronymic: 'СЕРГЕЕВИЧ', iin: withKzCheckDigit('78010130056'), email: 'p.ivanov@example.com' },
  nurlanov: {
    surname: 'НҰРЛАНОВ',
    name: 'АСХАТ',
    patronymic: 'БОЛАТҰЛЫ',
    iin: withKzCheckDigit('75051230078'),
    email: 'a.nurlanov@example.com',
  },
  abdirakhmanov: {
    surname: 'ӘБДІРАХМАНОВ',
    name: 'ДӘУЛЕТ',
    patronymic: 'СЕРІКҰЛЫ',
    iin: withKzCheckDigit('82110940091'),
    email: 'd.abdirakhmanov@example.com',
  },
  smirnova: {
    surname: 'СМИРНОВА',
    name: 'ОЛЬГА',
    patronymic: 'ВИКТОРОВНА',
    iin: withKzCheckDigit('88022540023'),
    email: 'o.smirnova@example.com',
  },
  omarov: { surname: 'ОМАРОВ', name: 'ДӘУРЕН', patronymic: 'МАРАТҰЛЫ', iin: withKzCheckDigit('91061730045'), email: 'd.omarov@example.com' },
} satisfies Record<string, Person>;

// BIN: YYMM of registration, 4 = resident legal entity, 0 = head office, 5 digits, check digit.
export const TEST_ORGANIZATION: Organization = { name: 'ТОО "ЭДО ТЕСТ"', bin: withKzCheckDigit('15014000123') };

export interface EndEntitySpec {
  // File and id stem, e.g. "ceo-sign-revoked".
  readonly name: string;
  readonly profile: EndEntityProfile;
  readonly purpose: KeyPurpose;
  readonly status: CertificateStatus;
  readonly person: Person;
  readonly revocationReason?: RevocationReason;
}

// The same matrix in every hierarchy, so a verifier test can iterate over algorithms.
export const END_ENTITIES: readonly EndEntitySpec[] = [
  { name: 'individual-sign', profile: 'individual', purpose: 'sign', status: 'valid', person: PEOPLE.testov },
  { name: 'individual-auth', profile: 'individual', purpose: 'auth', status: 'valid', person: PEOPLE.testov },
  { name: 'individual-sign-expired', profile: 'individual', purpose: 'sign', status: 'expired', person: PEOPLE.ivanov },
  {
    name: 'individual-sign-not-yet-valid',
    profile: 'individual',
    purpose: 'sign',
    status: 'not-yet-valid',
    person: PEOPLE.testov,
  },
  {
    name: 'individual-sign-revoked',
    profile: 'individual',
    purpose: 'sign',
    status: 'revoked',
    person: PEOPLE.zhaksybekova,
    revocationReason: 'keyCompromise',
  },
  { name: 'ceo-sign', profile: 'ceo', purpose: 'sign', status: 'valid', person: PEOPLE.nurlanov },
  { name: 'ceo-auth', profile: 'ceo', purpose: 'auth', status: 'valid', person: PEOPLE.nurlanov },
  // certificateHold is what the real NCA test CRL uses for most entries.
  {
    name: 'ceo-sign-revoked',
    profile: 'ceo',
    purpose: 'sign',
    status: 'revoked',
    person: PEOPLE.abdirakhmanov,
    revocationReason: 'certificateHold',
  },
  { name: 'can-sign-sign', profile: 'can-sign', purpose: 'sign', status: 'valid', person: PEOPLE.smirnova },
  { name: 'employee-sign', profile: 'employee', purpose: 'sign', status: 'valid', person: PEOPLE.omarov },
];

export const ROLE_OIDS: Readonly<Record<EndEntityProfile, readonly string[]>> = {
  individual: [OID.roleIndividual],
  ceo: [OID.roleOrganization, OID.roleCeo],
  'can-sign': [OID.roleOrganization, OID.roleCanSign],
  employee: [OID.roleOrganization, OID.roleEmployee],
};

// Fixed timeline: regeneration gives the same validity periods. UTCTime covers everything (< 2050).
export const TIMELINE = {
  caNotBefore: new Date('2020-01-01T00:00:00Z'),
  rootNotAfter: new Date('2049-12-31T23:59:59Z'),
  issuingNotAfter: new Date('2047-12-31T23:59:59Z'),
  serviceNotAfter: new Date('2046-12-31T23:59:59Z'),
  validNotBefore: new Date('2025-01-01T00:00:00Z'),
  validNotAfter: new Date('2045-01-01T00:00:00Z'),
  expiredNotBefore: new Date('2022-01-01T00:00:00Z'),
  expiredNotAfter: new Date('2023-01-01T00:00:00Z'),
  notYetValidNotBefore: new Date('2044-01-01T00:00:00Z'),
  revokedAt: new Date('2025-06-01T12:00:00Z'),
  crlThisUpdate: new Date('2025-07-01T00:00:00Z'),
  crlNextUpdate: new Date('2045-01-01T00:00:00Z'),
} as const;

export function validityOf(status: CertificateStatus): { notBefore: Date; notAfter: Date } {
  switch (status) {
    case 'expired':
      return { notBefore: TIMELINE.expiredNotBefore, notAfter: TIMELINE.expiredNotAfter };
    case 'not-yet-valid':
      return { notBefore: TIMELINE.notYetValidNotBefore, notAfter: TIMELINE.validNotAfter };
    default:
      return { notBefore: TIMELINE.validNotBefore, notAfter: TIMELINE.validNotAfter };
  }
}

export interface HierarchySpec {
  readonly id: Hierarchy;
  readonly algorithm: TestKeyAlgorithm;
  // 'gost2015': the current NCA profile (one key for signing, generic policy, key-storage
  // extension, CN before C); 'legacy': RSA / GOST 2004 (separate SIGN and AUTH keys, per-purpose
  // policies with a user notice, C before CN in CA names).
  readonly generation: 'gost2015' | 'legacy';
  readonly rootName: string;
  readonly caName: string;
  readonly ocspName: string;
  readonly tsaName: string;
  // TSTInfo policy of this hierarchy's TSA (kz-pki.md §3.4).
  readonly tsaPolicy: string;
}

export const HIERARCHY_SPECS: Readonly<Record<Hierarchy, HierarchySpec>> = {
  rsa: {
    id: 'rsa',
    algorithm: 'rsa-sha256',
    generation: 'legacy',
    rootName: 'НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) EDO TEST',
    caName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA) EDO TEST',
    ocspName: 'СЕРВИС ПРОВЕРКИ ОНЛАЙН СТАТУСА СЕРТИФИКАТА',
    tsaName: 'TIME-STAMPING AUTHORITY',
    tsaPolicy: OID.tsaPolicyRsa,
  },
  gost2015: {
    id: 'gost2015',
    algorithm: 'gost2015-512',
    generation: 'gost2015',
    rootName: 'НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) EDO TEST',
    caName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST) EDO TEST',
    ocspName: 'OCSP RESPONDER',
    // The production GOST TSA really has a trailing TAB in its CN (kz-pki.md §2.5); a verifier
    // must not match issuers or signers by CN text, and this keeps it honest.
    tsaName: 'TIME-STAMPING AUTHORITY\t',
    tsaPolicy: OID.tsaPolicyGost2015,
  },
  gost2004: {
    id: 'gost2004',
    algorithm: 'gost2004',
    generation: 'legacy',
    rootName: 'НЕГІЗГІ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST 2004) EDO TEST',
    caName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (GOST 2004) EDO TEST',
    ocspName: 'СЕРВИС ПРОВЕРКИ ОНЛАЙН СТАТУСА СЕРТИФИКАТА',
    tsaName: 'СЕРВИС МЕТКИ ВРЕМЕНИ',
    tsaPolicy: OID.tsaPolicyGost2004,
  },
};

export interface EndEntityExtensionsProfile {
  readonly keyUsage: readonly KeyUsageName[];
  readonly extendedKeyUsage: readonly string[];
  readonly policy: string;
  // The policy user notice text; only legacy certificates carry one.
  readonly userNotice: boolean;
  readonly keyStorage: boolean;
  readonly emailInSan: boolean;
  readonly note?: string;
}

// kz-pki.md §1.3/§1.4: keyUsage, EKU and policy per generation, profile and purpose.
export function endEntityExtensions(generation: HierarchySpec['generation'], spec: EndEntitySpec): EndEntityExtensionsProfile {
  const roles = ROLE_OIDS[spec.profile];
  const legal = spec.profile !== 'individual';
  if (generation === 'legacy') {
    const sign = spec.purpose === 'sign';
    return {
      keyUsage: sign ? ['digitalSignature', 'nonRepudiation'] : ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: [sign ? OID.ekuEmailProtection : OID.ekuClientAuth, ...roles],
      policy: legal
        ? sign
          ? OID.policyLegalSign
          : OID.policyLegalAuth
        : sign
          ? OID.policyIndividualSign
          : OID.policyIndividualAuth,
      userNotice: true,
      keyStorage: false,
      emailInSan: false,
    };
  }
  const identification = spec.profile === 'individual' ? OID.identificationRemote : OID.identificationCon;
  if (spec.purpose === 'auth') {
    return {
      keyUsage: ['digitalSignature', 'keyEncipherment'],
      extendedKeyUsage: [OID.ekuClientAuth, ...roles, identification],
      policy: OID.policyGeneric,
      userNotice: false,
      keyStorage: true,
      emailInSan: spec.profile === 'individual',
      note: 'No GOST 2015 AUTH (clientAuth) certificate has been seen in real NCA samples; this one follows the legacy AUTH profile.',
    };
  }
  return {
    // Individuals get the 2023+ key usage (keyAgreement), legal entities the 2022 one
    // (keyEncipherment); both occur in real GOST 2015 certificates.
    keyUsage: legal
      ? ['digitalSignature', 'nonRepudiation', 'keyEncipherment']
      : ['digitalSignature', 'nonRepudiation', 'keyAgreement'],
    extendedKeyUsage: [OID.ekuEmailProtection, ...roles, identification],
    policy: OID.policyGeneric,
    userNotice: false,
    keyStorage: true,
    emailInSan: spec.profile === 'individual',
  };
}
