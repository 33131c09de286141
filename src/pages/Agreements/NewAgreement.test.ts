import { parseAgreement } from '../../domain';
import { NEW_AGREEMENT_TEMPLATE, templateFor } from './NewAgreement';

describe('templateFor', () => {
  test('names the service the user came from, and the result is still a valid agreement', () => {
    const text = templateFor('mail');
    expect(text).toContain('service: mail');
    const parsed = parseAgreement(text);
    expect(parsed.ok && parsed.agreement.spec.service).toBe('mail');
  });

  test('keeps the placeholder without a service or with a key that is not a catalog key', () => {
    expect(templateFor(null)).toBe(NEW_AGREEMENT_TEMPLATE);
    expect(templateFor('Mail Service\nspec: x')).toBe(NEW_AGREEMENT_TEMPLATE);
  });
});
