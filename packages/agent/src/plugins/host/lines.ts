/** Splits text that arrives in pieces into lines, cutting any line longer than `maxLength`. */
export class LineSplitter {
  #partial = '';

  constructor(private readonly maxLength: number) {}

  /** The lines that `text` completes. */
  push(text: string): string[] {
    const parts = (this.#partial + text).split('\n');
    this.#partial = parts.pop() ?? '';
    const lines = parts.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line)).map((line) => this.#cut(line));
    if (this.#partial.length > this.maxLength) {
      lines.push(this.#partial.slice(0, this.maxLength));
      this.#partial = '';
    }
    return lines;
  }

  /** What is left once the text has ended. */
  flush(): string[] {
    const rest = this.#partial;
    this.#partial = '';
    return rest ? [this.#cut(rest)] : [];
  }

  #cut(line: string): string {
    return line.length > this.maxLength ? line.slice(0, this.maxLength) : line;
  }
}

/** Calls `onLine` for each line of a byte stream. */
export function onLines(stream: NodeJS.ReadableStream, maxLength: number, onLine: (line: string) => void): void {
  const splitter = new LineSplitter(maxLength);
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    for (const line of splitter.push(chunk)) onLine(line);
  });
  stream.on('end', () => {
    for (const line of splitter.flush()) onLine(line);
  });
}
