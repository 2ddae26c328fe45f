// Which certificate roles (EKU, kz-pki.md §1.2) may sign which kind of document for the sender.
// Default [PRODUCT.md §3]: the first head or a person with the signing right; invoices and acts
// also by a person with the financial signing right. Individuals (IIN certificates without a
// BIN) sign their own documents whatever their roles.
import { DocumentKind } from './entities/document.entity';

export const SIGNING_ROLES = ['CEO', 'CAN_SIGN', 'CAN_SIGN_FINANCIAL', 'HR', 'EMPLOYEE'] as const;
export type SigningRole = (typeof SIGNING_ROLES)[number];
export type SigningPolicyRules = Record<DocumentKind, SigningRole[]>;

export const DEFAULT_SIGNING_POLICY: SigningPolicyRules = {
  [DocumentKind.Contract]: ['CEO', 'CAN_SIGN'],
  [DocumentKind.Act]: ['CEO', 'CAN_SIGN', 'CAN_SIGN_FINANCIAL'],
  [DocumentKind.Invoice]: ['CEO', 'CAN_SIGN', 'CAN_SIGN_FINANCIAL'],
  [DocumentKind.Waybill]: ['CEO', 'CAN_SIGN'],
  [DocumentKind.Other]: ['CEO', 'CAN_SIGN'],
};

export function effectivePolicy(stored: Partial<Record<string, string[]>> | undefined): SigningPolicyRules {
  const rules = { ...DEFAULT_SIGNING_POLICY };
  for (const kind of Object.values(DocumentKind)) {
    const roles = stored?.[kind];
    if (roles) rules[kind] = roles.filter((r): r is SigningRole => (SIGNING_ROLES as readonly string[]).includes(r));
  }
  return rules;
}
