import { DynamicModule, Logger, Module } from '@nestjs/common';
import { DOCUMENT_SIGNER, DocumentSigner, DocumentSignerError } from './document-signer';
import { Pkcs12DocumentSigner } from './pkcs12-document-signer';

export interface OperatorSignerSettings {
  // OPERATOR_SIGNER_P12_PATH / OPERATOR_SIGNER_P12_PASSWORD; both unset = no operator signer.
  readonly p12Path?: string;
  readonly p12Password?: string;
}

// Stands in while no key store is configured, so the service still boots (most deployments only
// verify signatures) and the first attempt to sign says exactly what is missing.
export class UnconfiguredDocumentSigner implements DocumentSigner {
  private error(): DocumentSignerError {
    return new DocumentSignerError(
      'NOT_CONFIGURED',
      'operator signer not configured: set OPERATOR_SIGNER_P12_PATH and OPERATOR_SIGNER_P12_PASSWORD to the operator RSA key store',
    );
  }

  sign(): Promise<Uint8Array> {
    return Promise.reject(this.error());
  }

  certificate(): Promise<never> {
    return Promise.reject(this.error());
  }
}

// A configured but unusable key store (missing file, wrong password, GOST or AUTH key) stops
// the boot: that is a deployment mistake, better found before the first document needs a signature.
export async function createDocumentSigner(settings: OperatorSignerSettings): Promise<DocumentSigner> {
  if (!settings.p12Path) return new UnconfiguredDocumentSigner();
  if (settings.p12Password === undefined)
    throw new DocumentSignerError('NOT_CONFIGURED', 'OPERATOR_SIGNER_P12_PASSWORD is required with OPERATOR_SIGNER_P12_PATH');
  const signer = await Pkcs12DocumentSigner.fromFile(settings.p12Path, settings.p12Password);
  const info = await signer.certificate();
  new Logger('DocumentSigner').log(
    `operator signer: ${info.subject}, serial ${info.serialNumber}, valid until ${info.notAfter.toISOString()}`,
  );
  return signer;
}

// Registered once by AppModule from the validated config; global so that a module signing its own
// documents (billing's access acts) injects DOCUMENT_SIGNER without knowing where the key lives.
@Module({})
export class DocumentSignerModule {
  static forRoot(settings: OperatorSignerSettings): DynamicModule {
    return {
      module: DocumentSignerModule,
      global: true,
      providers: [{ provide: DOCUMENT_SIGNER, useFactory: () => createDocumentSigner(settings) }],
      exports: [DOCUMENT_SIGNER],
    };
  }
}
