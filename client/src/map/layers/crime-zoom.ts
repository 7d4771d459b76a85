/** Zoom where the crime heat map hands over to dots (and clusters). */
export const CRIME_HANDOVER_ZOOM = 13.5;
