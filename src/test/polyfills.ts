// jsdom has no MessageChannel; react-dom/server.browser (pulled in by @grafana/ui under React 19)
// creates one when it loads. Only its port2 → port1 message hop is used, asynchronously.
// Loaded by jest-setup.js for every jsdom test.
class JsdomMessagePort {
  onmessage: ((event: { data: unknown }) => void) | null = null;
  peer?: JsdomMessagePort;
  postMessage(data: unknown) {
    setTimeout(() => this.peer?.onmessage?.({ data }), 0);
  }
  close() {}
}

class JsdomMessageChannel {
  port1 = new JsdomMessagePort();
  port2 = new JsdomMessagePort();
  constructor() {
    this.port1.peer = this.port2;
    this.port2.peer = this.port1;
  }
}

if (typeof globalThis.MessageChannel === 'undefined') {
  Object.assign(globalThis, { MessageChannel: JsdomMessageChannel });
}

export {};
