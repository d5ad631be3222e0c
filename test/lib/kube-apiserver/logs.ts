/** Pod logs as tests set them, served by pods/log with `tailLines` and `follow=true` streaming. */

/** Where a followed log writes: an HTTP response in practice. */
export interface LogSink {
  write(text: string): boolean;
  end(): void;
}

interface PodLog {
  lines: string[];
  followers: Set<LogSink>;
}

const keyOf = (namespace: string, name: string) => `${namespace}/${name}`;

/** Splits text into lines, each kept with its newline (a last line without one gets one). */
function toLines(text: string | string[]): string[] {
  if (Array.isArray(text)) return text.map((line) => (line.endsWith('\n') ? line : `${line}\n`));
  if (text === '') return [];
  const lines = text.split(/(?<=\n)/);
  return lines.map((line) => (line.endsWith('\n') ? line : `${line}\n`));
}

/** Logs by pod, and the followers of each. */
export class PodLogs {
  readonly #logs = new Map<string, PodLog>();

  #log(namespace: string, name: string): PodLog {
    const key = keyOf(namespace, name);
    let log = this.#logs.get(key);
    if (log === undefined) {
      log = { lines: [], followers: new Set() };
      this.#logs.set(key, log);
    }
    return log;
  }

  /** Replaces a pod's log (followers are not sent the old text again). */
  set(namespace: string, name: string, text: string | string[]): void {
    this.#log(namespace, name).lines = toLines(text);
  }

  /** Appends to a pod's log and writes the new lines to every follower. */
  append(namespace: string, name: string, text: string | string[]): void {
    const log = this.#log(namespace, name);
    const lines = toLines(text);
    log.lines.push(...lines);
    const chunk = lines.join('');
    for (const follower of log.followers) follower.write(chunk);
  }

  /** The log text, the last `tailLines` lines only when given. */
  read(namespace: string, name: string, tailLines: number | undefined): string {
    const lines = this.#logs.get(keyOf(namespace, name))?.lines ?? [];
    return (tailLines === undefined ? lines : lines.slice(Math.max(0, lines.length - tailLines))).join('');
  }

  /** Keeps a sink open for appended lines; returns the function that stops following. */
  follow(namespace: string, name: string, sink: LogSink): () => void {
    const followers = this.#log(namespace, name).followers;
    followers.add(sink);
    return () => followers.delete(sink);
  }

  /** Ends every follower of a pod (the pod was deleted). */
  end(namespace: string, name: string): void {
    const log = this.#logs.get(keyOf(namespace, name));
    if (log === undefined) return;
    for (const follower of log.followers) follower.end();
    this.#logs.delete(keyOf(namespace, name));
  }

  /** How many followers are open, over all pods. */
  get followerCount(): number {
    let count = 0;
    for (const log of this.#logs.values()) count += log.followers.size;
    return count;
  }

  /** Ends every follower of every pod. */
  endAll(): void {
    for (const log of this.#logs.values()) for (const follower of log.followers) follower.end();
    for (const log of this.#logs.values()) log.followers.clear();
  }
}
