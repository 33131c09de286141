/**
 * Breach reports as PDF, with pdfkit. Agreement titles, party names and reports are often
 * Chinese, which PDF's standard fonts cannot show: a CJK font is embedded when one is installed
 * (Noto Sans CJK, Debian/Ubuntu package fonts-noto-cjk; SLM_REPORT_FONT names another file,
 * SLM_REPORT_FONT_FAMILY its face in a collection). Without one the report says so at its top.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { Block } from './render';

export const DEFAULT_CJK_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
export const DEFAULT_CJK_FAMILY = 'NotoSansCJKsc-Regular';
const DEFAULT_CJK_BOLD = '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc';
const DEFAULT_CJK_BOLD_FAMILY = 'NotoSansCJKsc-Bold';

export interface FontChoice {
  regular: { src: string; family?: string } | null;
  bold: { src: string; family?: string } | null;
}

export function fontChoice(env: NodeJS.ProcessEnv = process.env): FontChoice {
  const custom = env.SLM_REPORT_FONT?.trim();
  if (custom) {
    const face = { src: custom, family: env.SLM_REPORT_FONT_FAMILY?.trim() || undefined };
    return existsSync(custom) ? { regular: face, bold: face } : { regular: null, bold: null };
  }
  if (!existsSync(DEFAULT_CJK_FONT)) {
    return { regular: null, bold: null };
  }
  const regular = { src: DEFAULT_CJK_FONT, family: DEFAULT_CJK_FAMILY };
  return {
    regular,
    bold: existsSync(DEFAULT_CJK_BOLD) ? { src: DEFAULT_CJK_BOLD, family: DEFAULT_CJK_BOLD_FAMILY } : regular,
  };
}

export const NO_CJK_FONT_NOTE =
  'Note: no CJK font is installed on the engine (install fonts-noto-cjk or set SLM_REPORT_FONT); Chinese, Japanese and Korean text is not shown in this PDF. The Markdown report has it all.';

export async function toPdf(
  blocks: Block[],
  { title, fonts = fontChoice() }: { title: string; fonts?: FontChoice }
): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: title, Creator: 'Service Level Management' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const [regular, bold] = registerFonts(doc, fonts);
  if (!fonts.regular) {
    doc.font('Helvetica-Oblique').fontSize(8).fillColor('#a15c00').text(NO_CJK_FONT_NOTE).moveDown().fillColor('black');
  }
  for (const block of blocks) {
    renderBlock(doc, block, regular, bold);
  }
  doc.end();
  return done;
}

function registerFonts(doc: PDFKit.PDFDocument, fonts: FontChoice): [string, string] {
  if (!fonts.regular) {
    return ['Helvetica', 'Helvetica-Bold'];
  }
  doc.registerFont('body', fonts.regular.src, fonts.regular.family as string);
  doc.registerFont('body-bold', fonts.bold!.src, fonts.bold!.family as string);
  return ['body', 'body-bold'];
}

function renderBlock(doc: PDFKit.PDFDocument, block: Block, regular: string, bold: string): void {
  switch (block.kind) {
    case 'title':
      doc.font(bold).fontSize(18).text(block.text).moveDown(0.6);
      break;
    case 'heading':
      doc.moveDown(0.4).font(bold).fontSize(13).text(block.text).moveDown(0.2);
      break;
    case 'paragraph':
      doc.font(regular).fontSize(10).text(block.text).moveDown(0.3);
      break;
    case 'list':
      doc.font(regular).fontSize(10);
      block.items.forEach((item, i) => doc.text(`${block.ordered ? `${i + 1}.` : '•'} ${item}`, { indent: 10 }));
      doc.moveDown(0.3);
      break;
    case 'fields':
      for (const [label, value] of block.rows) {
        doc.font(bold).fontSize(10).text(`${label}: `, { continued: true }).font(regular).text(value);
      }
      doc.moveDown(0.3);
      break;
    case 'table':
      doc.font(bold).fontSize(9).text(block.header.join('  |  '));
      doc.font(regular).fontSize(9);
      block.rows.forEach((row) => doc.text(row.join('  |  ')));
      doc.moveDown(0.3);
      break;
  }
}
