import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { SetUnitStatusRequest, SetUnitStatusResult, UnitState } from '../../../../protocol/index.js';
import '../alerts/alert-popup.css';
import { el, type PopupFormat } from '../../map/popup-dom.js';
import { useConnectionStore } from '../../realtime/connection.store.js';
import { ACK_TIMEOUT_MS, CommandError } from '../../realtime/sync.js';
import type { ConsoleSocket } from '../../realtime/socket.js';
import { useSessionStore } from '../../stores/session.store.js';
import { dispatchError, type DispatchErrorCode } from '../dispatch/dispatch-errors.js';
import { useReplayStore } from '../replay/replay.store.js';

type OrderedStatus = SetUnitStatusRequest['status'];

/** `units:setStatus` on the console's socket: a refusal becomes a CommandError with the server's code. */
async function sendSetStatus(socket: ConsoleSocket, req: SetUnitStatusRequest): Promise<SetUnitStatusResult> {
  const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('units:setStatus', req);
  if (!ack.ok) throw new CommandError('units:setStatus', ack.error.code, ack.error.message);
  return ack.data;
}

/**
 * Taking an idle unit out of service, or back, from its map popup (`units:setStatus`, permission
 * incidents.dispatch; not while a replay shows the past). The popup is rebuilt on every update of
 * the unit, so what is being sent, the order sent and the last refusal live here, by unit.
 */
export const useUnitStatusStore = defineStore('unitStatus', () => {
  const session = useSessionStore();
  const connection = useConnectionStore();
  const replay = useReplayStore();

  const pending = shallowRef<ReadonlySet<string>>(new Set());
  /** Orders the server took, until the unit reports the status ordered. */
  const ordered = shallowRef<ReadonlyMap<string, OrderedStatus>>(new Map());
  const errors = shallowRef<ReadonlyMap<string, DispatchErrorCode>>(new Map());
  const canChange = computed(() => session.can('incidents.dispatch') && !replay.replaying);

  const without = <V>(map: ReadonlyMap<string, V>, key: string) => {
    const next = new Map(map);
    next.delete(key);
    return next;
  };

  /** Sends the order; resolves to null once the server took it, or to why it was refused. */
  async function setStatus(unitId: string, status: OrderedStatus): Promise<DispatchErrorCode | null> {
    if (pending.value.has(unitId)) return null;
    pending.value = new Set([...pending.value, unitId]);
    errors.value = without(errors.value, unitId);
    try {
      await connection.command((s) => sendSetStatus(s, { unitId, status }));
      ordered.value = new Map([...ordered.value, [unitId, status]]);
      return null;
    } catch (err) {
      const code = dispatchError(err);
      errors.value = new Map([...errors.value, [unitId, code]]);
      return code;
    } finally {
      const next = new Set(pending.value);
      next.delete(unitId);
      pending.value = next;
    }
  }

  /** The order still waiting for the unit's report (forgotten once the unit reports that status). */
  function waitingFor(unit: UnitState): OrderedStatus | undefined {
    const status = ordered.value.get(unit.deviceId);
    if (status !== undefined && unit.report.status === status) ordered.value = without(ordered.value, unit.deviceId);
    return status === unit.report.status ? undefined : status;
  }

  return { pending, ordered, errors, canChange, setStatus, waitingFor };
});

export type UnitStatusStore = ReturnType<typeof useUnitStatusStore>;

/**
 * Adds "Cho ngừng hoạt động" (an available unit) or "Đưa trở lại hoạt động" (one out of service) to
 * a unit's popup, under its title, for roles that may dispatch. None for a unit on a job or silent:
 * the server would refuse it. Built from DOM nodes, text only; a refusal is shown in the user's
 * language (`dispatch.error.<code>`).
 */
export function withUnitStatus(
  card: HTMLElement,
  opts: { unit: UnitState; format: PopupFormat; store: UnitStatusStore },
): HTMLElement {
  const { unit, format: f, store } = opts;
  const current = unit.report.status;
  if (!store.canChange || unit.silent || (current !== 'available' && current !== 'out_of_service')) return card;
  const next: OrderedStatus = current === 'available' ? 'out_of_service' : 'available';
  const actions = el('div', 'popup-card__actions');
  const button = el('button', 'popup-card__ack');
  button.type = 'button';
  button.dataset.testid = 'popup-unit-status';
  const note = el('p', 'popup-card__note');
  const error = el('p', 'popup-card__error');
  error.setAttribute('role', 'alert');
  const show = (sending: boolean, code: DispatchErrorCode | undefined) => {
    const waiting = store.waitingFor(unit) === next;
    button.disabled = sending || waiting;
    button.textContent = f.t(
      sending ? 'unitStatus.sending' : next === 'out_of_service' ? 'unitStatus.takeOut' : 'unitStatus.putBack',
    );
    note.textContent = waiting ? f.t('unitStatus.sent') : '';
    note.hidden = !waiting;
    error.textContent = code ? f.t(`dispatch.error.${code}`) : '';
    error.hidden = !code;
  };
  show(store.pending.has(unit.deviceId), store.errors.get(unit.deviceId));
  button.addEventListener('click', async () => {
    show(true, undefined);
    const code = await store.setStatus(unit.deviceId, next);
    show(false, code ?? undefined);
  });
  actions.append(button, note, error);
  const title = card.querySelector('.popup-card__id');
  if (title) title.after(actions);
  else card.append(actions);
  return card;
}
