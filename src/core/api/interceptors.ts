/** One HTTP attempt as the interceptors see it; they may change any field. */
export interface ApiRequest {
  method: string;
  /** Absolute URL. */
  url: string;
  /** Path with query string, relative to the base URL. */
  readonly path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: string | undefined;
  /** 1 for the first try of a call, 2 for its first retry... */
  readonly attempt: number;
}

/** What a response interceptor may do besides looking at the answer. */
export interface ResponseContext {
  readonly request: ApiRequest;
  /** How many times this attempt was already sent again by an interceptor (0 the first time). */
  readonly replays: number;
  /** Sends the attempt again, through the request interceptors (e.g. with a fresh token); at most twice. */
  retry(): Promise<Response>;
}

/** Runs before every attempt; return a new request or change the one given (and return nothing). */
export type RequestInterceptor = (request: ApiRequest) => ApiRequest | void | Promise<ApiRequest | void>;

/** Runs on every answer, before it is read; returns the response to use. */
export type ResponseInterceptor = (response: Response, context: ResponseContext) => Response | Promise<Response>;

/** An ordered list of interceptors; `use` returns the function that removes the one added. */
export class InterceptorChain<T> {
  #items: T[] = [];

  use(interceptor: T): () => void {
    this.#items = [...this.#items, interceptor];
    return () => {
      this.#items = this.#items.filter((item) => item !== interceptor);
    };
  }

  /** A snapshot, so an interceptor removed mid-request does not disturb the loop. */
  get list(): readonly T[] {
    return this.#items;
  }
}

/** The request and response interceptors of one ApiClient. */
export interface ApiInterceptors {
  readonly request: InterceptorChain<RequestInterceptor>;
  readonly response: InterceptorChain<ResponseInterceptor>;
}

export function createInterceptors(): ApiInterceptors {
  return { request: new InterceptorChain(), response: new InterceptorChain() };
}
