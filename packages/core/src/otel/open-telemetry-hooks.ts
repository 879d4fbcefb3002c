import {
  type Attributes,
  type Counter,
  type Histogram,
  type Meter,
  metrics,
  type Span,
  SpanKind,
  SpanStatusCode,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import type { BridgeHooks } from '../bridge/create-bridge.js';
import type { EventContext, HttpRequestEvent, HttpResponseEvent } from '../http/http-events.js';
import { SDK_VERSION } from '../http/user-agent.js';
import type { ImportBatchEvent } from '../import/import-events.js';

/** Options of {@link openTelemetryHooks}. */
export interface OpenTelemetryOptions {
  /** Where spans go. @default trace.getTracer('@psa-bridge/core', version) of the global provider */
  readonly tracer?: Tracer;
  /** Where counters go. @default metrics.getMeter('@psa-bridge/core', version) of the global provider */
  readonly meter?: Meter;
}

/** The instruments, made once per hooks object. */
interface Instruments {
  readonly requests: Counter;
  readonly retries: Counter;
  readonly rateLimited: Counter;
  readonly usersCreated: Counter;
  readonly duration: Histogram;
}

/** psa-bridge's own attributes of an event: who the request was for. */
function contextAttributes(event: EventContext & { readonly service?: string }): Attributes {
  const attributes: Attributes = {};
  if (event.service) attributes['psa_bridge.service'] = event.service;
  if (event.provider) attributes['psa_bridge.provider'] = event.provider;
  if (event.connectionId) attributes['psa_bridge.connection_id'] = event.connectionId;
  if (event.tenant) attributes['psa_bridge.tenant'] = event.tenant;
  if (event.operation) attributes['psa_bridge.operation'] = event.operation;
  return attributes;
}

/** The HTTP client attributes of OpenTelemetry's semantic conventions, from a secret-free event. */
function requestAttributes(event: HttpRequestEvent): Attributes {
  const attributes: Attributes = {
    'http.request.method': event.method,
    'url.full': event.url,
    'psa_bridge.request_id': event.requestId,
    ...contextAttributes(event),
  };
  const url = URL.canParse(event.url) ? new URL(event.url) : undefined;
  if (url) {
    attributes['server.address'] = url.hostname;
    attributes['server.port'] = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  }
  if (event.attempt > 1) attributes['http.request.resend_count'] = event.attempt - 1;
  return attributes;
}

/**
 * Hooks that turn a bridge's activity into OpenTelemetry spans and metrics, following the HTTP
 * client semantic conventions: a `CLIENT` span per vendor request attempt (named by its method,
 * with `http.request.method`, `url.full` without the query, `server.address`,
 * `http.response.status_code`, `error.type`, `http.request.resend_count`) and an `INTERNAL` span per
 * import batch; counters `psa_bridge.requests`, `psa_bridge.retries`, `psa_bridge.rate_limited`
 * and `psa_bridge.users_created`, and the `http.client.request.duration` histogram (seconds).
 * Every span and data point names the provider, connection, tenant and operation. Nothing secret
 * is recorded: events carry no headers, bodies or query strings.
 *
 * `@opentelemetry/api` is an optional peer dependency: install it to use this entry.
 *
 * @example
 * ```ts
 * import { openTelemetryHooks } from '@psa-bridge/core/otel';
 * const bridge = createBridge({ providers, goto: gotoClient, hooks: openTelemetryHooks() });
 * ```
 */
export function openTelemetryHooks(options: OpenTelemetryOptions = {}): BridgeHooks {
  const tracer = options.tracer ?? trace.getTracer('@psa-bridge/core', SDK_VERSION);
  const meter = options.meter ?? metrics.getMeter('@psa-bridge/core', SDK_VERSION);
  const instruments: Instruments = {
    requests: meter.createCounter('psa_bridge.requests', {
      description: 'Vendor request attempts that ended, with or without an answer',
    }),
    retries: meter.createCounter('psa_bridge.retries', { description: 'Vendor requests retried' }),
    rateLimited: meter.createCounter('psa_bridge.rate_limited', {
      description: 'Vendor answers 429 (rate limited)',
    }),
    usersCreated: meter.createCounter('psa_bridge.users_created', {
      description: 'GoTo users created by imports',
    }),
    duration: meter.createHistogram('http.client.request.duration', {
      description: 'Duration of vendor request attempts',
      unit: 's',
    }),
  };
  // Open spans by request id and attempt; an attempt's response event ends its span.
  const open = new Map<string, Span>();
  const keyOf = (event: HttpRequestEvent): string => `${event.requestId}:${event.attempt}`;

  return {
    onRequest(event) {
      const span = tracer.startSpan(event.method, {
        kind: SpanKind.CLIENT,
        attributes: requestAttributes(event),
      });
      open.set(keyOf(event), span);
    },
    onResponse(event: HttpResponseEvent) {
      const key = keyOf(event);
      const span = open.get(key);
      open.delete(key);
      const outcome: Attributes = { 'http.request.method': event.method, ...contextAttributes(event) };
      if (event.status !== undefined) outcome['http.response.status_code'] = event.status;
      const failed = event.status === undefined || event.status >= 400;
      if (failed) outcome['error.type'] = event.status === undefined ? 'network' : String(event.status);
      instruments.requests.add(1, outcome);
      instruments.duration.record(event.durationMs / 1000, outcome);
      if (event.status === 429) instruments.rateLimited.add(1, contextAttributes(event));
      if (!span) return;
      span.setAttributes(outcome);
      if (event.vendorRequestId) span.setAttribute('psa_bridge.vendor_request_id', event.vendorRequestId);
      if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
    onRetry(event) {
      instruments.retries.add(1, { ...contextAttributes(event), 'error.type': event.reason });
    },
    onImportBatch(event: ImportBatchEvent) {
      const span = tracer.startSpan('psa_bridge.import.batch', {
        kind: SpanKind.INTERNAL,
        startTime: event.startedAt,
        attributes: {
          ...contextAttributes(event),
          'psa_bridge.import_id': event.importId,
          'psa_bridge.account_key': event.accountKey,
          'psa_bridge.run': event.run,
          'psa_bridge.batch': event.batch,
          'psa_bridge.batch_size': event.size,
          'psa_bridge.created': event.created,
          'psa_bridge.failed': event.failed,
        },
      });
      if (event.errorCode) {
        span.setAttribute('error.type', event.errorCode);
        span.setStatus({ code: SpanStatusCode.ERROR, message: event.errorCode });
      }
      span.end(event.startedAt + event.durationMs);
      if (event.created > 0) instruments.usersCreated.add(event.created, contextAttributes(event));
    },
  };
}
