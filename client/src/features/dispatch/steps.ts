import { allowedTransitions, type IncidentStatus, type Role } from '../../../../protocol/index.js';

/** One button of the incident panel: the status it moves to, its label's key, and whether it asks twice. */
export interface StepButton {
  to: IncidentStatus;
  /** `dispatch.step.<label>`. */
  label: string;
  /** Ends the incident, or recalls units: pressed twice to take effect. */
  confirm: boolean;
  /** The step that moves the incident forward (drawn as the primary button). */
  primary: boolean;
}

/** The forward step from each status, when the role may take it. */
const FORWARD: Partial<Record<IncidentStatus, IncidentStatus>> = {
  new: 'acknowledged',
  acknowledged: 'dispatched',
  dispatched: 'en_route',
  en_route: 'on_scene',
  on_scene: 'resolved',
  resolved: 'closed',
};

/**
 * The lifecycle steps the panel offers `role` from `status` (protocol/lifecycle.ts decides what is
 * allowed; the server checks again). Marking a duplicate needs the primary incident, so it is not a
 * plain button; going back to `acknowledged` is a stand-down and `on_scene` after `resolved` a reopening.
 */
export function stepButtons(status: IncidentStatus, role: Role): StepButton[] {
  return allowedTransitions(status, role)
    .filter((to) => to !== 'duplicate')
    .map((to) => {
      const standDown = to === 'acknowledged' && status !== 'new';
      const reopen = to === 'on_scene' && status === 'resolved';
      return {
        to,
        label: standDown ? 'standDown' : reopen ? 'reopen' : to,
        confirm: to === 'cancelled' || to === 'closed' || standDown,
        primary: FORWARD[status] === to,
      };
    })
    .sort((a, b) => Number(b.primary) - Number(a.primary));
}
