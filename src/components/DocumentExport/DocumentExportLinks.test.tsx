import React from 'react';
import { render, screen } from '@testing-library/react';
import { DocumentExportLinks } from './DocumentExportLinks';

describe('DocumentExportLinks', () => {
  test.each(['catalog', 'agreements'] as const)('the %s document set downloads through the plugin proxy', (set) => {
    render(<DocumentExportLinks set={set} />);
    const pdf = screen.getByRole('link', { name: /Export PDF/ });
    const md = screen.getByRole('link', { name: /Export Markdown/ });
    expect(pdf.getAttribute('href')).toBe(`/api/plugin-proxy/slm-servicelevel-app/api/v1/exports/${set}.pdf`);
    expect(md.getAttribute('href')).toBe(`/api/plugin-proxy/slm-servicelevel-app/api/v1/exports/${set}.md`);
    expect(pdf.hasAttribute('download')).toBe(true);
  });
});
