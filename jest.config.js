// Extends the scaffolded config (see .config/README.md). The 13.2 @grafana packages pull in
// more ESM-only modules (d3-*, .mjs builds), so those are transformed too.
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');
const base = require('./.config/jest.config');

const swc = base.transform['^.+\\.(t|j)sx?$'];

module.exports = {
  ...base,
  transform: {
    '^.+\\.(t|j)sx?$': swc,
    '^.+\\.mjs$': swc,
  },
  transformIgnorePatterns: [
    nodeModulesToTransform([...grafanaESModules, 'd3-.*', 'internmap', 'delaunator', 'robust-predicates', '@grafana/.*', '@react-hookz/.*', '@ver0/deep-equal', 'yaml']),
  ],
  // The first import of @grafana/ui in a jsdom test takes seconds on a busy 2-core machine.
  testTimeout: 30000,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/server/', '<rootDir>/tests/'],
};
