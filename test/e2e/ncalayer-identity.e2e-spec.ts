// Registration and login by ЭЦП the way the web cabinet does them: the CMS comes from NCALayer's
// protocol (our browser client talking to the emulator over a WebSocket), not from a test helper,
// and goes through the HTTP API like any browser request.

import * as path from 'node:path';
import { WebSocket } from 'ws';
import { NcaLayerClient } from '../../web/src/ncalayer/client/ncalayer-client';
import { EKU } from '../../web/src/ncalayer/client/protocol';
import { EXAMPLE_CONFIG_FILE, readEmulatorConfig } from '../../src/ncalayer/emulator/emulator-config';
import { NcaLayerEmulator } from '../../src/ncalayer/emulator/emulator-server';
import {
  auditSince,
  currentOffer,
  createSignatureTestApp,
  forgetTestPkiIdentities,
  lastAuditSeq,
  SignatureTestApp,
  testPki,
} from '../utils/signature-test-app';

const BIN = '150140001239';
const CEO_IIN = '750512300782';
// The main user's label comes from the certificate's names, never from a form.
const registeredHead = 'НҰРЛАНОВ АСХАТ БОЛАТҰЛЫ';

describe('registration and login through NCALayer (emulated)', () => {
  let test: SignatureTestApp;
  let emulator: NcaLayerEmulator;
  let ncaLayer: NcaLayerClient;

  beforeAll(async () => {
    test = await createSignatureTestApp();
    await forgetTestPkiIdentities(test.dataSource);
    const config = { ...readEmulatorConfig(EXAMPLE_CONFIG_FILE), testPkiDir: path.resolve(__dirname, '../../certs/test-pki') };
    emulator = new NcaLayerEmulator({ pki: testPki(), config, port: 0 });
    const { url } = await emulator.start();
    ncaLayer = new NcaLayerClient({ url, WebSocket, locale: 'kk' });
  });
  afterAll(async () => {
    ncaLayer.close();
    await emulator.close();
    await test.close();
  });

  it('registers the organization with the first head SIGN key chosen by the BIN filter, then logs in by a signed challenge', async () => {
    const since = await lastAuditSeq(test.dataSource);
    const { version, text } = await currentOffer(test, 'kk');

    const acceptance = await ncaLayer.sign({
      bytes: new Uint8Array(text),
      detached: true,
      filters: { bin: BIN, keyUsage: 'SIGN', extKeyUsageOids: [EKU.firstHead] },
    });
    const registered = await test.http
      .post('/api/v1/registration')
      .send({ offerVersion: version, locale: 'kk', cms: acceptance });
    expect(registered.status).toBe(201);
    expect(registered.body.organization).toMatchObject({ identifier: BIN });

    const challenge = (await test.http.post('/api/v1/auth/signature/challenge').expect(200)).body;
    const signedChallenge = await ncaLayer.sign({ data: challenge.dataToSign, filters: { iin: CEO_IIN } });
    const login = await test.http.post('/api/v1/auth/signature/login').send({ nonce: challenge.nonce, cms: signedChallenge });
    expect(login.status).toBe(200);
    expect(login.body.organization).toMatchObject({ identifier: BIN });

    // The same signed challenge cannot open a second session.
    const replay = await test.http.post('/api/v1/auth/signature/login').send({ nonce: challenge.nonce, cms: signedChallenge });
    expect(replay.status).toBe(401);

    const actions = (await auditSince(test.dataSource, since)).map((row) => `${row.action}:${row.result}`);
    expect(actions).toEqual(['organization.register:success', 'auth.signature_login:success', 'auth.signature_login:failure']);
  });

  it('logs the first head in with the AUTH key that NCALayer offers for authentication', async () => {
    const challenge = (await test.http.post('/api/v1/auth/signature/challenge').expect(200)).body;
    const cms = await ncaLayer.sign({ data: challenge.dataToSign, filters: { bin: BIN, keyUsage: 'AUTH' } });
    const login = await test.http.post('/api/v1/auth/signature/login').send({ nonce: challenge.nonce, cms });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ isMain: true, label: registeredHead });
  });
});
