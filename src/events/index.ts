export { type EventCursor, formatCursor, parseCursor } from './cursor.ts';
export {
  createEventHub,
  defaultEventHubOptions,
  type EventHub,
  type EventHubOptions,
  type EventSink,
  eventHubKey,
  eventHubOf,
  type LiveEvent,
} from './event-hub.ts';
