import { z } from 'zod';

/**
 * Shift handover notes: what the outgoing shift tells the next one. `POST /api/v1/handover {text}`
 * (incidents.dispatch: dispatchers, supervisors, administrators) appends one, with its author and
 * time, and pushes it as `handover:created` to every console socket (room `handover`);
 * `GET /api/v1/handover?limit=20&before=<id>` (console.view) lists them newest first. Never edited or deleted.
 */
export const HANDOVER_ROOM = 'handover';

export const handoverRequestSchema = z.strictObject({ text: z.string().trim().normalize('NFC').min(1).max(4000) });
export type HandoverRequest = z.infer<typeof handoverRequestSchema>;

export interface HandoverNote {
  id: number;
  at: string;
  author: { userId: number; username: string; displayName: string };
  text: string;
}

export interface HandoverPage {
  notes: HandoverNote[];
}
