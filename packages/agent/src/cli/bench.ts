/** Execute round trips against a plugin: the figures `chatkube plugin bench` prints. */
import type { ExecuteRequest, GrpcExecutorClient } from '../plugins/host/index.js';

export interface BenchResult {
  calls: number;
  p50_us: number;
  p99_us: number;
  calls_per_s: number;
}

// V8 optimises the call path only after some hundreds of calls; measure after that.
const WARM_UP_CALLS = 1000;

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** `calls` Execute round trips over `concurrency` workers, each waiting for its answer before the next call. */
export async function benchExecute(
  client: GrpcExecutorClient,
  request: ExecuteRequest,
  calls: number,
  concurrency: number,
): Promise<BenchResult> {
  for (let i = 0; i < Math.min(WARM_UP_CALLS, calls); i++) await client.executeOnce(request);
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < calls) {
      next++;
      const start = process.hrtime.bigint();
      await client.executeOnce(request);
      latencies.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  latencies.sort((a, b) => a - b);
  return {
    calls,
    p50_us: Math.round(percentile(latencies, 50)),
    p99_us: Math.round(percentile(latencies, 99)),
    calls_per_s: Math.round(calls / seconds),
  };
}
