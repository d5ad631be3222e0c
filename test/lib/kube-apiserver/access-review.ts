/** SelfSubjectAccessReview (`kubectl auth can-i`): answered from the deny rules, everything else being allowed. */
import { type Attributes, denial, type Requester } from './auth.js';
import type { ResourceTable } from './resources.js';
import { badRequest } from './status.js';
import type { KubeObject } from './types.js';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** The review with its status filled in, as the apiserver returns it (not stored). */
export function reviewAccess(
  table: ResourceTable,
  rules: Parameters<typeof denial>[0],
  requester: Requester,
  review: KubeObject,
): KubeObject {
  const spec = review.spec as { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: unknown } | undefined;
  const asked = spec?.resourceAttributes;
  if (asked === undefined) {
    if (spec?.nonResourceAttributes !== undefined) return { ...review, status: { allowed: true } };
    throw badRequest('spec.resourceAttributes or spec.nonResourceAttributes must be given');
  }
  const group = asked.group ?? '';
  const type = table.types.find((candidate) => candidate.group === group && candidate.resource === asked.resource);
  if (type === undefined) return { ...review, status: { allowed: true } };
  const attributes: Attributes = {
    verb: asked.verb ?? '',
    type,
    subresource: asked.subresource === '' ? undefined : asked.subresource,
    namespace: asked.namespace === '' ? undefined : asked.namespace,
    name: asked.name === '' ? undefined : asked.name,
  };
  const denied = denial(rules, requester, attributes);
  return {
    ...review,
    status: denied === undefined ? { allowed: true } : { allowed: false, denied: true, reason: 'denied by a test deny rule' },
  };
}
