/** The scale subresource (`kubectl scale`): an autoscaling/v1 Scale view of spec.replicas. */
import { labelSelectorText } from './selectors.js';
import type { KubeObject, ObjectMeta } from './types.js';

/** The Scale of a deployment, replica set or stateful set. */
export function scaleOf(object: KubeObject): KubeObject {
  const spec = (object.spec ?? {}) as { replicas?: number; selector?: { matchLabels?: Record<string, string> } };
  const status = (object.status ?? {}) as { replicas?: number };
  const { name, namespace, uid, resourceVersion, creationTimestamp } = object.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: Object.fromEntries(
      Object.entries({ name, namespace, uid, resourceVersion, creationTimestamp }).filter(([, value]) => value !== undefined),
    ) as ObjectMeta,
    spec: { replicas: spec.replicas ?? 1 },
    status: { replicas: status.replicas ?? 0, selector: labelSelectorText(spec.selector?.matchLabels ?? {}) },
  };
}

/** The object with the replicas of a (patched or replaced) Scale. */
export function withScale(object: KubeObject, scale: KubeObject): KubeObject {
  const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas;
  const next = structuredClone(object);
  next.spec = { ...((next.spec ?? {}) as object), replicas: typeof replicas === 'number' ? replicas : 1 };
  const sent = scale.metadata?.resourceVersion;
  if (sent !== undefined) next.metadata.resourceVersion = sent;
  return next;
}
