/** Who a request comes from (bearer token, impersonation headers) and the deny rules that answer 403. */
import type { IncomingHttpHeaders } from 'node:http';
import { forbidden, type KubeStatusError, qualifiedName } from './status.js';
import type { DenyRule, ResourceType, TokenUser } from './types.js';

/** The requester as authorization sees it. */
export interface Requester {
  user: string;
  groups: string[];
  token: string | undefined;
}

/** What is asked, in RBAC terms. */
export interface Attributes {
  verb: string;
  type: ResourceType;
  subresource: string | undefined;
  namespace: string | undefined;
  name: string | undefined;
}

/** Every value of a header, however many times it was sent. */
export function headerValues(headers: NodeJS.Dict<string[]>, name: string): string[] {
  return headers[name] ?? [];
}

/** Reads the requester: impersonated user/groups win over the token's user; no token is system:anonymous. */
export function requesterOf(
  distinct: NodeJS.Dict<string[]>,
  headers: IncomingHttpHeaders,
  tokens: Record<string, TokenUser>,
): Requester {
  const authorization = headers.authorization;
  const token = authorization?.startsWith('Bearer ') === true ? authorization.slice('Bearer '.length).trim() : undefined;
  const known = token === undefined ? undefined : tokens[token];
  const impersonated = headerValues(distinct, 'impersonate-user')[0];
  const impersonatedGroups = headerValues(distinct, 'impersonate-group');
  if (impersonated !== undefined) {
    return { user: impersonated, groups: [...impersonatedGroups, 'system:authenticated'], token };
  }
  if (token === undefined) return { user: 'system:anonymous', groups: ['system:unauthenticated'], token };
  return { user: known?.user ?? 'admin', groups: [...(known?.groups ?? ['system:masters']), 'system:authenticated'], token };
}

function matches(rule: DenyRule, requester: Requester, attributes: Attributes): boolean {
  const resource =
    attributes.subresource === undefined ? attributes.type.resource : `${attributes.type.resource}/${attributes.subresource}`;
  return (
    (rule.user === undefined || rule.user === requester.user) &&
    (rule.group === undefined || requester.groups.includes(rule.group)) &&
    (rule.token === undefined || rule.token === requester.token) &&
    (rule.verb === undefined || rule.verb === attributes.verb) &&
    (rule.resource === undefined || rule.resource === resource) &&
    (rule.apiGroup === undefined || rule.apiGroup === attributes.type.group) &&
    (rule.namespace === undefined || rule.namespace === attributes.namespace) &&
    (rule.name === undefined || rule.name === attributes.name)
  );
}

/** The 403 for the first matching rule, worded as the apiserver's RBAC denial; undefined when allowed. */
export function denial(rules: readonly DenyRule[], requester: Requester, attributes: Attributes): KubeStatusError | undefined {
  if (!rules.some((rule) => matches(rule, requester, attributes))) return undefined;
  const { type, verb, namespace, name, subresource } = attributes;
  const subject = name === undefined ? qualifiedName(type) : `${qualifiedName(type)} "${name}"`;
  const resource = subresource === undefined ? type.resource : `${type.resource}/${subresource}`;
  const scope = namespace === undefined ? 'at the cluster scope' : `in the namespace "${namespace}"`;
  const message = `${subject} is forbidden: User "${requester.user}" cannot ${verb} resource "${resource}" in API group "${type.group}" ${scope}`;
  return forbidden(message, type, name);
}
