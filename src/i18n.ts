import { initPluginTranslations, type ResourceLoader, type Resources } from '@grafana/i18n';
import { config } from '@grafana/runtime';

/**
 * React escapes text itself; i18next's own HTML escaping would turn the "/" in URLs into "&#x2F;".
 * Pass as `interpolation` in every t() call that has values.
 */
export const NO_ESCAPE = { escapeValue: false } as const;

/** Grafana loads a plugin's locale files itself (from plugin.json "languages") starting with 12.1.0. */
export function grafanaLoadsPluginTranslations(version: string | undefined = config.buildInfo?.version): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version ?? '');
  if (!match) {
    return true;
  }
  const [major, minor] = [Number(match[1]), Number(match[2])];
  return major > 12 || (major === 12 && minor >= 1);
}

/** Wraps a per-language dynamic import so an unsupported language falls back to the in-source English. */
export function resourceLoader(load: (language: string) => Promise<{ default: Resources }>): ResourceLoader {
  return async (language: string) => {
    try {
      return (await load(language)).default;
    } catch {
      return {};
    }
  };
}

/** Initialises t()/<Trans> for one plugin id; before Grafana 12.1 the plugin has to load its resources. */
export async function initTranslations(pluginId: string, loader: ResourceLoader): Promise<void> {
  await initPluginTranslations(pluginId, grafanaLoadsPluginTranslations() ? [] : [loader]);
}
