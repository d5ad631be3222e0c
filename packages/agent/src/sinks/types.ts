/** What the agent needs of a unidirectional sink: events in, nothing back. */
import type { Event } from '@chatkube/api';

export interface Sink {
  /** `{kind}:{communications group}`, for logs and metrics. */
  readonly name: string;
  /** The source groups whose events it receives. */
  readonly sources: readonly string[];
  /** Delivers one event of `sourceGroup`; rejects when the sink refused or could not be reached. */
  send(event: Event, sourceGroup: string): Promise<void>;
}
