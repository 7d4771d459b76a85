import { onBeforeUnmount, shallowRef, type Ref } from 'vue';

/** The current time, refreshed every `intervalMs` while the calling component is mounted. */
export function useNow(intervalMs = 1_000): Readonly<Ref<Date>> {
  const now = shallowRef(new Date());
  const timer = setInterval(() => (now.value = new Date()), intervalMs);
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
