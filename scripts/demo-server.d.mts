export interface DemoServer {
  url: string;
  feedUrl: string;
  outDir: string;
  stop(): Promise<void>;
}
export function startDemoServer(extraArgs?: string[]): Promise<DemoServer>;
