import { Popup, type LngLatLike, type Map as MaplibreMap, type MapMouseEvent } from 'maplibre-gl';
import { onBeforeUnmount } from 'vue';
import type { LonLat } from '../../../protocol/index.js';

/** What a popup shows: DOM nodes built with textContent only, and where (null: where it was clicked). */
export interface PopupView {
  content: HTMLElement;
  at: LonLat | null;
}

/** A layer component whose features open a popup. Its features carry a string `id` property. */
export interface PopupOwner {
  /** Style layers whose features open this owner's popup. */
  layers: readonly string[];
  /** The popup of feature `id`, or null when it is gone. Called on open and on every refresh. */
  render(id: string): PopupView | null;
  /** Which of this owner's features has the popup (null once closed), e.g. to ring it. */
  select?(id: string | null): void;
}

interface OpenPopup {
  owner: PopupOwner;
  id: string;
  popup: Popup;
}

/**
 * One popup per map, whichever layer was clicked: a click opens the popup of the topmost feature of
 * any registered layer (the order MapLibre draws them in), closing the one open before.
 */
class PopupController {
  private readonly owners = new Set<PopupOwner>();
  private open: OpenPopup | null = null;
  private readonly pointer = () => (this.map.getCanvas().style.cursor = 'pointer');
  private readonly noPointer = () => (this.map.getCanvas().style.cursor = '');

  constructor(private readonly map: MaplibreMap) {
    map.on('click', this.onClick);
  }

  add(owner: PopupOwner): void {
    this.owners.add(owner);
    for (const layer of owner.layers) {
      this.map.on('mouseenter', layer, this.pointer);
      this.map.on('mouseleave', layer, this.noPointer);
    }
  }

  /** Forgets an owner (unmounting): its layers may already be gone, so its popup closes quietly. */
  remove(owner: PopupOwner): void {
    if (this.open?.owner === owner) {
      const { popup } = this.open;
      this.open = null;
      popup.remove();
    }
    this.owners.delete(owner);
    for (const layer of owner.layers) {
      this.map.off('mouseenter', layer, this.pointer);
      this.map.off('mouseleave', layer, this.noPointer);
    }
  }

  refresh(owner: PopupOwner): void {
    const open = this.open;
    if (!open || open.owner !== owner) return;
    const view = owner.render(open.id);
    if (!view) return;
    open.popup.setDOMContent(view.content);
    if (view.at) open.popup.setLngLat(view.at);
  }

  close(owner: PopupOwner): void {
    if (this.open?.owner === owner) this.open.popup.remove();
  }

  private readonly onClick = (e: MapMouseEvent): void => {
    const layers = [...this.owners].flatMap((o) => o.layers).filter((id) => this.map.getLayer(id));
    if (layers.length === 0) return;
    // Topmost first; hidden layers are not queried.
    for (const feature of this.map.queryRenderedFeatures(e.point, { layers })) {
      const id = feature.properties?.id;
      const owner = [...this.owners].find((o) => o.layers.includes(feature.layer.id));
      if (typeof id === 'string' && owner) return this.show(owner, id, e.lngLat);
    }
  };

  /** Opens the popup of feature `id` of whichever owner draws `layer`, as a click on it would. */
  openAt(layer: string, id: string, at: LngLatLike): boolean {
    const owner = [...this.owners].find((o) => o.layers.includes(layer));
    if (!owner || !owner.render(id)) return false;
    this.show(owner, id, at);
    return true;
  }

  private show(owner: PopupOwner, id: string, at: LngLatLike): void {
    const previous = this.open;
    this.open = null;
    previous?.popup.remove();
    previous?.owner.select?.(null);
    owner.select?.(id);
    const popup = new Popup({ closeButton: true, maxWidth: '340px', offset: 12, className: 'console-popup' })
      .setLngLat(at)
      .addTo(this.map);
    const current: OpenPopup = { owner, id, popup };
    popup.on('close', () => {
      if (this.open !== current) return;
      this.open = null;
      owner.select?.(null);
    });
    this.open = current;
    this.refresh(owner);
  }
}

const controllers = new WeakMap<MaplibreMap, PopupController>();

/**
 * Registers a layer component's features with the map's one popup, for as long as the component is
 * mounted. `refresh` re-renders the popup if it shows one of this owner's features (call it after
 * each redraw); `close` closes it (e.g. when the layer is hidden).
 */
export function useFeaturePopup(map: MaplibreMap, owner: PopupOwner) {
  let controller = controllers.get(map);
  if (!controller) {
    controller = new PopupController(map);
    controllers.set(map, controller);
  }
  const c = controller;
  c.add(owner);
  onBeforeUnmount(() => c.remove(owner));
  return { refresh: () => c.refresh(owner), close: () => c.close(owner) };
}

/**
 * Opens the popup of feature `id` drawn by style layer `layer` at `at`, as a click on it would (the
 * alerts list uses it after flying there). False when no mounted layer component draws `layer`, or
 * the feature is gone.
 */
export function openFeaturePopup(map: MaplibreMap, layer: string, id: string, at: LngLatLike): boolean {
  return controllers.get(map)?.openAt(layer, id, at) ?? false;
}
