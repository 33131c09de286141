// Jest setup provided by Grafana scaffolding; its browser shims only apply under jsdom, so the
// pure domain tests can run in Jest's node environment.
if (typeof window !== 'undefined') {
  require('./.config/jest-setup');
}
