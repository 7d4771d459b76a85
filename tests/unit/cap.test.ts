import { describe, expect, it } from 'vitest';
import { parseCapAlert } from '../../server/src/ingest/cap.js';

const alert = (info: string, head = '<identifier>KTTV-1</identifier><sent>2026-11-27T08:30:00+07:00</sent>') =>
  Buffer.from(
    `<?xml version="1.0"?><cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2">${head}${info}</cap:alert>`,
  );

describe('CAP 1.2 alerts as incident reports', () => {
  it('maps category, severity, headline and a polygon centre, whatever the namespace prefix', () => {
    const parsed = parseCapAlert(
      alert(`<cap:info><cap:category>Fire</cap:category><cap:severity>Extreme</cap:severity>
        <cap:headline>Cháy nhà xưởng</cap:headline>
        <cap:area><cap:areaDesc>Long Biên</cap:areaDesc>
          <cap:polygon>21.04,105.88 21.05,105.88 21.05,105.89 21.04,105.88</cap:polygon></cap:area></cap:info>`),
    );
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        externalId: 'KTTV-1',
        category: 'fire',
        severity: 'critical',
        description: 'Cháy nhà xưởng',
        alertSource: 'cap',
      },
    });
    if (!parsed.ok) throw new Error('expected a report');
    const [lon, lat] = parsed.value.location!.coordinates;
    expect(lon).toBeCloseTo(105.8825, 4);
    expect(lat).toBeCloseTo(21.045, 4);
  });

  it('places an alert without a circle or polygon by its area description', () => {
    const parsed = parseCapAlert(
      alert(`<info><category>Met</category><severity>Moderate</severity><headline>Mưa lớn</headline>
        <area><areaDesc>Hoàn Kiếm</areaDesc></area></info>`),
    );
    expect(parsed).toMatchObject({ ok: true, value: { address: { addressRegion: 'Hoàn Kiếm' }, severity: 'medium' } });
  });

  it('refuses an alert outside the CAP 1.2 namespace', () => {
    const parsed = parseCapAlert(
      Buffer.from('<alert xmlns="urn:oasis:names:tc:emergency:cap:1.1"><identifier>x</identifier></alert>'),
    );
    expect(parsed).toMatchObject({ ok: false, reason: { message: expect.stringMatching(/CAP 1.2 namespace/) } });
  });

  it('names the CAP element behind each missing field', () => {
    const parsed = parseCapAlert(
      alert('<info><category>Met</category></info>', '<sent>2026-11-27T08:30:00+07:00</sent>'),
    );
    if (parsed.ok) throw new Error('expected a rejection');
    const paths = parsed.reason.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['alert.identifier', 'alert.info.severity', 'alert.info.headline']));
  });
});
