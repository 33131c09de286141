// Jest setup provided by Grafana scaffolding; its browser shims (and ours: MessageChannel, which
// React 19's server renderer needs when @grafana/ui loads) only apply under jsdom, so the pure
// domain tests can run in Jest's node environment.
if (typeof window !== 'undefined') {
  require('./src/test/polyfills');
  require('./.config/jest-setup');
}
