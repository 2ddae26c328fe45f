import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ManualClock } from '../../src/common/clock';
import { OrganizationEventInput, OrganizationEventsService } from '../../src/integrations/organization-events.service';
import { testDatabaseKind } from '../utils/backends';
import { discardPendingJobs } from '../utils/database';
import { feedEvent } from '../utils/feed-events';
import { createOrganization, createTestApp, TestApp, TestOrganization } from '../utils/test-app';

const DOCUMENTS_READ = { documents: 'read', signing: 'none', billing: 'none', administration: 'none' };
const NO_DOCUMENTS = { documents: 'none', signing: 'none', billing: 'none', administration: 'write' };

interface FeedItem {
  id: string;
  seq: string;
  type: string;
  organizationId: string;
  documentId: string;
  recipientId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}

describe('event feed: GET /api/v1/events', () => {
  let test: TestApp;
  let dataSource: DataSource;
  let events: OrganizationEventsService;
  let orgA: TestOrganization;
  let orgB: TestOrganization;
  const docs = [randomUUID(), randomUUID(), randomUUID()];
  const recipientId = randomUUID();

  // A clock of its own (far from the other suites' jobs) that only moves when told to. At 2044
  // every job earlier files left pending is due: its runner ran them (mails and webhooks to
  // closed ports, retried), its close outlasted the hook's minute, and the app, left running,
  // then took the next file's mails. They are not this file's to run.
  beforeAll(async () => {
    await discardPendingJobs();
    test = await createTestApp({ JOBS_POLL_INTERVAL_MS: '60000' }, new ManualClock(new Date('2044-02-01T00:10:00Z')));
    dataSource = test.app.get(DataSource);
    events = test.app.get(OrganizationEventsService);
    orgA = await createOrganization(test, 'ТОО «Лента»');
    orgB = await createOrganization(test, 'ТОО «Чужая лента»');
  });
  afterAll(() => test.close());

  const asKey = (key: string) => ({ Authorization: `Bearer ${key}` });
  // Events as the documents module writes them (feedEvent fills what a test leaves out).
  const record = (event: Parameters<typeof feedEvent>[0]) =>
    dataSource.transaction((manager) => events.record(manager, feedEvent(event)));
  const feed = async (key: string, query: string) => {
    const response = await test.http.get(`/api/v1/events?${query}`).set(asKey(key)).expect(200);
    return response.body as { items: FeedItem[]; nextCursor: string; hasMore: boolean };
  };

  const scenario: Omit<OrganizationEventInput, 'organizationId' | 'actorOrganizationId'>[] = [
    { type: 'document.received', documentId: docs[0], recipientId, data: { title: 'Шарт № 1' } },
    { type: 'document.opened', documentId: docs[0], recipientId, data: {} },
    { type: 'document.received', documentId: docs[1], recipientId, data: { title: 'Акт' } },
    { type: 'document.signed_by_recipient', documentId: docs[0], recipientId, data: {} },
    { type: 'document.refused', documentId: docs[1], recipientId, data: { reason: 'Қате сома / Неверная сумма' } },
    { type: 'document.uploaded', documentId: docs[2], data: { size: 2048 } },
  ];

  it('replays every event of the organization in order from cursor 0, and from a middle cursor', async () => {
    const seqs: string[] = [];
    for (const event of scenario) {
      seqs.push((await record({ ...event, organizationId: orgA.id })).seq);
      test.clock.advance(1000);
    }
    // Each organization's feed counts from 1 without gaps.
    expect(seqs).toEqual(['1', '2', '3', '4', '5', '6']);

    const all = await feed(orgA.apiKey, 'after=0');
    expect(all.items.map((item) => [item.seq, item.type, item.documentId])).toEqual(
      scenario.map((event, index) => [String(index + 1), event.type, event.documentId]),
    );
    expect(all.items[0]).toMatchObject({ organizationId: orgA.id, recipientId, data: { title: 'Шарт № 1' } });
    expect(all.items[5].recipientId).toBeNull();
    expect(Date.parse(all.items[1].createdAt) - Date.parse(all.items[0].createdAt)).toBe(1000);
    expect(all).toMatchObject({ nextCursor: '6', hasMore: false });
    // The default cursor is the start of the feed.
    expect((await feed(orgA.apiKey, '')).items).toHaveLength(6);

    const fromMiddle = await feed(orgA.apiKey, 'after=3');
    expect(fromMiddle.items.map((item) => item.seq)).toEqual(['4', '5', '6']);
    expect(fromMiddle.items).toEqual(all.items.slice(3));

    // Nothing new: the cursor stays where it is.
    expect(await feed(orgA.apiKey, 'after=6')).toEqual({ items: [], nextCursor: '6', hasMore: false });
  });

  it('pages with limit and nextCursor, and filters by type and document', async () => {
    const pages: string[][] = [];
    let cursor = '0';
    for (;;) {
      const page = await feed(orgA.apiKey, `after=${cursor}&limit=4`);
      pages.push(page.items.map((item) => item.seq));
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    expect(pages).toEqual([
      ['1', '2', '3', '4'],
      ['5', '6'],
    ]);

    const received = await feed(orgA.apiKey, 'after=0&type=document.received');
    expect(received.items.map((item) => item.seq)).toEqual(['1', '3']);
    const ofDoc = await feed(orgA.apiKey, `after=0&documentId=${docs[0]}`);
    expect(ofDoc.items.map((item) => item.type)).toEqual([
      'document.received',
      'document.opened',
      'document.signed_by_recipient',
    ]);
    const both = await feed(orgA.apiKey, `after=1&type=document.received&documentId=${docs[1]}`);
    expect(both.items.map((item) => item.seq)).toEqual(['3']);
  });

  it('isolates tenants: another organization sees only its own feed, numbered from 1', async () => {
    expect((await feed(orgB.apiKey, 'after=0')).items).toEqual([]);
    await record({ organizationId: orgB.id, type: 'document.received', documentId: docs[0], data: {} });
    const ofB = await feed(orgB.apiKey, 'after=0');
    expect(ofB.items.map((item) => [item.seq, item.organizationId])).toEqual([['1', orgB.id]]);
    expect((await feed(orgB.apiKey, `after=0&documentId=${docs[1]}`)).items).toEqual([]);
    expect((await feed(orgA.apiKey, 'after=0')).items.every((item) => item.organizationId === orgA.id)).toBe(true);
  });

  it('needs documents:read and refuses bad parameters', async () => {
    const reader = await test.http
      .post('/api/v1/api-keys')
      .set(asKey(orgA.apiKey))
      .send({ name: 'feed', rights: DOCUMENTS_READ })
      .expect(201);
    expect((await feed(reader.body.secret, 'after=0')).items).toHaveLength(6);
    const admin = await test.http
      .post('/api/v1/api-keys')
      .set(asKey(orgA.apiKey))
      .send({ name: 'admin', rights: NO_DOCUMENTS })
      .expect(201);
    const forbidden = await test.http.get('/api/v1/events').set(asKey(admin.body.secret)).expect(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    await test.http.get('/api/v1/events').expect(401);

    for (const query of [
      'after=abc',
      'after=-1',
      'after=9999999999999999999',
      'limit=0',
      'limit=501',
      'type=document.eaten',
      'documentId=42',
    ]) {
      const bad = await test.http.get(`/api/v1/events?${query}`).set(asKey(orgA.apiKey)).expect(400);
      expect([query, bad.body.error.code]).toEqual([query, 'VALIDATION_FAILED']);
    }
  });

  it('is append-only: the database refuses to change or delete an event', async () => {
    await expect(
      dataSource.query(`UPDATE organization_events SET type = 'document.sent' WHERE "organizationId" = $1`, [orgA.id]),
    ).rejects.toThrow(/append-only/);
    await expect(dataSource.query(`DELETE FROM organization_events WHERE "organizationId" = $1`, [orgA.id])).rejects.toThrow(
      /append-only/,
    );
    expect((await feed(orgA.apiKey, 'after=0')).items).toHaveLength(6);
  });

  it('rejects an event the caller got wrong, and records nothing with a rolled-back transaction', async () => {
    await expect(
      record({ organizationId: orgA.id, type: 'document.eaten' as never, documentId: docs[0], data: {} }),
    ).rejects.toThrow(/unknown event type/);
    await expect(record({ organizationId: orgA.id, type: 'document.sent', documentId: 'nope', data: {} })).rejects.toThrow(
      /UUID/,
    );
    await expect(
      dataSource.transaction(async (manager) => {
        await events.record(manager, {
          organizationId: orgA.id,
          type: 'document.sent',
          documentId: docs[2],
          actorOrganizationId: null,
          data: {},
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    // The rolled-back seq 7 is given out again: no gap.
    expect(await record({ organizationId: orgA.id, type: 'document.sent', documentId: docs[2], data: {} })).toEqual({ seq: '7' });
  });

  it('keeps one gap-free sequence under concurrent writers, and records for two organizations at once', async () => {
    const before = Number((await feed(orgA.apiKey, 'after=0&limit=500')).nextCursor);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        dataSource.transaction((manager) =>
          events.recordAll(manager, [
            feedEvent({
              organizationId: orgA.id,
              type: 'document.sent',
              documentId: docs[index % 3],
              data: { eventSeq: index + 1 },
            }),
            feedEvent({
              organizationId: orgB.id,
              type: 'document.received',
              documentId: docs[index % 3],
              data: { eventSeq: index + 1 },
            }),
          ]),
        ),
      ),
    );
    const seqsOfA = results.map(([ofA]) => Number(ofA.seq)).sort((a, b) => a - b);
    expect(seqsOfA).toEqual(Array.from({ length: 12 }, (_, index) => before + index + 1));
    const fed = (await feed(orgA.apiKey, `after=${before}&limit=500`)).items;
    expect(fed.map((item) => Number(item.seq))).toEqual(seqsOfA);
  });

  // Two transactions writing one feed: the second waits for the first, so a reader can never see
  // seq n+1 while seq n may still commit (or roll back and leave a hole).
  (testDatabaseKind() === 'postgresql' ? it : it.skip)('makes a second writer wait until the first one commits', async () => {
    const last = Number((await feed(orgA.apiKey, 'after=0&limit=500')).nextCursor);
    let releaseFirst!: () => void;
    const firstMayEnd = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstRecorded!: () => void;
    const firstHasRecorded = new Promise<void>((resolve) => (firstRecorded = resolve));
    const first = dataSource.transaction(async (manager) => {
      const result = await events.record(
        manager,
        feedEvent({
          organizationId: orgA.id,
          type: 'document.sent',
          documentId: docs[0],
        }),
      );
      firstRecorded();
      await firstMayEnd;
      return result;
    });
    await firstHasRecorded;
    let secondDone = false;
    const second = record({ organizationId: orgA.id, type: 'document.sent', documentId: docs[1], data: {} }).then((result) => {
      secondDone = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(secondDone).toBe(false);
    expect((await feed(orgA.apiKey, `after=${last}`)).items).toEqual([]);
    releaseFirst();
    expect(await first).toEqual({ seq: String(last + 1) });
    expect(await second).toEqual({ seq: String(last + 2) });
    expect((await feed(orgA.apiKey, `after=${last}`)).items.map((item) => item.documentId)).toEqual([docs[0], docs[1]]);
  });
});
