/** The shapes the test Kubernetes API server works with: objects, resource types, options, recorded requests. */

/** A Kubernetes object as parsed JSON (apiVersion, kind, metadata, and whatever else the kind has). */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** The parts of metav1.ObjectMeta the server reads or fills in. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  [field: string]: unknown;
}

/** One printer column of a custom resource, as in a CRD's `additionalPrinterColumns`. */
export interface PrinterColumn {
  name: string;
  /** OpenAPI type of the cell: string, integer, number, boolean, date. */
  type: string;
  /** A simple JSONPath such as `.spec.size` (dotted fields only). */
  jsonPath: string;
  description?: string;
  priority?: number;
}

/** One row of the resource table that drives routing, discovery, storage and printing. */
export interface ResourceType {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** Plural, lower-case name used in URLs: `pods`. */
  resource: string;
  /** Singular name: `pod`. */
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Subresources served besides the object itself: `status`, `log` (pods only). */
  subresources?: string[];
  /** Verbs discovery lists (default: all eight). */
  verbs?: string[];
  /** Printer columns for custom resources; NAME and AGE are always printed. */
  printerColumns?: PrinterColumn[];
}

/** Denies requests that match every field set (unset fields match anything) with 403 Forbidden. */
export interface DenyRule {
  /** The user making the request: the impersonated user, else the user of the token. */
  user?: string;
  /** Any group of the requester (impersonated groups, else the token's groups). */
  group?: string;
  /** The bearer token sent. */
  token?: string;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection. */
  verb?: string;
  /** Resource name as RBAC sees it: `pods`, `pods/log`, `deployments`. */
  resource?: string;
  /** API group; '' for core. */
  apiGroup?: string;
  namespace?: string;
  name?: string;
}

/** Who a bearer token stands for; unknown tokens are accepted as user `admin`. */
export interface TokenUser {
  user: string;
  groups?: string[];
}

/** Options of {@link KubeApiServer.start}. */
export interface KubeApiServerOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /**
   * Serve https with a self-signed certificate (made with openssl) that {@link KubeApiServer.kubeconfig} trusts.
   * kubectl sends bearer tokens only over https, so tests of the Authorization header need this.
   */
  https?: boolean;
  /** Extra resource types (custom resources) served besides the built-in table. */
  resources?: ResourceType[];
  /** How many past changes a watch may resume from before it gets 410 Expired (default 10,000). */
  watchCacheSize?: number;
  /** How often watches with `allowWatchBookmarks=true` get a BOOKMARK (default 1,000 ms). */
  bookmarkIntervalMs?: number;
  /** Requests matching one of these get 403 Forbidden. */
  denyRules?: DenyRule[];
  /** Users that bearer tokens stand for. */
  tokens?: Record<string, TokenUser>;
  /** Whether to keep {@link KubeApiServer.requests} (default true; benchmarks may turn it off). */
  recordRequests?: boolean;
}

/** One HTTP request the server received, as tests inspect it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters (the last value when one is repeated). */
  query: Record<string, string>;
  /** Every header, each with all its values (header names lower-case). */
  headers: Record<string, string[]>;
  userAgent: string | undefined;
  authorization: string | undefined;
  impersonateUser: string | undefined;
  /** Every Impersonate-Group header value, in order. */
  impersonateGroups: string[];
  /** The request body of a POST/PUT/PATCH to a resource (base64 when it was protobuf). */
  body?: string;
  /** The Kubernetes verb the request was routed to, when it reached a resource. */
  verb?: string;
  /** `v1/pods`-style key of the resource addressed, when it reached a resource. */
  resource?: string;
}
