export * from './ack.js';
export * from './events.js';
export * from './feeds.js';
export * from './geo.js';
export * from './topics.js';
export * from './traffic.schema.js';
export * from './traffic.state.js';
export * from './geo.api.js';
