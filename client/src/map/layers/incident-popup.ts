import type { IncidentState } from '../../../../protocol/index.js';
import { KNOWN_SUB_CATEGORIES } from '../../features/incidents/incident-classes.js';
import { acknowledgement } from '../../features/acknowledgement.js';
import { formatTime, popupCard, textBlock, type PopupFormat, type PopupValue } from '../popup-dom.js';

type Row = readonly [string, PopupValue];

/** "Trường Chinh, Khương Thượng, Đống Đa": the parts of the reported address, as typed. */
function addressText(s: IncidentState): string | null {
  const a = s.address;
  if (!a) return null;
  const parts = [a.streetAddress, a.addressLocality, a.addressRegion].filter((p): p is string => Boolean(p));
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * The popup of an incident, in the operator's language. What the caller and the agency typed (the
 * description, the address, the sub-category, the references) goes in as text, never as HTML. The
 * reporter is not on the wire, so it cannot be here.
 */
export function incidentPopup(
  s: IncidentState,
  f: PopupFormat,
  ctx: { districtName: string | null; primary: IncidentState | undefined },
): HTMLElement {
  const rows: Row[] = [
    [f.t('incidents.popup.severity'), f.t(`incidents.severity.${s.severity}`)],
    [f.t('incidents.popup.status'), f.t(`incidents.status.${s.status}`)],
    [f.t('incidents.popup.source'), f.t(`incidents.source.${s.alertSource}`)],
    [f.t('incidents.popup.issuedAt'), formatTime(s.dateIssued, f)],
  ];
  const acknowledged = acknowledgement(s, f);
  if (acknowledged) rows.push([f.t('incidents.popup.acknowledged'), acknowledged]);
  const address = addressText(s) ?? ctx.districtName;
  if (address) rows.push([f.t('incidents.popup.address'), address]);
  if (s.subCategory) {
    const known = KNOWN_SUB_CATEGORIES.has(s.subCategory);
    rows.push([
      f.t('incidents.popup.subCategory'),
      known ? f.t(`incidents.subCategory.${s.subCategory}`) : s.subCategory,
    ]);
  }
  rows.push([f.t('incidents.popup.description'), textBlock(s.description)]);
  if (s.duplicateOf) {
    const primary = ctx.primary
      ? `${s.duplicateOf} · ${f.t(`incidents.category.${ctx.primary.category}`)}`
      : s.duplicateOf;
    rows.push([f.t('incidents.popup.duplicateOf'), primary]);
  }
  rows.push(
    [f.t('incidents.popup.reference'), `${s.id} · ${s.agency} ${s.externalId}`],
    [f.t('incidents.popup.receivedAt'), formatTime(s.receivedAt, f)],
  );
  const notes = [
    s.duplicateOf ? f.t('incidents.popup.duplicate') : '',
    s.positionApproximate ? f.t('incidents.popup.approximate') : '',
  ].filter(Boolean);
  const alert = s.severity === 'high' || s.severity === 'critical' ? 'popup-card--alert' : '';
  return popupCard(
    `incident-popup incident-popup--${s.severity} ${alert}`,
    f.t('incidents.popup.kind'),
    f.t(`incidents.category.${s.category}`),
    rows,
    notes.length > 0 ? notes.join(' · ') : undefined,
  );
}
