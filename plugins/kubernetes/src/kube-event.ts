/**
 * The event a notification is about, with the keys and key order of
 * Botkube's Go `event.Event` as encoding/json writes it: the raw object sinks
 * receive and templates see (`.Kind`, `.Name`; `.Event.Kind` in actions).
 */
import type { EventType } from './config.js';

/** Botkube's levels: the card's emoji. */
export type Level = 'info' | 'success' | 'error';

export interface KubeEvent {
  APIVersion: string;
  Kind: string;
  Code: string;
  Title: string;
  Name: string;
  Namespace: string;
  /** Go's nil slices encode as null. */
  Messages: string[] | null;
  Type: EventType;
  Reason: string;
  Error: string;
  Level: Level;
  Cluster: string;
  Channel: string;
  /** RFC 3339 with Go's nanosecond formatting. */
  TimeStamp: string;
  Count: number;
  Action: string;
  Resource: string;
  Recommendations: string[] | null;
  Warnings: string[] | null;
  Actions: null;
}

const LEVELS: Record<EventType, Level> = {
  normal: 'info',
  info: 'info',
  all: 'info',
  create: 'success',
  update: 'info',
  delete: 'error',
  error: 'error',
  warning: 'error',
};

export const levelOf = (type: EventType): Level => LEVELS[type];

/** Botkube's titles: `v1/pods created`, `v1/pods updated`, `v1/pods error`. */
export function titleOf(resource: string, type: EventType): string {
  return type === 'create' || type === 'update' || type === 'delete' ? `${resource} ${type}d` : `${resource} ${type}`;
}

/** A time as Go's time.Time marshals it (RFC 3339, fraction without trailing zeros). */
export function goTime(date: Date): string {
  const iso = date.toISOString();
  return iso.replace(/\.(\d*?)0*Z$/, (_match, digits: string) => (digits ? `.${digits}Z` : 'Z'));
}

export interface EventFields {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string;
  type: EventType;
  resource: string;
  timeStamp: string;
  cluster: string;
  reason?: string;
  messages?: string[];
  count?: number;
  action?: string;
}

export function newKubeEvent(fields: EventFields): KubeEvent {
  return {
    APIVersion: fields.apiVersion,
    Kind: fields.kind,
    Code: '',
    Title: titleOf(fields.resource, fields.type),
    Name: fields.name,
    Namespace: fields.namespace,
    Messages: fields.messages && fields.messages.length > 0 ? fields.messages : null,
    Type: fields.type,
    Reason: fields.reason ?? '',
    Error: '',
    Level: levelOf(fields.type),
    Cluster: fields.cluster,
    Channel: '',
    TimeStamp: fields.timeStamp,
    Count: fields.count ?? 0,
    Action: fields.action ?? '',
    Resource: fields.resource,
    Recommendations: null,
    Warnings: null,
    Actions: null,
  };
}
