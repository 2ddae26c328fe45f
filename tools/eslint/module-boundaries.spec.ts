// The module-boundaries rule on the repository's real layout (it resolves imports on disk and
// derives the module list from src/), so each case names a file where it would live.
import * as path from 'node:path';
import { RuleTester } from 'eslint';
import type { Rule } from 'eslint';
import tseslint from 'typescript-eslint';

// The rule is CommonJS so that eslint.config.mjs loads it without a build step.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rule: Rule.RuleModule = require('./module-boundaries.cjs');

const ROOT = path.resolve(__dirname, '../..');
const at = (file: string) => path.join(ROOT, file);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });

tester.run('module-boundaries', rule, {
  valid: [
    {
      name: 'a development tool outside the build (the NCALayer emulator) uses the test PKI',
      filename: at('src/ncalayer/emulator/emulator-signer.ts'),
      code: "import { createCadesBes } from '../../signing/test-pki/cades';",
    },
    {
      name: "another module's face",
      filename: at('src/documents/documents.service.ts'),
      code: "import { X } from '../signing';",
    },
    {
      name: 'the face by its file name',
      filename: at('src/documents/documents.service.ts'),
      code: "import { X } from '../signing/index';",
    },
    {
      name: 'a type through the face',
      filename: at('src/documents/documents.service.ts'),
      code: "import type { T } from '../signing';",
    },
    {
      name: 'deep inside the same module',
      filename: at('src/documents/evidence/card-labels.ts'),
      code: "import { X } from '../status';",
    },
    {
      name: 'a module uses the platform file by file',
      filename: at('src/documents/documents.service.ts'),
      code: "import { Clock } from '../common/clock';",
    },
    {
      name: 'the root imports faces and the platform',
      filename: at('src/app.module.ts'),
      code: "import { A } from './signing';\nimport { Clock } from './common/clock';",
    },
    {
      name: 'database may import common and config',
      filename: at('src/database/database.module.ts'),
      code: "import { A } from '../common/clock';\nimport { B } from '../config/app-config';",
    },
    { name: 'common may import config', filename: at('src/common/clock.ts'), code: "import { B } from '../config/app-config';" },
    {
      name: 'everybody may import the contracts',
      filename: at('src/common/mail/x.ts'),
      code: "import { f } from '../../contracts/locale-format';",
    },
    {
      name: 'web may import the contracts',
      filename: at('web/src/format.ts'),
      code: "import { f } from '../../src/contracts/locale-format';",
    },
    { name: 'web imports web', filename: at('web/src/pages/page.tsx'), code: "import { api } from '../api';" },
    {
      name: 'packages are not judged',
      filename: at('src/documents/documents.service.ts'),
      code: "import { Repository } from 'typeorm';",
    },
    {
      name: 'specs are white-box',
      filename: at('src/documents/documents.spec.ts'),
      code: "import { X } from '../signing/verification/report';",
    },
    {
      name: 'test/ is white-box',
      filename: at('test/e2e/documents.e2e-spec.ts'),
      code: "import { X } from '../../src/signing/verification/report';",
    },
    {
      name: 'bench/ is white-box',
      filename: at('bench/flow.bench.ts'),
      code: "import { X } from '../src/signing/test-pki/cades';",
    },
  ],
  invalid: [
    {
      name: "another module's internals",
      filename: at('src/documents/documents.service.ts'),
      code: "import { X } from '../signing/verification/report';",
      errors: [
        {
          messageId: 'deepImport',
          data: { from: 'src/documents', module: 'signing', specifier: '../signing/verification/report', face: '../signing' },
        },
      ],
    },
    {
      name: "a type from another module's internals",
      filename: at('src/documents/entities/document.entity.ts'),
      code: "import type { Organization } from '../../identity/entities/organization.entity';",
      errors: [
        {
          messageId: 'deepImport',
          data: {
            from: 'src/documents',
            module: 'identity',
            specifier: '../../identity/entities/organization.entity',
            face: '../../identity',
          },
        },
      ],
    },
    {
      name: 're-exports, dynamic imports and import types count too',
      filename: at('src/billing/billing.service.ts'),
      code: "export { X } from '../documents/status';\nconst m = import('../documents/status');\ntype T = typeof import('../documents/status');",
      errors: [{ messageId: 'deepImport' }, { messageId: 'deepImport' }, { messageId: 'deepImport' }],
    },
    {
      name: 'the root reaches into a module',
      filename: at('src/app.module.ts'),
      code: "import { DocumentsModule } from './documents/documents.module';",
      errors: [
        {
          messageId: 'deepImport',
          data: {
            from: 'src/app.module.ts',
            module: 'documents',
            specifier: './documents/documents.module',
            face: './documents',
          },
        },
      ],
    },
    {
      name: 'common imports a domain module, even through its face',
      filename: at('src/common/security/principal.ts'),
      code: "import { Right } from '../../identity';",
      errors: [
        { messageId: 'platformImportsUp', data: { from: 'common', what: 'the identity module', specifier: '../../identity' } },
      ],
    },
    {
      name: 'common imports database, config imports common',
      filename: at('src/common/clock.ts'),
      code: "import { queryRows } from '../database/query-rows';",
      errors: [
        { messageId: 'platformImportsUp', data: { from: 'common', what: 'src/database', specifier: '../database/query-rows' } },
      ],
    },
    {
      name: 'config imports common',
      filename: at('src/config/app-config.ts'),
      code: "import { Clock } from '../common/clock';",
      errors: [{ messageId: 'platformImportsUp' }],
    },
    {
      name: 'the contracts import the platform',
      filename: at('src/contracts/locale-format.ts'),
      code: "import { Clock } from '../common/clock';",
      errors: [{ messageId: 'contractsImport' }],
    },
    {
      name: 'a module imports the composition root',
      filename: at('src/documents/documents.service.ts'),
      code: "import { createHttpApp } from '../bootstrap';",
      errors: [{ messageId: 'rootImport' }],
    },
    {
      name: 'web imports the server outside the contracts',
      filename: at('web/src/pages/page.tsx'),
      code: "import { DOCUMENT_ACTIONS } from '../../../src/documents/status';\nimport type { X } from '../../../test/utils/x';",
      errors: [{ messageId: 'webImport' }, { messageId: 'webImport' }],
    },
  ],
});
