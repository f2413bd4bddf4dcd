/** The feed server to use: `?feed=<url>` on the page (the end-to-end test passes one), else a local one. */
export const FEED_URL = new URLSearchParams(location.search).get('feed') ?? 'http://127.0.0.1:8000';
