import { backlogClass, type CommuneBacklog } from '../../features/backlog/backlog-classes.js';
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
