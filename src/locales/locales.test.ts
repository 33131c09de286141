import path from 'path';
import { extractDefaults, readLocale, type Messages } from '../test/translationKeys';

const SRC = path.resolve(__dirname, '..');
const PANEL = path.join(SRC, 'panels', 'slastatus');

const namespaces = [
  {
    name: 'slm-servicelevel-app',
    dir: path.join(SRC, 'locales'),
    source: () =>
      extractDefaults(SRC, (file) =>
        [path.join(SRC, 'panels'), path.join(SRC, 'domain'), path.join(SRC, 'test')].some((skip) =>
          file.startsWith(skip)
        )
      ),
  },
  { name: 'slm-slastatus-panel', dir: path.join(PANEL, 'locales'), source: () => extractDefaults(PANEL) },
];

const placeholders = (text: string) => [...text.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
const sortedKeys = (messages: Messages) => Object.keys(messages).sort();

describe.each(namespaces)('translations of $name', ({ name, dir, source }) => {
  const english = readLocale(path.join(dir, 'en-US', `${name}.json`));
  const chinese = readLocale(path.join(dir, 'zh-Hans', `${name}.json`));

  test('en-US and zh-Hans have exactly the same keys', () => {
    expect(sortedKeys(chinese)).toEqual(sortedKeys(english));
  });

  test('no value is empty', () => {
    for (const [locale, messages] of Object.entries({ 'en-US': english, 'zh-Hans': chinese })) {
      const empty = Object.entries(messages).filter(([, value]) => typeof value !== 'string' || value.trim() === '');
      expect({ locale, empty }).toEqual({ locale, empty: [] });
    }
  });

  test('zh-Hans keeps every {{placeholder}} of en-US', () => {
    const mismatched = Object.keys(english).filter(
      (key) => placeholders(english[key]).join() !== placeholders(chinese[key] ?? '').join()
    );
    expect(mismatched).toEqual([]);
  });

  // Grafana 13.1+ does not load en-US at runtime: the in-source default is what English users see,
  // so the en-US file (the translators' source) must say exactly the same thing.
  test('en-US matches the defaults in the source code, key for key', () => {
    expect(english).toEqual(source());
  });
});
