// Certificate extensions the verifier recognizes (RFC 5280 §4.2) and the name constraints of the
// CAs on a path (RFC 5280 §4.2.1.10, §6.1.3 (b)-(c), §6.1.4 (g)).
//
// RFC 5280 §4.2: "A certificate-using system MUST reject the certificate if it encounters a
// critical extension it does not recognize or a critical extension that contains information that
// it cannot process." A critical extension is accepted only when it is in CRITICAL_ALLOWED: the
// ones this verifier processes (or, for certificatePolicies, may ignore because it validates with
// user-initial-policy-set = any-policy and no explicit policy, §6.1.1 (c)-(f)) and that RFC 5280
// lets a CA mark critical. Extensions RFC 5280 says MUST be non-critical (authority and subject key
// identifiers §4.2.1.1-2, authority/subject information access §4.2.2, freshest CRL §4.2.1.15,
// subject directory attributes §4.2.1.8) are not accepted as critical: such a certificate is not
// RFC 5280 conforming, and OpenSSL refuses it too. policyConstraints (requireExplicitPolicy) and
// inhibitAnyPolicy are processed by policyProblem below (critical or not, as OpenSSL does);
// policyMappings is not (no mapping of policy identifiers), so it is refused when critical, and
// policyConstraints' inhibitPolicyMapping has nothing to inhibit.
// Independent of criticality: an extension present twice (§4.2 "MUST NOT include more than one
// instance"), and a malformed value of an extension the checks read (keyUsage, basicConstraints,
// extKeyUsage, subjectAltName, nameConstraints), make the certificate unusable: a malformed
// keyUsage read as "absent" would allow every usage.

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { berStructureProblem } from '../revocation/der-reader';

export const EXTENSION_OID = {
  subjectDirectoryAttributes: '2.5.29.9',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  issuerAltName: '2.5.29.18',
  basicConstraints: '2.5.29.19',
  nameConstraints: '2.5.29.30',
  crlDistributionPoints: '2.5.29.31',
  certificatePolicies: '2.5.29.32',
  policyMappings: '2.5.29.33',
  authorityKeyIdentifier: '2.5.29.35',
  policyConstraints: '2.5.29.36',
  extKeyUsage: '2.5.29.37',
  freshestCrl: '2.5.29.46',
  inhibitAnyPolicy: '2.5.29.54',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  subjectInfoAccess: '1.3.6.1.5.5.7.1.11',
  ocspNoCheck: '1.3.6.1.5.5.7.48.1.5',
} as const;

const E = EXTENSION_OID;

export const CRITICAL_ALLOWED: ReadonlySet<string> = new Set([
  E.keyUsage,
  E.basicConstraints,
  E.extKeyUsage,
  E.subjectAltName,
  E.nameConstraints,
  E.certificatePolicies,
  E.crlDistributionPoints,
  E.policyConstraints,
  E.inhibitAnyPolicy,
  // RFC 6960 §4.2.2.2.1: a responder certificate's "no check" (reported, see ocsp.ts).
  E.ocspNoCheck,
]);

// Values the checks read, and the pkijs class (or asn1js block) a well-formed value parses to.
const PARSED_AS: ReadonlyMap<string, abstract new (...args: never[]) => unknown> = new Map<
  string,
  abstract new (...args: never[]) => unknown
>([
  [E.keyUsage, asn1js.BitString],
  [E.basicConstraints, pkijs.BasicConstraints],
  [E.extKeyUsage, pkijs.ExtKeyUsage],
  [E.subjectAltName, pkijs.AltName],
  [E.nameConstraints, pkijs.NameConstraints],
  [E.certificatePolicies, pkijs.CertificatePolicies],
  [E.policyConstraints, pkijs.PolicyConstraints],
  [E.inhibitAnyPolicy, asn1js.Integer],
  [E.subjectKeyIdentifier, asn1js.OctetString],
  [E.authorityKeyIdentifier, pkijs.AuthorityKeyIdentifier],
]);

// GeneralName forms whose constraints are processed: rfc822Name, dNSName, directoryName, URI,
// iPAddress (RFC 5280 §4.2.1.10). otherName, x400Address, ediPartyName, registeredID are not.
const PROCESSED_NAME_FORMS: ReadonlySet<number> = new Set([1, 2, 4, 6, 7]);
const NAME_FORM = [
  'otherName',
  'rfc822Name',
  'dNSName',
  'x400Address',
  'directoryName',
  'ediPartyName',
  'URI',
  'iPAddress',
  'registeredID',
];

const integerValue = (value: number | asn1js.Integer | undefined): number | undefined =>
  value === undefined ? undefined : typeof value === 'number' ? value : value.valueBlock.valueDec;

// Why this certificate must not be used (empty when its extensions are acceptable).
export function certificateExtensionProblems(certificate: pkijs.Certificate): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const extension of certificate.extensions ?? []) {
    const oid = extension.extnID;
    if (seen.has(oid)) problems.push(`extension ${oid} appears more than once (RFC 5280 §4.2)`);
    seen.add(oid);
    if (extension.critical && !CRITICAL_ALLOWED.has(oid)) problems.push(`unrecognized critical extension ${oid} (RFC 5280 §4.2)`);
    const expected = PARSED_AS.get(oid);
    if (!expected) continue;
    const raw = extension.extnValue.valueBlock.valueHexView;
    const structure = berStructureProblem(raw);
    const parsed: unknown = structure ? undefined : extension.parsedValue;
    if (structure || !(parsed instanceof expected) || (parsed as { parsingError?: string }).parsingError)
      problems.push(`malformed extension ${oid}${structure ? `: ${structure}` : ''}`);
    else if (oid === E.nameConstraints)
      problems.push(...nameConstraintsProblems(parsed as pkijs.NameConstraints, extension.critical));
  }
  return problems;
}

// §4.2.1.10: minimum MUST be zero and maximum MUST be absent; forms we do not process cannot be
// honoured, which is only acceptable when the extension is not critical.
function nameConstraintsProblems(constraints: pkijs.NameConstraints, critical: boolean): string[] {
  const subtrees = [...(constraints.permittedSubtrees ?? []), ...(constraints.excludedSubtrees ?? [])];
  if (subtrees.length === 0) return ['nameConstraints without subtrees (RFC 5280 §4.2.1.10)'];
  const problems: string[] = [];
  for (const subtree of subtrees) {
    if ((integerValue(subtree.minimum) ?? 0) !== 0 || subtree.maximum !== undefined)
      problems.push('nameConstraints with minimum/maximum (RFC 5280 §4.2.1.10: not used)');
    else if (!PROCESSED_NAME_FORMS.has(subtree.base.type) && critical)
      problems.push(`critical nameConstraints on ${NAME_FORM[subtree.base.type] ?? subtree.base.type} names cannot be processed`);
    else if (subtree.base.type === 7 && ![8, 32].includes(ipBytes(subtree.base.value)?.length ?? 0))
      problems.push('nameConstraints iPAddress must be an address and a mask (8 or 32 bytes)');
  }
  return problems;
}

function ipBytes(value: unknown): Uint8Array | undefined {
  return value instanceof asn1js.OctetString ? value.valueBlock.valueHexView : undefined;
}

// ---------------------------------------------------------------------------------------------
// Name matching (RFC 5280 §4.2.1.10, §7.1-7.5; the dNSName rule as OpenSSL applies it).

const lower = (text: string) => text.toLowerCase();

// dNSName: the constraint plus zero or more labels on the left ("example.com" covers
// "www.example.com", not "badexample.com"); a leading "." also marks a label boundary.
function dnsWithin(name: string, base: string): boolean {
  if (base.length === 0) return true;
  const n = lower(name);
  const b = lower(base);
  if (n.length < b.length || !n.endsWith(b)) return false;
  return n.length === b.length || b.startsWith('.') || n[n.length - b.length - 1] === '.';
}

// rfc822Name: "user@host" a mailbox, "host" every mailbox at that host, ".domain" every mailbox
// in a subdomain of it. Local parts compare exactly, hosts case-insensitively.
function emailWithin(name: string, base: string): boolean {
  const at = name.lastIndexOf('@');
  if (at < 0) return false;
  const host = lower(name.slice(at + 1));
  if (base.includes('@')) {
    const baseAt = base.lastIndexOf('@');
    return name.slice(0, at) === base.slice(0, baseAt) && host === lower(base.slice(baseAt + 1));
  }
  if (base.startsWith('.')) return host.endsWith(lower(base)) && host.length > base.length;
  return host === lower(base);
}

// URI: the host part; ".domain" covers subdomains, otherwise the host itself (§4.2.1.10).
function uriWithin(name: string, base: string): boolean {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^:/?#]*)/i.exec(name);
  if (!match || match[1].length === 0) return false;
  const host = lower(match[1]);
  if (base.startsWith('.')) return host.endsWith(lower(base)) && host.length > base.length;
  return host === lower(base);
}

function ipWithin(name: Uint8Array, base: Uint8Array): boolean {
  if (base.length !== name.length * 2) return false;
  for (let i = 0; i < name.length; i++) if ((name[i] & base[name.length + i]) !== (base[i] & base[name.length + i])) return false;
  return true;
}

// directoryName: the name begins with the base's RDNs (§4.2.1.10, §7.1 comparison rules).
function dnWithin(name: pkijs.RelativeDistinguishedNames, base: pkijs.RelativeDistinguishedNames): boolean {
  const n = name.typesAndValues;
  const b = base.typesAndValues;
  if (b.length > n.length) return false;
  return b.every((attribute, i) => attribute.isEqual(n[i]));
}

export interface CertificateName {
  readonly form: number;
  readonly value: unknown;
  readonly text: string;
}

function within(name: CertificateName, base: pkijs.GeneralName): boolean {
  if (name.form !== base.type) return false;
  switch (name.form) {
    case 1:
      return typeof name.value === 'string' && typeof base.value === 'string' && emailWithin(name.value, base.value);
    case 2:
      return typeof name.value === 'string' && typeof base.value === 'string' && dnsWithin(name.value, base.value);
    case 4:
      return (
        name.value instanceof pkijs.RelativeDistinguishedNames &&
        base.value instanceof pkijs.RelativeDistinguishedNames &&
        dnWithin(name.value, base.value)
      );
    case 6:
      return typeof name.value === 'string' && typeof base.value === 'string' && uriWithin(name.value, base.value);
    case 7: {
      const n = ipBytes(name.value);
      const b = ipBytes(base.value);
      return !!n && !!b && ipWithin(n, b);
    }
    default:
      return false;
  }
}

const EMAIL_ADDRESS = '1.2.840.113549.1.9.1';
const COMMON_NAME = '2.5.4.3';
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i;

const attributeText = (value: unknown): string | undefined =>
  value instanceof asn1js.BaseStringBlock ? value.getValue() : undefined;

// The names a CA's constraints apply to: the subject DN (when not empty), every subjectAltName
// entry, the subject's emailAddress attributes as rfc822Names (§4.2.1.10), and for the end entity
// without a dNSName, a common name that is a host name (OpenSSL's rule, so both agree).
export function namesOf(certificate: pkijs.Certificate, endEntity: boolean): CertificateName[] {
  const names: CertificateName[] = [];
  const subject = certificate.subject;
  if (subject.typesAndValues.length > 0) names.push({ form: 4, value: subject, text: 'subject DN' });
  const san = certificate.extensions?.find((e) => e.extnID === E.subjectAltName)?.parsedValue;
  const altNames = san instanceof pkijs.AltName ? san.altNames : [];
  for (const general of altNames)
    names.push({
      form: general.type,
      value: general.value,
      text: `${NAME_FORM[general.type] ?? general.type} ${describe(general)}`,
    });
  for (const attribute of subject.typesAndValues) {
    const text = attributeText(attribute.value);
    if (attribute.type === EMAIL_ADDRESS && text) names.push({ form: 1, value: text, text: `emailAddress ${text}` });
  }
  if (endEntity && !altNames.some((n) => n.type === 2))
    for (const attribute of subject.typesAndValues) {
      const text = attributeText(attribute.value);
      if (attribute.type === COMMON_NAME && text && HOSTNAME.test(text)) names.push({ form: 2, value: text, text: `CN ${text}` });
    }
  return names;
}

function describe(general: pkijs.GeneralName): string {
  if (typeof general.value === 'string') return general.value;
  const ip = ipBytes(general.value);
  if (general.type === 7 && ip) return ip.length === 4 ? [...ip].join('.') : Buffer.from(ip).toString('hex');
  return '';
}

// Why `names` violate one CA's constraints (undefined when they do not). §6.1.4 (g): within the
// permitted subtrees of their form (when the CA names any of that form) and in no excluded one.
export function nameConstraintViolation(
  names: readonly CertificateName[],
  constraints: pkijs.NameConstraints,
): string | undefined {
  const permitted = constraints.permittedSubtrees ?? [];
  const excluded = constraints.excludedSubtrees ?? [];
  for (const name of names) {
    const ofForm = permitted.filter((s) => s.base.type === name.form);
    if (ofForm.length > 0 && !ofForm.some((s) => within(name, s.base)))
      return `${name.text} is not within the permitted subtrees`;
    if (excluded.some((s) => within(name, s.base))) return `${name.text} is within an excluded subtree`;
  }
  return undefined;
}

export function nameConstraintsOf(certificate: pkijs.Certificate): pkijs.NameConstraints | undefined {
  const value: unknown = certificate.extensions?.find((e) => e.extnID === E.nameConstraints)?.parsedValue;
  return value instanceof pkijs.NameConstraints ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Certificate policies (RFC 5280 §6.1, without policy mapping): the validator's inputs are
// user-initial-policy-set = {anyPolicy}, initial-explicit-policy, -any-policy-inhibit and
// -policy-mapping-inhibit all false, so policies only matter when a CA of the path demands them
// (policyConstraints requireExplicitPolicy) — and then the path must keep at least one policy
// that every certificate asserts (anyPolicy standing for all while inhibitAnyPolicy allows it).
// The valid policy tree is reduced to its set of leaves, which is what the outcome depends on
// when no mapping happens.

const ANY_POLICY = '2.5.29.32.0';

function extensionValue(certificate: pkijs.Certificate, oid: string): unknown {
  return certificate.extensions?.find((e) => e.extnID === oid)?.parsedValue;
}

function policiesOf(certificate: pkijs.Certificate): Set<string> | undefined {
  const value = extensionValue(certificate, E.certificatePolicies);
  return value instanceof pkijs.CertificatePolicies
    ? new Set(value.certificatePolicies.map((p) => p.policyIdentifier))
    : undefined;
}

// path: end entity first, trust anchor last (its extensions are not inputs here, §6.1.1 (d)).
export function policyProblem(path: readonly { certificate: pkijs.Certificate; isSelfIssued: boolean }[]): string | undefined {
  const n = path.length - 1;
  if (n < 1) return undefined;
  // undefined = the NULL tree; 'any' = the single anyPolicy node.
  let valid: Set<string> | 'any' | undefined = 'any';
  let explicitPolicy = n + 1;
  let inhibitAny = n + 1;
  let demandedBy = '';
  const subject = (c: pkijs.Certificate) =>
    c.subject.typesAndValues.map((tv) => (tv.value as { valueBlock?: { value?: unknown } })?.valueBlock?.value).join(', ');
  for (let i = 1; i <= n; i++) {
    const { certificate, isSelfIssued } = path[n - i];
    const policies = policiesOf(certificate);
    // §6.1.3 (d)-(e).
    if (!policies) valid = undefined;
    else if (valid !== undefined) {
      const anyAllowed = policies.has(ANY_POLICY) && (inhibitAny > 0 || (i < n && isSelfIssued));
      if (valid === 'any') valid = anyAllowed ? 'any' : new Set([...policies].filter((p) => p !== ANY_POLICY));
      else if (!anyAllowed) {
        const current: Set<string> = valid;
        valid = new Set([...current].filter((p) => policies.has(p)));
      }
      if (valid !== 'any' && valid.size === 0) valid = undefined;
    }
    if (i === n) {
      // §6.1.5 (a)-(b).
      if (!isSelfIssued && explicitPolicy > 0) explicitPolicy--;
      const constraints = extensionValue(certificate, E.policyConstraints);
      if (constraints instanceof pkijs.PolicyConstraints && constraints.requireExplicitPolicy === 0) {
        explicitPolicy = 0;
        demandedBy = subject(certificate);
      }
    } else {
      // §6.1.3 (f), then §6.1.4 (h)-(j).
      if (explicitPolicy === 0 && valid === undefined) break;
      if (!isSelfIssued) {
        if (explicitPolicy > 0) explicitPolicy--;
        if (inhibitAny > 0) inhibitAny--;
      }
      const constraints = extensionValue(certificate, E.policyConstraints);
      const require = constraints instanceof pkijs.PolicyConstraints ? constraints.requireExplicitPolicy : undefined;
      if (require !== undefined && require < explicitPolicy) {
        explicitPolicy = require;
        demandedBy = subject(certificate);
      }
      const inhibit = extensionValue(certificate, E.inhibitAnyPolicy);
      if (inhibit instanceof asn1js.Integer && inhibit.valueBlock.valueDec < inhibitAny) inhibitAny = inhibit.valueBlock.valueDec;
    }
  }
  if (explicitPolicy === 0 && valid === undefined)
    return `certificate policies: ${demandedBy || 'a CA'} requires an explicit policy (policyConstraints) and no policy is asserted by every certificate of the path`;
  return undefined;
}
