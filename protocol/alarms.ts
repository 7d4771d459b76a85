/** Alarms the server derives from the feeds, each linked to its source. Types only. */
export type AlarmKind = 'congestion' | 'signal_fault' | 'camera_offline' | 'node_offline';
export type AlarmSeverity = 'low' | 'medium' | 'high';

export interface AlarmState {
  seq: number;
  id: string;
  kind: AlarmKind;
  severity: AlarmSeverity;
  /** What raised it: a device of a device feed, or a road segment for congestion. */
  source: { feed: 'signals' | 'cameras' | 'network' | 'traffic'; id: string };
  position: [number, number] | null;
  details: Record<string, unknown>;
  raisedAt: string;
  /** Set when the condition has passed; a cleared alarm is sent once more, then leaves the list. */
  clearedAt: string | null;
  /** When an operator first acknowledged it, and their display name; kept when the alarm clears. */
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
}
