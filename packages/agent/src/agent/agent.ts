/**
 * The agent: loads its state, starts the plugins that are enabled and
 * bound, opens the sources' streams, serves HTTP, and routes every command
 * and event between platforms and plugins. `stop()` is the SIGTERM path:
 * no new commands, the ones in flight finish (bounded), plugins stop.
 */
import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Builtins } from '../commands/builtins/index.js';
import { ExecutorBridge } from '../commands/executor-bridge.js';
import { CommandPipeline } from '../commands/pipeline.js';
import type { CommandRun } from '../commands/run.js';
import type { Config, PlatformName } from '../config/types.js';
import { ActionRunner } from '../events/actions.js';
import { SourceDispatcher } from '../events/dispatcher.js';
import { SourceScheduler } from '../events/scheduler.js';
import { createServer } from '../http/server.js';
import { KubeconfigGenerator } from '../kube/kubeconfig-generator.js';
import type { Logger } from '../logging.js';
import { AgentMetrics } from '../metrics.js';
import type { IncomingCommand, PlatformAdapter } from '../platforms/types.js';
import { WebchatAdapter } from '../platforms/webchat/adapter.js';
import { bundledPluginsDir } from '../plugins/bundled.js';
import type { PluginKind, PluginSupervisor } from '../plugins/supervisor.js';
import { WebhookSink } from '../sinks/webhook/sink.js';
import { type AuditLog, FileAuditLog, FileStateStore, type StateStore } from '../state/index.js';
import { ChannelDirectory } from './channel-directory.js';
import { superviseConfiguredPlugins } from './plugin-supervision.js';
import { wantedPlugins } from './wanted-plugins.js';

export interface AgentOptions {
  config: Config;
  logger: Logger;
  version: string;
  /** Where the bundled plugins are; default the repository's dist/plugins. */
  bundledPluginsDir?: string;
  /** Where the web chat UI's files are; default packages/webchat-ui/dist. */
  webchatDist?: string;
}

/** How long in-flight commands may run on after SIGTERM before they are cancelled. */
const DRAIN_MS = 10_000;
/** How long connections may stay open once every command has been answered. */
const CLOSE_CONNECTIONS_MS = 1000;

export class Agent {
  #ready = false;
  #stopping: Promise<void> | undefined;

  private constructor(
    readonly config: Config,
    private readonly logger: Logger,
    private readonly parts: {
      state: StateStore;
      audit: AuditLog;
      metrics: AgentMetrics;
      supervisor: PluginSupervisor;
      directory: ChannelDirectory;
      adapters: Map<PlatformName, PlatformAdapter>;
      pipeline: CommandPipeline;
      scheduler: SourceScheduler;
      dispatcher: SourceDispatcher;
      server: FastifyInstance;
      /** Cancels every command still running. */
      shutdown: AbortController;
    },
  ) {}

  /** The address the HTTP server listens on, e.g. `http://127.0.0.1:2115`. */
  get url(): string {
    const address = this.parts.server.server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  get ready(): boolean {
    return this.#ready;
  }

  /** Resolves once every event queue is empty: for tests and benchmarks. */
  idle(): Promise<void> {
    return this.parts.dispatcher.idle();
  }

  static async start(options: AgentOptions): Promise<Agent> {
    const { config, logger } = options;
    const state = new FileStateStore({ stateDir: config.settings.stateDir, logger });
    await state.load();
    let audit: AuditLog;
    try {
      audit = await FileAuditLog.open({ stateDir: config.settings.stateDir, logger });
    } catch (error) {
      await state.close();
      throw error;
    }
    const supervisor = superviseConfiguredPlugins(config, logger, options.bundledPluginsDir ?? bundledPluginsDir());
    const metrics = new AgentMetrics(() => supervisor.statuses());
    const directory = new ChannelDirectory(config, state);
    const adapters = new Map<PlatformName, PlatformAdapter>();
    const webchatChannels = config.communications.flatMap((group) => group.channels.filter((c) => c.platform === 'webchat'));
    const webchat = webchatChannels.length > 0 ? new WebchatAdapter(webchatChannels) : undefined;
    if (webchat) adapters.set('webchat', webchat);

    const shutdown = new AbortController();
    // Every command in flight listens to it: as many listeners as there are commands running (bounded per channel).
    setMaxListeners(0, shutdown.signal);
    const kubeconfigs = new KubeconfigGenerator({
      clusterName: config.settings.clusterName,
      kubeconfig: config.settings.kubeconfig,
      serviceAccountDir: config.settings.serviceAccountDir,
    });
    const bridge = new ExecutorBridge(config, supervisor, kubeconfigs);
    const { host, port } = config.settings.server;
    // Where plugins post to the agent: as configured, or where it listens.
    const baseURL = (): string => (config.plugins.incomingWebhook.inClusterBaseURL || agent.url).replace(/\/+$/, '');
    let pipeline: CommandPipeline | undefined;
    const actions = new ActionRunner(directory, () => pipeline as CommandPipeline, logger.child({ part: 'actions' }));
    const sinks = config.communications.flatMap((group) => group.sinks).map((sink) => new WebhookSink(sink));
    const dispatcher = new SourceDispatcher({
      directory,
      adapters,
      sinks,
      metrics,
      logger: logger.child({ part: 'dispatcher' }),
      runActions: (group, event, destinations) => actions.run(group, event, destinations),
    });
    const scheduler = new SourceScheduler({
      config,
      supervisor,
      dispatcher,
      logger: logger.child({ part: 'sources' }),
      baseURL,
      kubeconfigs,
    });
    const builtins: Builtins = new Builtins({
      config,
      directory,
      bridge,
      supervisor,
      version: options.version,
      reconcile: (): Promise<void> => agent.#reconcile(),
    });
    pipeline = new CommandPipeline({
      config,
      bridge,
      builtins,
      audit,
      metrics,
      logger: logger.child({ part: 'commands' }),
      shutdown: shutdown.signal,
      agentURL: () => agent.url,
    });

    const server = createServer({
      logger,
      metrics,
      webhooks: { sources: config.sources, scheduler, logger: logger.child({ part: 'webhooks' }) },
      ...(webchat
        ? {
            webchat: {
              adapter: webchat,
              directory,
              authToken: config.settings.webchat.authToken,
              waitTimeoutMs: config.settings.commandTimeoutMs + 5000,
              accepting: () => !agent.#stopping,
              logger: logger.child({ platform: 'webchat' }),
            },
          }
        : {}),
      ...(options.webchatDist ? { webchatDist: options.webchatDist } : {}),
      readiness: () => agent.#readiness(),
    });
    const agent: Agent = new Agent(config, logger, {
      state,
      audit,
      metrics,
      supervisor,
      directory,
      adapters,
      pipeline,
      scheduler,
      dispatcher,
      server,
      shutdown,
    });
    supervisor.on('fatal', (error: Error) => {
      logger.fatal({ err: error }, 'restart policy RestartAgent: a plugin failed too often; stopping the agent');
      process.exitCode = 1;
      void agent.stop();
    });
    try {
      // Health answers while plugins start.
      // Commands given while plugins start wait for them, rather than go unanswered.
      for (const adapter of adapters.values()) adapter.onCommand((command) => agent.#onCommand(command));
      await server.listen({ host, port });
      await agent.#reconcile();
      for (const [name, adapter] of adapters) {
        await adapter.start();
        logger.info({ platform: name }, 'platform started');
      }
      for (const group of config.communications)
        for (const platform of group.unsupported)
          logger.warn({ group: group.name, platform }, 'platform not supported yet by chatkube; skipped');
      agent.#ready = true;
      logger.info({ url: agent.url }, 'chatkube is ready');
      return agent;
    } catch (error) {
      await agent.stop();
      throw error;
    }
  }

  /** SIGTERM: stop taking commands, let those in flight finish (bounded), stop plugins, close. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#ready = false;
    const { server, pipeline, scheduler, supervisor, adapters, state, audit } = this.parts;
    // New commands are refused from here (#onCommand, and the web chat answers 503); those running
    // finish, within a bound, their last updates still pushed to the browsers that watch.
    // Actions of events that still arrive are not run either.
    pipeline.close();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([pipeline.drain(), new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
    clearTimeout(timer);
    this.parts.shutdown.abort();
    await pipeline.drain();
    const closing = server.close();
    // Every answer is written: connections kept alive for more requests end now, any left in a moment.
    server.server.closeIdleConnections();
    const forceClose = setTimeout(() => server.server.closeAllConnections(), CLOSE_CONNECTIONS_MS);
    await scheduler.stop();
    await Promise.all([...adapters.values()].map((adapter) => adapter.stop()));
    await supervisor.stop();
    await closing;
    clearTimeout(forceClose);
    await audit.close();
    await state.close();
    this.logger.info('chatkube stopped');
  }

  #onCommand(command: IncomingCommand): Promise<void> {
    if (this.#stopping) return Promise.resolve();
    const channel = this.parts.directory.find(command.platform, command.group, command.channel);
    const adapter = this.parts.adapters.get(command.platform);
    // Botkube ignores conversations it is not configured for.
    if (!channel || !adapter) return Promise.resolve();
    const run: CommandRun = {
      text: command.text,
      platform: command.platform,
      user: command.user,
      origin: command.origin,
      channel,
      executorBindings: channel.bindings.executors,
      targets: [{ adapter, channel: command.channel }],
      ...(command.messageId ? { replyTo: command.messageId } : {}),
      ...(command.threadId ? { threadId: command.threadId } : {}),
    };
    return this.parts.pipeline.run(run);
  }

  /** Starts the plugins and opens the streams that the bindings and enabled actions now call for. */
  async #reconcile(): Promise<void> {
    const { supervisor, directory, scheduler, adapters } = this.parts;
    await supervisor.start(wantedPlugins(this.config, directory));
    const streamed = new Set<string>();
    for (const channel of directory.all()) {
      const interactive = adapters.get(channel.platform)?.interactive ?? false;
      for (const group of channel.bindings.sources) {
        scheduler.ensure(group, interactive);
        streamed.add(group);
      }
    }
    // Sinks take the non-interactive stream; a source only actions use streams too, for them.
    for (const sink of this.config.communications.flatMap((c) => c.sinks))
      for (const group of sink.sources) scheduler.ensure(group, false);
    for (const action of directory.actions().filter((a) => a.enabled))
      for (const group of action.bindings.sources) if (!streamed.has(group)) scheduler.ensure(group, false);
  }

  #readiness(): { ready: boolean; body: object } {
    const plugins = this.parts.supervisor.statuses();
    for (const plugin of plugins)
      this.parts.metrics.pluginRestarts.set({ kind: plugin.kind, plugin: plugin.key }, plugin.restarts);
    const platforms = Object.fromEntries(
      [...this.parts.adapters.keys()].map((name) => [name, { status: this.#ready ? 'Healthy' : 'Starting' }]),
    );
    for (const group of this.config.communications) {
      for (const sink of group.sinks) platforms[`${group.name}.${sink.kind}`] = { status: 'Configured' };
      for (const name of group.unsupported) platforms[`${group.name}.${name}`] = { status: 'NotSupportedYet' };
    }
    // A plugin that is deactivated or cannot be found is reported, and does not hold the agent back.
    const settled = new Set(['running', 'deactivated', 'failed']);
    const ready = this.#ready && plugins.every((p) => settled.has(p.state));
    return { ready, body: { status: ready ? 'ready' : 'starting', plugins, platforms } };
  }
}

export type { PluginKind };
