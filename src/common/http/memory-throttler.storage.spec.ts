import { MemoryThrottlerStorage } from './memory-throttler.storage';

describe('MemoryThrottlerStorage', () => {
  let now = 1_000_000;
  let storage: MemoryThrottlerStorage;
  beforeEach(() => {
    now = 1_000_000;
    storage = new MemoryThrottlerStorage(() => now);
  });
  afterEach(() => storage.onApplicationShutdown());

  it('counts hits per client and throttler within a window, then starts a new window', async () => {
    for (let i = 1; i <= 3; i++) expect((await storage.increment('1.2.3.4', 60_000, 5, 0, 'default')).totalHits).toBe(i);
    expect((await storage.increment('1.2.3.4', 60_000, 5, 0, 'login')).totalHits).toBe(1);
    expect((await storage.increment('5.6.7.8', 60_000, 5, 0, 'default')).totalHits).toBe(1);
    now += 30_000;
    expect(await storage.increment('1.2.3.4', 60_000, 5, 0, 'default')).toMatchObject({ totalHits: 4, timeToExpire: 30 });
    now += 30_000;
    expect((await storage.increment('1.2.3.4', 60_000, 5, 0, 'default')).totalHits).toBe(1);
  });

  it('blocks a client over the limit for the block duration (the window when none), even into the next window', async () => {
    for (let i = 0; i < 2; i++) expect((await storage.increment('k', 60_000, 2, 120_000, 'default')).isBlocked).toBe(false);
    expect(await storage.increment('k', 60_000, 2, 120_000, 'default')).toMatchObject({
      isBlocked: true,
      timeToBlockExpire: 120,
    });
    now += 90_000; // a new window, still blocked
    expect(await storage.increment('k', 60_000, 2, 120_000, 'default')).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    now += 30_000;
    expect((await storage.increment('k', 60_000, 2, 120_000, 'default')).isBlocked).toBe(false);

    for (let i = 0; i < 3; i++) await storage.increment('other', 10_000, 2, 0, 'login');
    expect(await storage.increment('other', 10_000, 2, 0, 'login')).toMatchObject({ isBlocked: true, timeToBlockExpire: 10 });
  });

  it('forgets clients once their window and block are over', async () => {
    await storage.increment('a', 1_000, 1, 0, 'default');
    await storage.increment('b', 1_000, 1, 5_000, 'default');
    await storage.increment('b', 1_000, 1, 5_000, 'default');
    now += 2_000;
    storage.sweep();
    expect(storage.size).toBe(1);
    now += 5_000;
    storage.sweep();
    expect(storage.size).toBe(0);
  });
});
