// Name constraints of a CA (RFC 5280 §4.2.1.10, §6.1.3 (b)-(c), §6.1.4 (g)), built here from the
// standard with the test PKI's keys (helpers in rfc5280-spec-support.ts).

import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { createCadesBes } from '../test-pki/cades';
import { rdn, wholeSeconds } from '../test-pki/der';
import { OID } from '../test-pki/oids';
import { extension } from '../test-pki/x509-builder';
import { verifyCms } from './cms-verifier';
import {
  C,
  caExtensions,
  CN,
  CONTENT,
  eeExtensions,
  EMAIL,
  expectRefused,
  hierarchy,
  issue,
  loadTestPkiBeforeAll,
  O,
  Pair,
  pki,
  SIGNING_TIME,
  VALIDATION_TIME,
  verifyBuilt,
} from './rfc5280-spec-support';

loadTestPkiBeforeAll();

const general = (type: number, value: unknown) => new pkijs.GeneralName({ type, value } as pkijs.GeneralNameParameters);
const ip = (...bytes: number[]) => new asn1js.OctetString({ valueHex: new Uint8Array(bytes) });
function nameConstraints(options: {
  permitted?: pkijs.GeneralName[];
  excluded?: pkijs.GeneralName[];
  critical?: boolean;
}): pkijs.Extension {
  const value = new pkijs.NameConstraints({
    ...(options.permitted && { permittedSubtrees: options.permitted.map((base) => new pkijs.GeneralSubtree({ base })) }),
    ...(options.excluded && { excludedSubtrees: options.excluded.map((base) => new pkijs.GeneralSubtree({ base })) }),
  });
  return extension('2.5.29.30', options.critical ?? true, value.toSchema());
}
const san = (...names: pkijs.GeneralName[]) =>
  extension(OID.subjectAltName, false, new pkijs.AltName({ altNames: names }).toSchema());

describe('name constraints of a CA (RFC 5280 §4.2.1.10, §6.1.4 (g))', () => {
  const cases: [string, pkijs.Extension, Pair[], pkijs.Extension[], boolean][] = [
    [
      'permitted directoryName C=KZ,O=EDO: a subject under it',
      nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('EDO')]))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [],
      true,
    ],
    [
      'permitted directoryName C=KZ,O=EDO: another organization',
      nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('EDO')]))] }),
      [C('KZ'), O('EVIL'), CN('MALLORY')],
      [],
      false,
    ],
    [
      'permitted directoryName compares case-insensitively (§7.1)',
      nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('edo')]))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [],
      true,
    ],
    [
      'excluded directoryName C=KZ,O=EVIL',
      nameConstraints({ excluded: [general(4, rdn([C('KZ'), O('EVIL')]))] }),
      [C('KZ'), O('EVIL'), CN('MALLORY')],
      [],
      false,
    ],
    [
      'permitted rfc822Name edo.kz: alice@edo.kz',
      nameConstraints({ permitted: [general(1, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'alice@edo.kz'))],
      true,
    ],
    [
      'permitted rfc822Name edo.kz: mallory@evil.kz',
      nameConstraints({ permitted: [general(1, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'mallory@evil.kz'))],
      false,
    ],
    [
      'permitted rfc822Name .edo.kz: a subdomain host',
      nameConstraints({ permitted: [general(1, '.edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'alice@mail.edo.kz'))],
      true,
    ],
    [
      'permitted rfc822Name .edo.kz: the domain itself is not a subdomain',
      nameConstraints({ permitted: [general(1, '.edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'alice@edo.kz'))],
      false,
    ],
    [
      'permitted rfc822Name: the subject emailAddress attribute counts',
      nameConstraints({ permitted: [general(1, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE'), EMAIL('x@evil.kz')],
      [],
      false,
    ],
    [
      'excluded rfc822Name mailbox',
      nameConstraints({ excluded: [general(1, 'boss@edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(1, 'boss@edo.kz'))],
      false,
    ],
    [
      'permitted dNSName edo.kz: sign.edo.kz',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(2, 'sign.edo.kz'))],
      true,
    ],
    [
      'permitted dNSName edo.kz: badedo.kz (no label boundary)',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(2, 'badedo.kz'))],
      false,
    ],
    [
      'permitted dNSName edo.kz: edo.kz.evil.com',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(2, 'edo.kz.evil.com'))],
      false,
    ],
    [
      'excluded dNSName evil.kz: WWW.EVIL.KZ',
      nameConstraints({ excluded: [general(2, 'evil.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(2, 'WWW.EVIL.KZ'))],
      false,
    ],
    [
      'permitted dNSName: a host-name CN of the end entity without dNSName',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('www.evil.kz')],
      [],
      false,
    ],
    [
      'permitted iPAddress 10.0.0.0/8: 10.1.2.3',
      nameConstraints({ permitted: [general(7, ip(10, 0, 0, 0, 255, 0, 0, 0))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(7, ip(10, 1, 2, 3)))],
      true,
    ],
    [
      'permitted iPAddress 10.0.0.0/8: 192.168.1.1',
      nameConstraints({ permitted: [general(7, ip(10, 0, 0, 0, 255, 0, 0, 0))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(7, ip(192, 168, 1, 1)))],
      false,
    ],
    [
      'excluded iPAddress 192.168.0.0/16',
      nameConstraints({ excluded: [general(7, ip(192, 168, 0, 0, 255, 255, 0, 0))] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(7, ip(192, 168, 1, 1)))],
      false,
    ],
    [
      'excluded URI .evil.kz',
      nameConstraints({ excluded: [general(6, '.evil.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(6, 'https://x.evil.kz/doc'))],
      false,
    ],
    [
      'permitted URI host edo.kz',
      nameConstraints({ permitted: [general(6, 'edo.kz')] }),
      [C('KZ'), O('EDO'), CN('ALICE')],
      [san(general(6, 'https://edo.kz/doc'))],
      true,
    ],
    [
      'a non-critical nameConstraints is enforced too',
      nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('EDO')]))], critical: false }),
      [C('KZ'), O('EVIL'), CN('MALLORY')],
      [],
      false,
    ],
    [
      'a dNSName constraint does not restrict a directoryName',
      nameConstraints({ permitted: [general(2, 'edo.kz')] }),
      [C('KZ'), O('ANY'), CN('ALICE')],
      [],
      true,
    ],
  ];

  it.each(cases)('%s', async (_, constraint, eeName, eeExtra, passes) => {
    const report = await verifyBuilt(hierarchy({ ca: [constraint], eeName, ee: eeExtra }));
    if (passes) expect(report.indication).toBe('TOTAL_PASSED');
    else expectRefused(report, /violates the name constraints of .*EDO Constrained CA/);
  });

  it('refuses a critical nameConstraints on a name form it cannot process (registeredID)', async () => {
    const registeredId = general(8, '1.2.398.3.3.4');
    const report = await verifyBuilt(hierarchy({ ca: [nameConstraints({ permitted: [registeredId] })] }));
    expectRefused(report, /nameConstraints on registeredID names cannot be processed/);
  });

  it('applies the constraints of a CA to every certificate below it, intermediates included', async () => {
    // root → CA (permitted O=EDO) → sub-CA O=EVIL → end entity O=EDO: the sub-CA's subject violates.
    const root = pki.get('rsa/root-ca');
    const caKey = pki.get('rsa/nca').key;
    const subKey = pki.get('rsa/ocsp-responder').key;
    const eeKey = pki.get('rsa/individual-sign').key;
    const ca = {
      ...issue([C('KZ'), O('EDO'), CN('EDO Constrained CA')], root, caKey, [
        ...caExtensions(caKey, root.key),
        nameConstraints({ permitted: [general(4, rdn([C('KZ'), O('EDO')]))] }),
      ]),
      key: caKey,
    };
    const sub = { ...issue([C('KZ'), O('EVIL'), CN('Sub CA')], ca, subKey, caExtensions(subKey, caKey)), key: subKey };
    const ee = issue([C('KZ'), O('EDO'), CN('ALICE')], sub, eeKey, eeExtensions(eeKey, subKey));
    const report = await verifyCms({
      cms: await createCadesBes({ ...ee, key: eeKey }, CONTENT, {
        signingTime: SIGNING_TIME,
        extraCertificates: [ca.der, sub.der],
      }),
      trustAnchors: [root.der],
      validationTime: VALIDATION_TIME,
      policy: { revocation: 'off' },
    });
    expectRefused(report, /Sub CA.* violates the name constraints/);
  });
});

// Keep the helpers honest: wholeSeconds is what the builders use for times.
test('test dates are whole seconds', () => expect(wholeSeconds(SIGNING_TIME)).toEqual(SIGNING_TIME));
