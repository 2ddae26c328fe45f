import { createHash } from 'node:crypto';
import { BUNDLED_VERSIONS, readBundledTexts } from './legal-texts';

describe('bundled legal texts', () => {
  it.each(BUNDLED_VERSIONS.map((v) => [`${v.kind} v${v.version}`, v] as const))(
    '%s exists in kk and ru, in the right alphabet, published ahead of its effective date',
    (_name, version) => {
      const texts = readBundledTexts(version);
      expect(texts).toBeDefined();
      expect(texts!.kk).toMatch(/[әғқңөұүһі]/);
      expect(texts!.ru).toMatch(/[ыэё]/);
      expect(createHash('sha256').update(texts!.kk).digest('hex')).not.toBe(createHash('sha256').update(texts!.ru).digest('hex'));
      expect(version.effectiveFrom.getTime() - version.publishedAt.getTime()).toBeGreaterThanOrEqual(5 * 86_400_000);
    },
  );

  it('states the terms of the product in the offer: 12-month prepaid access, acceptance by ЭЦП, 5 days notice, 3-year archive', () => {
    const offer = readBundledTexts(BUNDLED_VERSIONS.find((v) => v.kind === 'offer')!)!;
    expect(offer.ru).toMatch(/12 календарных месяцев/);
    expect(offer.ru).toMatch(/100 % предоплата/);
    expect(offer.ru).toMatch(/Акцептом оферты является регистрация .* ЭЦП/);
    expect(offer.ru).toMatch(/не менее чем за 5 календарных дней/);
    expect(offer.ru).toMatch(/до 3 \(трёх\) лет/);
    expect(offer.kk).toMatch(/12 күнтізбелік ай/);
    expect(offer.kk).toMatch(/3 \(үш\) жылға дейін/);
  });

  it('answers undefined when the files are not deployed', () => {
    expect(readBundledTexts(BUNDLED_VERSIONS[0], '/nonexistent')).toBeUndefined();
  });
});
