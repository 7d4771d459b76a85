import type { Logger } from '../../platform/log.js';
import type { BacklogService } from '../backlog/backlog.service.js';
import type { IncidentsService } from '../incidents/incidents.service.js';
import { open311Service } from './open311.services.js';
import type { Open311Repository, ServiceRequestRecord, ServiceRequestRow } from './open311.repository.js';

export interface NewServiceRequest {
  serviceCode: string;
  description: string | null;
  position: [number, number] | null;
  addressString: string | null;
  personal: Record<string, string> | null;
  mediaUrl: string | null;
}

/**
 * Citizen requests from Open311: each lands in its commune's `citizen` backlog and, when the
 * service is urgent (flooding, a fallen tree, a signal out), as an incident for the operators.
 */
export function createOpen311Service(deps: {
  repo: Open311Repository;
  backlog: BacklogService;
  incidents: IncidentsService;
  place: (point: [number, number]) => { communeCode: string | null; districtCode: string | null };
  log: Logger;
}) {
  const log = deps.log.child({ scope: 'open311' });
  return {
    async create(agency: string, req: NewServiceRequest): Promise<ServiceRequestRecord> {
      const where = req.position ? deps.place(req.position) : { communeCode: null, districtCode: null };
      const row: ServiceRequestRow = {
        agency,
        serviceCode: req.serviceCode,
        description: req.description,
        lon: req.position?.[0] ?? null,
        lat: req.position?.[1] ?? null,
        addressString: req.addressString,
        communeCode: where.communeCode,
        districtCode: where.districtCode,
        personal: req.personal,
        mediaUrl: req.mediaUrl,
      };
      const record = await deps.repo.insert(row);
      const service = open311Service(req.serviceCode);
      if (service?.urgent) {
        const incident = await deps.incidents.report(
          {
            externalId: `open311-${record.service_request_id}`,
            dateIssued: record.requested_datetime,
            category: service.urgent.category,
            subCategory: req.serviceCode,
            severity: service.urgent.severity,
            description: req.description ?? service.service_name,
            alertSource: 'citizen',
            ...(req.position
              ? { location: { type: 'Point', coordinates: req.position } }
              : {
                  address: {
                    streetAddress: req.addressString ?? undefined,
                    addressRegion: req.addressString ?? undefined,
                  },
                }),
            reporter: req.personal
              ? { name: req.personal.name, phone: req.personal.phone, email: req.personal.email }
              : undefined,
          },
          agency,
        );
        await deps.repo.linkIncident(record.service_request_id, incident.id);
      }
      if (where.communeCode) {
        const c = await deps.repo.communeCounts(where.communeCode);
        await deps.backlog.report(
          {
            dateObserved: new Date().toISOString(),
            communeCode: where.communeCode,
            sector: 'citizen',
            received: c.total,
            inProgress: c.open,
            resolved: c.closed,
            overdue: c.overdue,
            submittedOnline: c.total,
          },
          'open311',
        );
      }
      log.info({ id: record.service_request_id, service: req.serviceCode, agency }, 'service request received');
      return record;
    },

    find: deps.repo.find,
  };
}

export type Open311ServiceApi = ReturnType<typeof createOpen311Service>;
