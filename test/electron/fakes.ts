/** Test doubles for Electron objects: event emitters that record the handlers main registers. */
export class FakeEmitter {
  readonly handlers = new Map<string, Array<(...args: any[]) => unknown>>();
  on(event: string, fn: (...args: any[]) => unknown) {
    this.handlers.set(event, [...(this.handlers.get(event) ?? []), fn]);
    return this;
  }
  once(event: string, fn: (...args: any[]) => unknown) {
    return this.on(event, fn);
  }
  emit(event: string, ...args: unknown[]) {
    return (this.handlers.get(event) ?? []).map((fn) => fn(...args));
  }
}

export class FakeWebContents extends FakeEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly mainFrame = { url: 'app://meshlens/index.html' };
  openHandler?: (details: { url: string }) => { action: string };
  sent: Array<[string, unknown]> = [];
  setWindowOpenHandler(fn: (details: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
  send(channel: string, v: unknown) {
    this.sent.push([channel, v]);
  }
}

export function navEvent() {
  let prevented = false;
  return { preventDefault: () => { prevented = true; }, get prevented() { return prevented; } };
}
