/** Botkube's built-in filters, applied to each event before it is sent. */
import type { KubeEvent } from './kube-event.js';

/** Annotations that stop notifications about an object when set to "true". */
export const DISABLE_ANNOTATIONS = ['botkube.io/disable', 'chatkube.io/disable'] as const;

/** objectAnnotationChecker: whether the object's annotations turn its notifications off. */
export function notificationsDisabled(annotations: Record<string, string> | undefined): boolean {
  return DISABLE_ANNOTATIONS.some((key) => annotations?.[key] === 'true');
}

/**
 * nodeEventsChecker, for events about a Node object itself (not core Events
 * about a node): NotReady becomes an error, Ready an info, anything else is
 * dropped. Returns false when the event is to be dropped.
 */
export function checkNodeEvent(event: KubeEvent, fromCoreEvent: boolean): boolean {
  if (fromCoreEvent || event.Kind !== 'Node') return true;
  if (event.Reason === 'NodeNotReady') {
    event.Type = 'error';
    event.Level = 'error';
    return true;
  }
  if (event.Reason === 'NodeReady') {
    event.Type = 'info';
    event.Level = 'info';
    return true;
  }
  return false;
}
