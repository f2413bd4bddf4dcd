import type { ChildProcess } from 'node:child_process';

/** Waits for a feed server started by a bench to print where it listens; `what` names it in errors. */
export function listeningUrl(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start in ${timeoutMs / 1000} s`)), timeoutMs);
    child.stdout!.on('data', (c) => {
      out += c;
      const m = /feed server listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code}`)));
  });
}
