/**
 * Botkube's recommendations, evaluated on create events: pods without labels
 * or with `latest` images; ingresses whose backend service or TLS secret is
 * missing. Their texts are Botkube's.
 */
import type { KubernetesConfig } from './config.js';

export const PODS = 'v1/pods';
export const INGRESSES = 'networking.k8s.io/v1/ingresses';

/** Reads one object from the API, undefined when it does not exist. */
export type ObjectLookup = (resource: 'v1/services' | 'v1/secrets', namespace: string, name: string) => Promise<unknown>;

export interface Findings {
  recommendations: string[];
  warnings: string[];
}

type Recommendations = KubernetesConfig['recommendations'];

/** The resources whose create events a group needs for its recommendations. */
export function recommendationResources(config: Recommendations): string[] {
  const out: string[] = [];
  if (config.pod.noLatestImageTag || config.pod.labelsSet) out.push(PODS);
  if (config.ingress.backendServiceValid || config.ingress.tlsSecretValid) out.push(INGRESSES);
  return out;
}

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const text = (value: unknown): string => (typeof value === 'string' ? value : '');

function latestImages(kind: string, containers: unknown[], pod: string): string[] {
  return containers.flatMap((item) => {
    const container = record(item);
    const image = text(container.image);
    const parts = image.split(':');
    if (parts.length === 1 || parts[1] === 'latest') {
      return [`The 'latest' tag used in '${image}' image of Pod '${pod}' ${kind} '${text(container.name)}' should be avoided.`];
    }
    return [];
  });
}

function podFindings(pod: Record<string, unknown>, config: Recommendations): Findings {
  const metadata = record(pod.metadata);
  const spec = record(pod.spec);
  const id = `${text(metadata.namespace)}/${text(metadata.name)}`;
  const recommendations: string[] = [];
  if (config.pod.noLatestImageTag) {
    recommendations.push(
      ...latestImages('initContainer', list(spec.initContainers), id),
      ...latestImages('container', list(spec.containers), id),
    );
  }
  if (config.pod.labelsSet && Object.keys(record(metadata.labels)).length === 0) {
    recommendations.push(
      `Pod '${id}' created without labels. Consider defining them, to be able to use them as a selector e.g. in Service.`,
    );
  }
  return { recommendations, warnings: [] };
}

async function ingressFindings(
  ingress: Record<string, unknown>,
  config: Recommendations,
  lookup: ObjectLookup,
): Promise<Findings> {
  const metadata = record(ingress.metadata);
  const spec = record(ingress.spec);
  const namespace = text(metadata.namespace);
  const id = `${namespace}/${text(metadata.name)}`;
  const warnings: string[] = [];
  if (config.ingress.backendServiceValid) {
    for (const rule of list(spec.rules)) {
      for (const path of list(record(record(rule).http).paths)) {
        const service = record(record(record(path).backend).service);
        const name = text(service.name);
        if (name === '') continue;
        const port = record(service.port).number;
        const [serviceName, serviceNamespace] = name.split('.');
        const found = await lookup('v1/services', serviceNamespace ?? namespace, serviceName ?? name);
        if (found === undefined) {
          warnings.push(`Service '${name}' referred in Ingress '${id}' spec does not exist.`);
        } else if (!list(record(record(found).spec).ports).some((item) => record(item).port === port)) {
          warnings.push(`Service '${name}' referred in Ingress '${id}' spec does not expose port '${String(port ?? 0)}'.`);
        }
      }
    }
  }
  if (config.ingress.tlsSecretValid) {
    for (const tls of list(spec.tls)) {
      const secret = text(record(tls).secretName);
      if ((await lookup('v1/secrets', namespace, secret)) === undefined) {
        warnings.push(`TLS secret '${secret}' referred in Ingress '${id}' does not exist.`);
      }
    }
  }
  return { recommendations: [], warnings };
}

/** The findings about a created pod or ingress. */
export async function recommend(
  resource: string,
  object: unknown,
  config: Recommendations,
  lookup: ObjectLookup,
): Promise<Findings> {
  if (resource === PODS) return podFindings(record(object), config);
  if (resource === INGRESSES) return ingressFindings(record(object), config, lookup);
  return { recommendations: [], warnings: [] };
}
