import { metrics as metricsApi } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { createMemoryStores } from '@psa-bridge/core';
import { openTelemetryHooks } from '@psa-bridge/core/otel';
import { afterAll, describe, expect, it } from 'vitest';
import { psaWrites, startScenario } from './scenario.js';

const spans = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({
  exporter: metricExporter,
  exportIntervalMillis: 3_600_000,
});
const meterProvider = new MeterProvider({ readers: [reader] });
afterAll(async () => {
  await meterProvider.shutdown();
  await tracerProvider.shutdown();
  metricsApi.disable();
});

/** The sum of a counter's data points whose attributes include `where`. */
async function counted(name: string, where: Record<string, unknown> = {}): Promise<number> {
  await reader.forceFlush();
  const last = metricExporter.getMetrics().at(-1);
  const metric = last?.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
  let total = 0;
  for (const point of metric?.dataPoints ?? []) {
    if (Object.entries(where).every(([key, value]) => point.attributes[key] === value)) {
      total += point.value as number;
    }
  }
  return total;
}

const attributesOf = (span: ReadableSpan) => span.attributes;

describe("OpenTelemetry, checked with OpenTelemetry's own in-memory exporters", () => {
  it('traces every vendor request attempt and import batch, and counts requests, retries, 429s and created users', async () => {
    const hooks = openTelemetryHooks({
      tracer: tracerProvider.getTracer('test'),
      meter: meterProvider.getMeter('test'),
    });
    const scenario = await startScenario({
      kind: 'connectwise',
      contacts: 12,
      hooks,
      stores: { ...createMemoryStores(), tenant: 'partner-otel' },
    });
    try {
      const { bridge, connectionId, accountKey, gotoFake } = scenario;
      const license = gotoFake.account('Acme Corporation')?.licenses[0]?.key ?? '';
      const plan = await bridge.imports.plan({ connectionId, accountKey, licenseKeys: [license] });
      const creates = plan.rows.filter((row) => row.action === 'create').length;
      // GoTo answers the first create 429: retried, counted, traced as an error attempt.
      gotoFake.host.faults.push({ kind: 'status', status: 429 }, 1, { method: 'POST' });
      const report = await bridge.imports.run(plan, { batchSize: 5 });
      expect(report.totals.created).toBe(creates);

      const finished = spans.getFinishedSpans();
      const http = finished.filter((span) => span.kind === 2 /* CLIENT */);
      const batches = finished.filter((span) => span.name === 'psa_bridge.import.batch');
      expect(batches).toHaveLength(Math.ceil(creates / 5));
      expect(batches.reduce((sum, span) => sum + Number(span.attributes['psa_bridge.created']), 0)).toBe(
        creates,
      );
      for (const span of batches) expect(span.attributes['psa_bridge.tenant']).toBe('partner-otel');

      // HTTP client semantic conventions, with who the request was for.
      const psaSpan = http.find((span) => attributesOf(span)['psa_bridge.operation'] === 'psa.listContacts');
      expect(psaSpan?.name).toBe('GET');
      expect(psaSpan?.attributes).toMatchObject({
        'http.request.method': 'GET',
        'http.response.status_code': 200,
        'server.address': '127.0.0.1',
        'psa_bridge.provider': 'connectwise',
        'psa_bridge.connection_id': connectionId,
        'psa_bridge.tenant': 'partner-otel',
      });
      expect(String(psaSpan?.attributes['url.full'])).not.toContain('?');
      const limited = http.find((span) => span.attributes['http.response.status_code'] === 429);
      expect(limited?.attributes).toMatchObject({
        'error.type': '429',
        'psa_bridge.operation': 'goto.createUsers',
      });
      expect(limited?.status.code).toBe(2 /* ERROR */);
      const resent = http.find(
        (span) =>
          span.attributes['psa_bridge.request_id'] === limited?.attributes['psa_bridge.request_id'] &&
          span.attributes['http.request.resend_count'] === 1,
      );
      expect(resent?.attributes['http.response.status_code']).toBe(200);

      expect(await counted('psa_bridge.requests')).toBe(http.length);
      expect(await counted('psa_bridge.rate_limited', { 'psa_bridge.provider': 'goto' })).toBe(1);
      expect(await counted('psa_bridge.retries', { 'error.type': 'RATE_LIMITED' })).toBe(1);
      expect(await counted('psa_bridge.users_created', { 'psa_bridge.tenant': 'partner-otel' })).toBe(
        creates,
      );
      // Nothing secret in any span.
      const written = JSON.stringify(finished.map((span) => span.attributes));
      expect(written).not.toContain(
        String((scenario.connect.credentials as { privateKey: string }).privateKey),
      );
      expect(psaWrites(scenario.psa)).toEqual([]);
    } finally {
      await scenario.close();
    }
  });
});
