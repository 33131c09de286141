import { test, expect } from './fixtures';
import { requireGrafana } from './grafana';
import { ROUTES } from '../src/constants';
import pluginJson from '../src/plugin.json';

requireGrafana();

const pages: Array<[string, string, string]> = [
  [ROUTES.Overview, 'Overview', 'No agreements yet'],
  [ROUTES.ServiceCatalog, 'Service catalog', 'The service catalog is empty'],
  [ROUTES.Agreements, 'Agreements', 'No agreements yet'],
  [ROUTES.ContractsRequirements, 'Contracts & requirements', 'No contracts recorded yet'],
  [ROUTES.Breaches, 'Breaches', 'No breaches recorded'],
  [ROUTES.Reviews, 'Reviews', 'No reviews yet'],
  [ROUTES.ImprovementPlans, 'Improvement plans', 'No improvement plans yet'],
];

test.describe('navigating the app', () => {
  for (const [route, title, emptyMessage] of pages) {
    test(`${title} renders at /${route}`, async ({ gotoPage, page }) => {
      await gotoPage(`/${route}`);
      await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
      await expect(page.getByText(emptyMessage)).toBeVisible();
    });
  }

  test('every page is in the navigation of the app', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Overview}`);
    const names = pluginJson.includes.filter((i) => i.type === 'page' && i.name !== 'Configuration').map((i) => i.name);
    for (const name of names) {
      await expect(page.getByRole('link', { name, exact: true }).first()).toBeVisible();
    }
  });

  test('the empty state links to the next page', async ({ gotoPage, page }) => {
    await gotoPage(`/${ROUTES.Overview}`);
    await page.getByRole('link', { name: 'Go to agreements' }).click();
    await expect(page).toHaveURL(new RegExp(`/a/${pluginJson.id}/${ROUTES.Agreements}$`));
    await expect(page.getByRole('heading', { level: 1, name: 'Agreements' })).toBeVisible();
  });
});
