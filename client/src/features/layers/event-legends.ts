import { computed } from 'vue';
import { useI18n } from 'vue-i18n';
import { incidentStatusSwatch } from '../../map/event-icons.js';
import { useAlarmLocator } from '../../map/layers/alarm-locator.js';
import { useGeoStore } from '../../stores/geo.store.js';
import { useIncidentsStore } from '../../stores/incidents.store.js';
import { ALARM_COLOURS, ALARM_KINDS } from '../alarms/alarm-classes.js';
import { BACKLOG_CLASSES, BACKLOG_COLOURS, OVERDUE_BADGE_COLOURS } from '../backlog/backlog-classes.js';
import { CRIME_COLOURS, CRIME_GROUPS } from '../crime/crime-classes.js';
import { useFilteredLayersStore } from '../filters/filtered-layers.store.js';
import { useFiltersStore } from '../filters/filters.store.js';
import { INCIDENT_SEVERITIES, SEVERITY_COLOURS } from '../incidents/incident-classes.js';
import { countStatusGroups, STATUS_BADGE_COLOURS, STATUS_GROUPS } from '../incidents/incident-status.js';
import type { LayerLegend } from './layer-legends.js';

/** How many districts the crime legend names. */
const TOP_DISTRICTS = 3;

/** The legends of the event layers (incidents, alarms, crime, backlog), with live counts of what the filters show. */
export function useEventLegends() {
  const { t, n, locale } = useI18n();
  const { incidents, alarms, crime, backlog } = useFilteredLayersStore();
  const geo = useGeoStore();
  const locate = useAlarmLocator();
  const incidentsStore = useIncidentsStore();
  const filters = useFiltersStore();

  /** Open incidents per status group, of what the filters show. */
  const statusCounts = computed(() => {
    const all = incidentsStore.all();
    return countStatusGroups(filters.active ? all.filter(filters.include.incident) : all);
  });

  const incidentsLegend = (): LayerLegend => {
    const { bySeverity, duplicates } = incidents.counts;
    return {
      layer: 'incidents',
      title: t('layers.name.incidents'),
      total: incidents.size,
      // Worst first.
      rows: [
        ...[...INCIDENT_SEVERITIES].reverse().map((severity) => ({
          key: severity,
          label: t(`incidents.severity.${severity}`),
          colour: SEVERITY_COLOURS[severity],
          count: bySeverity[severity],
          swatch: 'diamond' as const,
        })),
        {
          key: 'duplicate',
          label: t('incidents.legend.duplicates'),
          colour: '#94a3b8',
          count: duplicates,
          swatch: 'diamond-small' as const,
        },
        // The same incidents again, by how far their response has got: drawn as on the map.
        ...STATUS_GROUPS.map((group, i) => ({
          key: `status-${group}`,
          label: t(`incidents.statusGroup.${group}`),
          colour: group === 'new' || group === 'acknowledged' ? '#94a3b8' : STATUS_BADGE_COLOURS[group],
          count: statusCounts.value[group],
          swatch: 'diamond' as const,
          image: incidentStatusSwatch(group),
          ...(i === 0 ? { heading: t('incidents.legend.statusTitle') } : {}),
        })),
      ],
    };
  };

  const alarmsLegend = (): LayerLegend => {
    const unplaced = alarms.all().filter((a) => locate(a) === null).length;
    return {
      layer: 'alarms',
      title: t('layers.name.alarms'),
      total: alarms.size,
      rows: ALARM_KINDS.map((kind) => ({
        key: kind,
        label: t(`alarms.kind.${kind}`),
        colour: ALARM_COLOURS[kind],
        count: alarms.countsByKind[kind],
        swatch: `alarm-${kind}` as const,
      })),
      notes: [
        t('alarms.legend.highOutline'),
        ...(unplaced > 0 ? [t('alarms.legend.unplaced', { count: n(unplaced, 'integer') })] : []),
      ],
    };
  };

  const crimeLegend = (): LayerLegend => {
    const top = [...crime.countsByDistrict]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, TOP_DISTRICTS)
      .map(([code, count]) => `${geo.districtName(code, locale.value) ?? code} ${n(count, 'integer')}`);
    return {
      layer: 'crime',
      title: t('layers.name.crime'),
      total: crime.size,
      rows: CRIME_GROUPS.map((group) => ({
        key: group,
        label: t(`crime.group.${group}`),
        colour: CRIME_COLOURS[group],
        count: crime.countsByGroup[group],
        swatch: 'dot',
      })),
      notes: [
        t('crime.legend.note'),
        ...(top.length > 0 ? [t('crime.legend.topDistricts', { list: top.join(' · ') })] : []),
      ],
    };
  };

  const backlogLegend = (): LayerLegend => {
    const { overdue, communesWithOverdue } = backlog.totals;
    return {
      layer: 'backlog',
      title: t('layers.name.backlog'),
      total: backlog.communes.size,
      rows: [
        ...BACKLOG_CLASSES.map((cls) => ({
          key: cls,
          label: t(`backlog.class.${cls}`),
          colour: BACKLOG_COLOURS[cls],
          count: backlog.countsByClass[cls],
          swatch: 'bubble' as const,
        })),
        // The number on each district of the choropleth.
        {
          key: 'overdue',
          label: t('backlog.legend.overdueBadge'),
          colour: OVERDUE_BADGE_COLOURS.outline,
          count: overdue,
          swatch: 'badge',
        },
      ],
      notes: [
        t('backlog.legend.note'),
        t('backlog.legend.overdue', { count: n(overdue, 'integer'), communes: n(communesWithOverdue, 'integer') }),
      ],
    };
  };

  return { incidents: incidentsLegend, alarms: alarmsLegend, crime: crimeLegend, backlog: backlogLegend };
}
