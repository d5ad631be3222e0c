/**
 * One stream's view of the shared watches: which resources its config asks
 * for, and which changes become its events (Botkube's router and filter
 * engine): event types, reason/message/name/namespace constraints, labels
 * and annotations, update fields, the built-in filters and recommendations.
 */
import type { Event } from '@chatkube/api';
import { CardTemplates, eventCard } from './card.js';
import type { CompiledConfig, CompiledResource, EventType, ResourceType } from './config.js';
import { parseResourceType } from './config.js';
import { fieldDiff } from './field-path.js';
import { checkNodeEvent, DISABLE_ANNOTATIONS, notificationsDisabled } from './filters.js';
import { goTime, type KubeEvent, newKubeEvent } from './kube-event.js';
import type { Log } from './log.js';
import { type ObjectLookup, recommend, recommendationResources } from './recommendations.js';
import type { Change, JsonObject, Needs } from './resource-watch.js';

export const CORE_EVENTS = 'v1/events';
const CORE_EVENTS_TYPE = parseResourceType(CORE_EVENTS, CORE_EVENTS);

/** Metadata of an object an Event is about: from a watch's store, or the API. */
export type InvolvedLookup = (resource: ResourceType, namespace: string, name: string) => Promise<Metadata>;

export interface Metadata {
  labels?: Record<string, string> | undefined;
  annotations?: Record<string, string> | undefined;
}

/** How a core Event's involved object maps to a configured resource. */
export type ResourceOf = (apiVersion: string, kind: string, candidates: readonly ResourceType[]) => ResourceType | undefined;

export interface SourceGroupOptions {
  config: CompiledConfig;
  interactive: boolean;
  cluster: string;
  /** When the stream started: older events are not news. */
  startedAt: Date;
  lookup: ObjectLookup;
  involved: InvolvedLookup;
  resourceOf: ResourceOf;
  log: Log;
}

const record = (value: unknown): JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

const kvsSatisfied = (expected: Record<string, string>, actual: Record<string, string> | undefined): boolean =>
  Object.entries(expected).every(([key, value]) => actual?.[key] === value);

const CORE_TYPES: Record<string, readonly EventType[]> = { Warning: ['error', 'warning'], Normal: ['normal', 'info'] };

export class SourceGroup {
  readonly #options: SourceGroupOptions;
  readonly #templates: CardTemplates;
  readonly #recommended: Set<string>;
  readonly #startSecond: number;
  readonly #warned = new Set<string>();

  constructor(options: SourceGroupOptions) {
    this.#options = options;
    this.#recommended = new Set(recommendationResources(options.config.raw.recommendations));
    // Kubernetes times have whole seconds: compare at that precision.
    this.#startSecond = Math.floor(options.startedAt.getTime() / 1000) * 1000;
    this.#templates = new CardTemplates((warning) => this.#warnOnce(warning));
  }

  #warnOnce(warning: string): void {
    if (this.#warned.has(warning)) return;
    this.#warned.add(warning);
    this.#options.log.warn(warning);
  }

  /** The resources to list+watch, with what to keep of their objects. */
  subscriptions(): Map<string, { resource: ResourceType; needs: Needs }> {
    const { config } = this.#options;
    const out = new Map<string, { resource: ResourceType; needs: Needs }>();
    const annotationChecker = config.raw.filters.objectAnnotationChecker;
    const add = (resource: ResourceType, entries: CompiledResource[]) => {
      const current = out.get(resource.id);
      const fields = [...(current?.needs.fields ?? []), ...entries.flatMap((entry) => entry.updateSetting.fields)];
      const annotations = new Set([...(current?.needs.annotations ?? []), ...(annotationChecker ? DISABLE_ANNOTATIONS : [])]);
      for (const entry of entries) for (const key of Object.keys(entry.annotations)) annotations.add(key);
      const labels = (current?.needs.labels ?? false) || entries.some((entry) => Object.keys(entry.labels).length > 0);
      out.set(resource.id, { resource, needs: { fields, labels, annotations: [...annotations] } });
    };
    for (const entry of config.resources) {
      if (entry.event.types.some((type) => type === 'create' || type === 'update' || type === 'delete')) add(entry.type, [entry]);
      if (entry.event.types.some((type) => CORE_TYPES.Warning?.includes(type) || CORE_TYPES.Normal?.includes(type)))
        add(CORE_EVENTS_TYPE, []);
    }
    for (const id of this.#recommended) add(parseResourceType(id, 'recommendations'), []);
    return out;
  }

  #isOld(timeStamp: string): boolean {
    const time = Date.parse(timeStamp);
    return Number.isFinite(time) && time > 0 && time < this.#startSecond;
  }

  #matches(entry: CompiledResource, event: KubeEvent, metadata: Metadata): boolean {
    const { reason, message } = entry.event;
    if (reason && !reason.allows(event.Reason)) return false;
    if (message && !(event.Messages ?? ['']).some((item) => message.allows(item))) return false;
    if (entry.name && !entry.name.allows(event.Name)) return false;
    if (entry.namespaces && !entry.namespaces.allows(event.Namespace)) return false;
    return kvsSatisfied(entry.annotations, metadata.annotations) && kvsSatisfied(entry.labels, metadata.labels);
  }

  #toEvent(event: KubeEvent, entry: CompiledResource | undefined): Event {
    const message = eventCard(event, {
      interactive: this.#options.interactive,
      config: this.#options.config.raw,
      templates: this.#templates,
      messageTemplate: entry?.messageTemplate,
    });
    return { message, rawObject: event };
  }

  /** The event for a change of a watched resource, if it is one for this group. */
  async onChange(change: Change): Promise<Event | undefined> {
    if (change.resource.id === CORE_EVENTS && change.type === 'create' && change.object) {
      const fromCore = await this.#onCoreEvent(change.object);
      if (fromCore) return fromCore;
    }
    return this.#onResourceChange(change);
  }

  async #onResourceChange(change: Change): Promise<Event | undefined> {
    const { config, cluster, log } = this.#options;
    const { type, state, object } = change;
    const entries = config.resources.filter((entry) => entry.type.id === change.resource.id && entry.event.types.includes(type));
    const forRecommendations = type === 'create' && this.#recommended.has(change.resource.id);
    if (entries.length === 0 && !forRecommendations) return undefined;
    const metadata = record(object?.metadata);
    const deletion = text(metadata.deletionTimestamp);
    const timeStamp = type === 'create' ? state.creationTimestamp : type === 'delete' && deletion ? deletion : goTime(new Date());
    if (this.#isOld(timeStamp)) return undefined;
    const event = newKubeEvent({
      apiVersion: change.apiVersion,
      kind: change.kind,
      name: state.name,
      namespace: state.namespace,
      type,
      resource: change.resource.id,
      timeStamp,
      cluster,
    });
    const labels = object ? (metadata.labels as Record<string, string> | undefined) : state.labels;
    const annotations = object ? (metadata.annotations as Record<string, string> | undefined) : state.annotations;
    let matched: CompiledResource | undefined;
    let diff = '';
    for (const entry of entries) {
      if (!this.#matches(entry, event, { labels, annotations })) continue;
      if (type === 'update' && entry.updateSetting.fields.length > 0) {
        diff = entry.updateSetting.fields
          .map((field) => {
            const before = change.previous?.fields?.get(field.text);
            const after = state.fields?.get(field.text);
            // A field nobody kept before this group joined is no change.
            return before === undefined || after === undefined ? '' : fieldDiff(field.text, before, after);
          })
          .join('');
        if (diff === '') continue;
      }
      matched = entry;
      break;
    }
    if (!matched && !(forRecommendations && this.#inGroupNamespaces(event))) return undefined;
    if (matched && diff !== '' && matched.updateSetting.includeDiff) event.Messages = [...(event.Messages ?? []), diff];
    if (config.raw.filters.objectAnnotationChecker && notificationsDisabled(annotations)) return undefined;
    if (config.raw.filters.nodeEventsChecker && !checkNodeEvent(event, false)) return undefined;
    if (forRecommendations && object) {
      try {
        const findings = await recommend(change.resource.id, object, config.raw.recommendations, this.#options.lookup);
        if (findings.recommendations.length > 0) event.Recommendations = findings.recommendations;
        if (findings.warnings.length > 0) event.Warnings = findings.warnings;
      } catch (error) {
        log.warn(
          `recommendations for ${change.resource.id} ${event.Namespace}/${event.Name} failed: ${(error as Error).message}`,
        );
      }
      // Watched for its recommendations only: nothing to say, nothing sent.
      if (!matched && !event.Recommendations && !event.Warnings) return undefined;
    }
    return this.#toEvent(event, matched);
  }

  #inGroupNamespaces(event: KubeEvent): boolean {
    return this.#options.config.namespaces?.allows(event.Namespace) ?? true;
  }

  /** A core/v1 Event (Warning, or Normal where asked) as an error/warning/normal event of its involved object. */
  async #onCoreEvent(object: JsonObject): Promise<Event | undefined> {
    const { config, cluster } = this.#options;
    const types = CORE_TYPES[text(object.type)];
    if (!types) return undefined;
    const involved = record(object.involvedObject);
    const apiVersion = text(involved.apiVersion);
    const kind = text(involved.kind);
    const candidates = config.resources.filter((entry) => entry.event.types.some((type) => types.includes(type)));
    if (candidates.length === 0) return undefined;
    const resource = this.#options.resourceOf(
      apiVersion,
      kind,
      candidates.map((entry) => entry.type),
    );
    if (!resource) return undefined;
    const series = record(object.series);
    const timeStamp =
      text(object.lastTimestamp) || text(series.lastObservedTime) || text(object.eventTime) || '0001-01-01T00:00:00Z';
    if (this.#isOld(timeStamp)) return undefined;
    const count = typeof object.count === 'number' ? object.count : typeof series.count === 'number' ? series.count : 0;
    let metadata: Metadata | undefined;
    const involvedMetadata = async () => {
      metadata ??= await this.#options.involved(resource, text(involved.namespace), text(involved.name));
      return metadata;
    };
    for (const entry of candidates) {
      if (entry.type.id !== resource.id) continue;
      const type = entry.event.types.find((each) => types.includes(each)) as EventType;
      const event = newKubeEvent({
        apiVersion,
        kind,
        name: text(involved.name),
        namespace: text(involved.namespace),
        type,
        resource: resource.id,
        timeStamp,
        cluster,
        reason: text(object.reason),
        messages: [text(object.message)],
        count,
        action: text(object.action),
      });
      const needsMetadata =
        Object.keys(entry.labels).length > 0 ||
        Object.keys(entry.annotations).length > 0 ||
        config.raw.filters.objectAnnotationChecker;
      const found = needsMetadata ? await involvedMetadata() : {};
      if (!this.#matches(entry, event, found)) continue;
      if (config.raw.filters.objectAnnotationChecker && notificationsDisabled(found.annotations)) return undefined;
      return this.#toEvent(event, entry);
    }
    return undefined;
  }
}
