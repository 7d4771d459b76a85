import { z } from 'zod';
import type { AlarmState } from './alarms.js';
import type { IncidentState } from './incidents.schema.js';

/**
 * `alerts:acknowledge`: an operator has seen an incident or an alarm (permission
 * `alerts.acknowledge`). The first acknowledgement is kept: a second one answers ok and changes nothing.
 */
export const alertKindSchema = z.enum(['incident', 'alarm']);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const acknowledgeRequestSchema = z.object({
  kind: alertKindSchema,
  id: z.string().min(1).max(64),
});
export type AcknowledgeRequest = z.infer<typeof acknowledgeRequestSchema>;

/** The incident or alarm as every console now sees it (also pushed on its layer's room). */
export type AcknowledgeResult = IncidentState | AlarmState;
