/**
 * One IntersectionObserver for every widget with `loading="lazy"`: each is called back once it
 * comes within half a screen of the viewport. Printing calls every waiting widget back, and so
 * does a browser without IntersectionObserver, at once.
 */
const NEAR = '50% 0% 50% 0%';
const waiting = new Map<Element, () => void>();
let observer: IntersectionObserver | undefined;

function callBack(element: Element): void {
  const callback = waiting.get(element);
  if (!callback) return;
  stopWatching(element);
  callback();
}

export function whenNearViewport(element: Element, callback: () => void): void {
  if (typeof IntersectionObserver === 'undefined') {
    callback();
    return;
  }
  if (!observer) {
    observer = new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) callBack(entry.target);
    }, { rootMargin: NEAR });
    addEventListener('beforeprint', () => [...waiting.keys()].forEach(callBack));
  }
  waiting.set(element, callback);
  observer.observe(element);
}

export function stopWatching(element: Element): void {
  if (!waiting.delete(element)) return;
  observer?.unobserve(element);
}
