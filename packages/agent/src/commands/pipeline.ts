/**
 * The command pipeline: one chat message in, its answers out. It parses the
 * command (sanitize, aliases, reserved flags, words), routes it to a plugin
 * or a built-in verb, runs it under a deadline, shapes the answer as
 * Botkube does (filter, header, empty answers) and audits it. Each command
 * runs on its own, so one slow command never delays another; a channel
 * holds a bounded number of commands in flight.
 */
import { ChatkubeError, type ExecuteOutput, type Message, plaintext } from '@chatkube/api';
import type { EffectiveChannel } from '../agent/channel-directory.js';
import type { Config } from '../config/types.js';
import type { Logger } from '../logging.js';
import type { AgentMetrics } from '../metrics.js';
import type { PlatformAdapter, SentRef } from '../platforms/types.js';
import type { ExecuteRequest } from '../plugins/host/executor-client.js';
import type { AuditLog } from '../state/index.js';
import { untilAborted } from '../until-aborted.js';
import { shapeAnswer } from './answers.js';
import type { Builtins } from './builtins/index.js';
import { CommandDeadline } from './deadline.js';
import type { ExecutorBridge, ExecutorRoute } from './executor-bridge.js';
import { describeFailure, formatDuration } from './failures.js';
import { filterBody, parseCommand } from './index.js';
import { LiveReply } from './live-reply.js';
import type { CommandRun, RunOutcome } from './run.js';

/** Commands one channel may have running at once; more are refused, not queued without bound. */
export const MAX_IN_FLIGHT_PER_CHANNEL = 16;
/** Streamed output updates a message at most this often. */
const UPDATE_EVERY_MS = 100;
/** Executors whose absence Botkube explains with a hint. */
const WELL_KNOWN = new Set(['kubectl', 'helm']);

export interface PipelineDeps {
  config: Config;
  bridge: ExecutorBridge;
  builtins: Builtins;
  audit: AuditLog;
  metrics: AgentMetrics;
  logger: Logger;
  /** Aborts every command when the agent stops. */
  shutdown: AbortSignal;
  /** Where the agent listens, for the webhook URL plugins are told when no in-cluster URL is set. */
  agentURL(): string;
}

export class CommandPipeline {
  readonly #inFlight = new Map<string, number>();
  readonly #aliases: Record<string, { command: string }>;
  readonly #running = new Set<Promise<void>>();
  #closed = false;

  constructor(private readonly deps: PipelineDeps) {
    this.#aliases = Object.fromEntries(deps.config.aliases.map((alias) => [alias.name, { command: alias.command }]));
  }

  /** Resolves when every command in flight has finished. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.#running]);
  }

  /** From now on, new commands are not run (the agent is stopping); those running go on. */
  close(): void {
    this.#closed = true;
  }

  /** Runs one command; never rejects: failures are answered in the channel and logged. */
  run(run: CommandRun): Promise<void> {
    if (this.#closed) {
      this.deps.logger.info({ command: run.text, origin: run.origin }, 'not run: the agent is stopping');
      return Promise.resolve();
    }
    const slot = run.channel?.stateKey ?? 'automation';
    const inFlight = this.#inFlight.get(slot) ?? 0;
    if (inFlight >= MAX_IN_FLIGHT_PER_CHANNEL) {
      const started = performance.now();
      const audit = () => this.#audit(run, run.text, { metric: 'none' }, 'busy', started);
      // An action's burst is the agent's own doing: say so in the log, not once per event in the channels.
      if (run.origin === 'automation') {
        this.deps.logger.warn({ command: run.text, inFlight }, 'too many action commands running; this one was not run');
        return Promise.resolve(audit());
      }
      return this.#reply(
        run,
        plaintext(`Too many commands are running in this channel (${inFlight}); wait for one to finish.`),
      ).then(audit);
    }
    this.#inFlight.set(slot, inFlight + 1);
    const done = this.#run(run)
      .catch((error) => this.deps.logger.error({ err: error }, 'command pipeline failed'))
      .finally(() => {
        const left = (this.#inFlight.get(slot) ?? 1) - 1;
        if (left === 0) this.#inFlight.delete(slot);
        else this.#inFlight.set(slot, left);
        this.#running.delete(done);
      });
    this.#running.add(done);
    return done;
  }

  async #run(run: CommandRun): Promise<void> {
    const started = performance.now();
    let parsed: ReturnType<typeof parseCommand>;
    try {
      parsed = parseCommand(run.text, { aliases: this.#aliases });
    } catch (error) {
      await this.#reply(run, plaintext(error instanceof ChatkubeError ? error.message : String(error)));
      return this.#audit(run, run.text, { metric: 'none' }, 'invalid', started, error);
    }
    const { args, flags } = parsed;
    const { clusterName } = this.deps.config.settings;
    // Another agent's command, in a channel that several clusters share.
    if (flags.clusterName !== undefined && flags.clusterName !== clusterName) return;
    const command = parsed.clean;
    const header =
      flags.header ??
      `\`${command.replace(/\s+/g, ' ').trim()}\` on \`${clusterName}\`${run.origin === 'typed' ? '' : ` by ${run.user.mention}`}`;

    const [first = '', second] = args;
    const route = first ? this.deps.bridge.route(run.executorBindings, first) : undefined;
    if (route) {
      if (second === 'help' && args.length === 2) return this.#help(run, route, header, started);
      return this.#execute(run, route, command, flags.filter, header, started);
    }
    if (first && (WELL_KNOWN.has(first) || this.deps.bridge.exists(first))) {
      await this.#reply(
        run,
        plaintext(`\`${first}\` commands are not enabled in this channel. Bind an executor group that enables ${first} to it.`),
      );
      return this.#audit(run, command, { plugin: first }, 'denied', started);
    }
    const answer = await this.deps.builtins.run({ run, args, command, header });
    // As Botkube does, --filter applies to what the agent answers itself too.
    await this.#reply(run, flags.filter ? filterBody(answer.message, flags.filter) : answer.message, { header });
    // Only known verbs become metric labels: whatever else people type must not make new series.
    return this.#audit(
      run,
      command,
      { metric: answer.known ? answer.verb : 'unknown' },
      answer.known ? 'ok' : 'unknown-command',
      started,
    );
  }

  async #help(run: CommandRun, route: ExecutorRoute, header: string, started: number): Promise<void> {
    const deadline = new CommandDeadline(this.deps.config.settings.commandTimeoutMs, this.deps.shutdown);
    try {
      await this.#reply(run, await untilAborted(this.deps.bridge.help(route), deadline.signal), { header });
      return this.#audit(run, `${route.name} help`, { plugin: route.name }, 'ok', started);
    } catch (error) {
      const outcome: RunOutcome = deadline.timedOut ? 'timeout' : this.deps.shutdown.aborted ? 'cancelled' : 'error';
      const text = deadline.timedOut
        ? `\`${route.name} help\` did not finish within ${formatDuration(this.deps.config.settings.commandTimeoutMs)} and was cancelled.`
        : this.deps.shutdown.aborted
          ? `\`${route.name} help\` was cancelled: the agent is shutting down.`
          : describeFailure(route.name, error);
      await this.#reply(run, plaintext(text));
      return this.#audit(run, `${route.name} help`, { plugin: route.name }, outcome, started, error);
    } finally {
      deadline.release();
    }
  }

  async #execute(
    run: CommandRun,
    route: ExecutorRoute,
    command: string,
    filter: string | undefined,
    header: string,
    started: number,
  ): Promise<void> {
    const timeoutMs = this.deps.config.settings.commandTimeoutMs;
    const deadline = new CommandDeadline(timeoutMs, this.deps.shutdown);
    const interactive = run.targets.every(({ adapter }) => adapter.interactive);
    const shape = (output: ExecuteOutput): Message | undefined => shapeAnswer(output.message, { filter, interactive, command });
    const editable = run.targets.every(({ adapter }) => adapter.editable);
    const reply = new LiveReply(
      {
        send: (message, streaming) => this.#reply(run, message, { header, streaming }),
        update: (refs, message, streaming) => this.#update(run, refs, message, { header, streaming }),
      },
      UPDATE_EVERY_MS,
    );
    let latest: ExecuteOutput | undefined;
    try {
      const outputs = this.deps.bridge.execute(
        route,
        this.#request(run, command, interactive),
        deadline.signal,
        run.channel?.name,
      );
      for await (const output of outputs) {
        latest = output;
        const message = editable ? shape(output) : undefined;
        if (message) reply.push(message);
      }
    } catch (error) {
      const outcome: RunOutcome = deadline.timedOut ? 'timeout' : this.deps.shutdown.aborted ? 'cancelled' : 'error';
      const text = deadline.timedOut
        ? `\`${command}\` did not finish within ${formatDuration(timeoutMs)} and was cancelled.`
        : this.deps.shutdown.aborted
          ? `\`${command}\` was cancelled: the agent is shutting down.`
          : describeFailure(route.name, error);
      await reply.finish(reply.shown ? appendNote(latest ? shape(latest) : undefined, text) : plaintext(text));
      return this.#audit(run, command, { plugin: route.name }, outcome, started, error);
    } finally {
      deadline.release();
    }
    await reply.finish(shapeAnswer(latest?.message ?? {}, { filter, interactive, command }));
    for (const extra of latest?.messages ?? []) {
      const message = shapeAnswer(extra, { filter, interactive, command, extra: true });
      if (message) await this.#reply(run, message);
    }
    return this.#audit(run, command, { plugin: route.name }, 'ok', started);
  }

  /** What the plugin learns of the command and who gave it. */
  #request(run: CommandRun, command: string, interactive: boolean): Omit<ExecuteRequest, 'configs'> {
    const { inClusterBaseURL } = this.deps.config.plugins.incomingWebhook;
    return {
      command,
      isInteractivitySupported: interactive,
      message: {
        text: run.text,
        url: '',
        parentActivityId: run.threadId ?? '',
        user: { mention: run.user.mention, displayName: run.user.displayName },
      },
      baseSourceURL: `${(inClusterBaseURL || this.deps.agentURL()).replace(/\/+$/, '')}/sources/v1`,
    };
  }

  /** Sends `message` to every target; a failing platform is logged and skipped. */
  async #reply(run: CommandRun, message: Message, options: { header?: string; streaming?: boolean } = {}): Promise<SentRef[]> {
    const refs: SentRef[] = [];
    for (const { adapter, channel } of run.targets) {
      try {
        refs.push(await adapter.send(channel, message, { ...options, ...(run.replyTo ? { replyTo: run.replyTo } : {}) }));
      } catch (error) {
        this.deps.logger.warn({ err: error, platform: adapter.name, channel }, 'could not send an answer');
      }
    }
    return refs;
  }

  async #update(run: CommandRun, refs: SentRef[], message: Message, options: { header?: string; streaming?: boolean }) {
    for (const ref of refs) {
      const target = run.targets.find(({ channel }) => channel === ref.channel);
      await target?.adapter
        .update(ref, message, { ...options, ...(run.replyTo ? { replyTo: run.replyTo } : {}) })
        .catch((error: unknown) => this.deps.logger.warn({ err: error, channel: ref.channel }, 'could not update an answer'));
    }
  }

  /**
   * Counts the command and appends it to the audit log. The entry is made
   * durable on the log's own schedule (several commands share one fsync);
   * the answer does not wait for it, and the agent's stop does.
   */
  #audit(
    run: CommandRun,
    command: string,
    /** The plugin that ran it, or the metric label of a command no plugin ran (a built-in verb, `unknown`, `none`). */
    by: { plugin: string } | { metric: string },
    outcome: RunOutcome,
    started: number,
    error?: unknown,
  ): void {
    const seconds = (performance.now() - started) / 1000;
    const plugin = 'plugin' in by ? by.plugin : undefined;
    const label = 'plugin' in by ? by.plugin : by.metric;
    this.deps.metrics.commands.inc({ plugin: label, outcome });
    this.deps.metrics.commandDuration.observe({ plugin: label }, seconds);
    this.deps.audit
      .append({
        time: new Date().toISOString(),
        platform: run.platform,
        channel: run.channel?.name ?? '',
        user: run.user.id,
        command,
        ...(plugin ? { plugin } : {}),
        outcome,
        durationMs: Math.round(seconds * 1000),
        origin: run.origin,
        ...(error ? { error: error instanceof Error ? error.message : String(error) } : {}),
      })
      .catch((auditError: unknown) => this.deps.logger.error({ err: auditError, command }, 'could not write the audit log'));
  }
}

function appendNote(message: Message | undefined, note: string): Message {
  if (!message) return plaintext(note);
  return { ...message, sections: [...(message.sections ?? []), { context: [{ text: note }] }] };
}

export type { EffectiveChannel, PlatformAdapter };
