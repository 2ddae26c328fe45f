import { LegalAcceptance } from './entities/legal-acceptance.entity';
import { LegalDocumentVersion } from './entities/legal-document-version.entity';

// The tables legal owns; the composition root (src/entities.ts) registers them.
export const LEGAL_ENTITIES = [LegalDocumentVersion, LegalAcceptance];
