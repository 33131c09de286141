export const testIds = {
  appConfig: {
    engineUrl: 'data-testid slm-config-engine-url',
    engineSecret: 'data-testid slm-config-engine-secret',
    save: 'data-testid slm-config-save',
    test: 'data-testid slm-config-test',
    result: 'data-testid slm-config-result',
  },
  page: (key: string) => `data-testid slm-page-${key}`,
  slaStatusPanel: {
    unmapped: 'data-testid slm-slastatus-unmapped',
  },
};
