// src/mocks/worker.ts: the Session API mock inside the page, through MSW's service worker.
// Copy MSW's worker script into the folder your dev server serves first: npx msw init public/
import { setupWorker } from 'msw/browser';
import { createSessionApiHandlers } from 'session-api-mock/msw';

// Where the app calls the Session API; the control plane answers at the same origin, under /__mock.
export const baseUrl = `${location.origin}/v1`;

export const mock = createSessionApiHandlers({ baseUrl, scenario: 'full-session' });
export const worker = setupWorker(...mock);

// In main.ts, before the app renders: `if (import.meta.env.DEV) await worker.start();`
// Storybook: start it in a loader of .storybook/preview.ts, and `await mock.reset()` before each story.
