export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as { __ctgTemporal__?: { stop(): Promise<void> } }).__ctgTemporal__;
  await server?.stop();
}
