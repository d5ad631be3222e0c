/** Splits a byte stream into lines, cutting any line longer than `maxLength`. */
export function onLines(stream: NodeJS.ReadableStream, maxLength: number, onLine: (line: string) => void): void {
  let partial = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    if (partial.length > maxLength) {
      onLine(partial.slice(0, maxLength));
      partial = '';
    }
  });
  stream.on('end', () => {
    if (partial) onLine(partial);
    partial = '';
  });
}
