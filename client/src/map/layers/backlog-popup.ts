import { backlogClass, type CommuneBacklog } from '../../features/backlog/backlog-classes.js';
import type { DistrictBacklogSums } from '../../features/backlog/district-backlog.js';
import { el, formatTime, popupCard, type PopupFormat, type PopupValue } from '../popup-dom.js';

/** The popup of a commune's dossiers: its sums, its online share against the target, and each sector. */
export function backlogPopup(c: CommuneBacklog, f: PopupFormat, communeName: string | null): HTMLElement {
  const count = (v: number) => f.n(v, 'integer');
  const online =
    c.onlineShare === null
      ? f.t('backlog.class.no_dossiers')
      : `${f.t('backlog.popup.onlineValue', {
          share: f.n(c.onlineShare, 'percent'),
          online: count(c.submittedOnline),
          received: count(c.received),
        })} · ${f.t('backlog.popup.target')}`;
  const sectors = el('ul', 'popup-card__list');
  for (const s of c.sectors) {
    sectors.append(
      el(
        'li',
        '',
        f.t('backlog.popup.sectorLine', {
          sector: f.t(`backlog.sector.${s.sector}`),
          received: count(s.received),
          overdue: count(s.overdue),
        }),
      ),
    );
  }
  const rows: Array<readonly [string, PopupValue]> = [
    [f.t('backlog.popup.online'), online],
    [f.t('backlog.popup.received'), count(c.received)],
    [f.t('backlog.popup.inProgress'), count(c.inProgress)],
    [f.t('backlog.popup.resolved'), count(c.resolved)],
    [f.t('backlog.popup.overdue'), count(c.overdue)],
    [f.t('backlog.popup.observedAt'), formatTime(c.dateObserved, f)],
    [f.t('backlog.popup.sectors'), sectors],
  ];
  const below = backlogClass(c) === 'below_target';
  return popupCard(
    `backlog-popup ${below ? 'popup-card--alert' : ''}`,
    f.t('backlog.popup.kind'),
    communeName ?? c.communeCode,
    rows,
    below ? f.t('backlog.popup.belowTarget') : undefined,
  );
}

/**
 * The popup of a district's dossiers (a click on its cell of the choropleth or on its overdue
 * badge): what its communes received, how many of those were submitted online, the share against
 * the 70% target, and the overdue dossiers.
 */
export function districtBacklogPopup(d: DistrictBacklogSums, f: PopupFormat, districtName: string | null): HTMLElement {
  const count = (v: number) => f.n(v, 'integer');
  const cls = backlogClass(d);
  const share =
    d.onlineShare === null
      ? f.t('backlog.class.no_dossiers')
      : f.t(cls === 'below_target' ? 'backlog.popup.shareBelowTarget' : 'backlog.popup.shareOnTarget', {
          share: f.n(d.onlineShare, 'percent'),
        });
  const rows: Array<readonly [string, PopupValue]> = [
    [f.t('backlog.popup.received'), count(d.received)],
    [f.t('backlog.popup.submittedOnline'), count(d.submittedOnline)],
    [f.t('backlog.popup.share'), share],
    [f.t('backlog.popup.overdue'), count(d.overdue)],
    [f.t('backlog.popup.communes'), count(d.communes)],
  ];
  const below = cls === 'below_target';
  return popupCard(
    `backlog-district-popup ${below ? 'popup-card--alert' : ''}`,
    f.t('backlog.popup.districtKind'),
    districtName ?? d.districtCode,
    rows,
    below ? f.t('backlog.popup.belowTarget') : undefined,
  );
}
