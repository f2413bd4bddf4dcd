import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { FEED_URL } from './feed-url.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App feedUrl={FEED_URL} />
  </StrictMode>,
);
