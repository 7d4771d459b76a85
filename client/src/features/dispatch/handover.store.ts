import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import type { HandoverNote } from '../../../../protocol/index.js';
import { fetchHandover, postHandover } from '../../api/dispatch.js';
import { dispatchError, type DispatchErrorCode } from './dispatch-errors.js';

/** Notes shown in the handover dialog. */
const SHOWN = 20;

/**
 * Shift handover notes: what the outgoing shift tells the next one. Loaded when the dialog opens;
 * notes written on any console arrive as `handover:created` and count as unread until it is opened.
 */
export const useHandoverStore = defineStore('handover', () => {
  const notes = shallowRef<readonly HandoverNote[]>([]);
  const loaded = shallowRef(false);
  const loadError = shallowRef<DispatchErrorCode | null>(null);
  const sending = shallowRef(false);
  const sendError = shallowRef<DispatchErrorCode | null>(null);
  const unread = shallowRef(0);
  const isOpen = shallowRef(false);

  const add = (note: HandoverNote): boolean => {
    if (notes.value.some((n) => n.id === note.id)) return false;
    notes.value = [note, ...notes.value].sort((a, b) => b.id - a.id).slice(0, SHOWN);
    return true;
  };

  async function load(): Promise<void> {
    try {
      const list = await fetchHandover(SHOWN);
      // Pushed notes that arrived while loading are kept.
      const byId = new Map([...list, ...notes.value].map((n) => [n.id, n]));
      notes.value = [...byId.values()].sort((a, b) => b.id - a.id).slice(0, SHOWN);
      loaded.value = true;
      loadError.value = null;
    } catch (err) {
      loadError.value = dispatchError(err);
    }
  }

  function open(): void {
    isOpen.value = true;
    unread.value = 0;
    void load();
  }

  function close(): void {
    isOpen.value = false;
  }

  /** Appends a note; resolves true once saved. */
  async function post(text: string): Promise<boolean> {
    if (sending.value) return false;
    sending.value = true;
    sendError.value = null;
    try {
      add(await postHandover(text));
      return true;
    } catch (err) {
      sendError.value = dispatchError(err);
      return false;
    } finally {
      sending.value = false;
    }
  }

  function received(note: HandoverNote): void {
    if (add(note) && !isOpen.value) unread.value++;
  }

  return { notes, loaded, loadError, sending, sendError, unread, isOpen, open, close, load, post, received };
});
