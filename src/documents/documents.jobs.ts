import { defineJobs } from '../common/jobs/job-definitions';

export enum DocumentsJobName {
  ResealDocumentSignatures = 'documents.reseal-signatures',
}

// Retries the evidence upgrade of recently accepted document signatures.
export class ResealDocumentSignaturesPayload {}

declare module '../common/jobs/job-definitions' {
  interface JobPayloads {
    [DocumentsJobName.ResealDocumentSignatures]: ResealDocumentSignaturesPayload;
  }
}

export const DOCUMENTS_JOBS = defineJobs({
  [DocumentsJobName.ResealDocumentSignatures]: { version: 1, payload: ResealDocumentSignaturesPayload },
});
