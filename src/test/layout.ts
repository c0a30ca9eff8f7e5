/**
 * jsdom has no layout and no canvas: give Grafana's Combobox (which measures text and its menu)
 * something to measure so its options render in tests.
 */
export function fakeLayout() {
  Object.defineProperty(Element.prototype, 'getBoundingClientRect', {
    configurable: true,
    value: () => ({
      width: 300,
      height: 300,
      top: 0,
      left: 0,
      bottom: 300,
      right: 300,
      x: 0,
      y: 0,
      toJSON: () => ({}),
    }),
  });
  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
    configurable: true,
    value: () => ({ measureText: (text: string) => ({ width: text.length * 7 }), font: '' }),
  });
  // The virtualised option list sizes itself from clientHeight and rows from offsetHeight.
  for (const [prop, value] of [
    ['clientWidth', 300],
    ['clientHeight', 300],
    ['offsetWidth', 300],
    ['offsetHeight', 30],
  ] as const) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
  }
  class NoopObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  }
  Object.assign(globalThis, {
    IntersectionObserver: globalThis.IntersectionObserver ?? NoopObserver,
    ResizeObserver: globalThis.ResizeObserver ?? NoopObserver,
  });
}
