// One HTTP call to the service as its clients make it, timed; a missing answer (refused, reset, timed out)
// is an answer with status 0, so the fault runs can count it instead of catching it.

export interface HttpAnswer<T = any> {
  /** 0 when no answer came: connection refused or reset, or the timeout. */
  status: number;
  body: T;
  text: string;
  contentType: string;
  headers: Headers;
  ms: number;
  /** Why there was no answer (status 0). */
  error?: string;
}

export interface HttpOptions {
  token?: string | null;
  /** JSON-encoded unless `raw` is given. */
  body?: unknown;
  raw?: string | Buffer;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

export async function http<T = any>(base: string, method: string, url: string, options: HttpOptions = {}): Promise<HttpAnswer<T>> {
  const headers: Record<string, string> = { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) };
  if (options.body !== undefined && options.raw === undefined) headers['content-type'] = 'application/json';
  Object.assign(headers, options.headers ?? {});
  const started = performance.now();
  try {
    const response = await fetch(`${base}${url}`, {
      method,
      headers,
      body: options.raw !== undefined ? options.raw : options.body === undefined ? undefined : JSON.stringify(options.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body, text, contentType: response.headers.get('content-type') ?? '', headers: response.headers, ms: performance.now() - started };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    return { status: 0, body: null as T, text: '', contentType: '', headers: new Headers(), ms: performance.now() - started, error: e.cause?.code ?? e.name ?? String(error) };
  }
}
