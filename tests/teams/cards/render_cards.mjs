// Render Adaptive Cards with Microsoft's JS SDK (npm `adaptivecards`) in headless Chromium.
//
// node render_cards.mjs INPUT.json OUTDIR
// INPUT: {"chromium": path, "sdk": path to adaptivecards.js, "css": [paths],
//         "themes": {name: {"hostConfig": {...}, "page": "#rrggbb"}},
//         "widths": [800, 360], "cards": [{"name": ..., "card": {...}}]}
// Writes OUTDIR/{name}-{theme}-{width}.png and prints one JSON report on stdout:
// [{"name", "theme", "width", "events": [parse and validation messages], "cut": [texts of
//   buttons or text whose content does not fit], "height"}].
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [input, outDir] = process.argv.slice(2);
const job = JSON.parse(readFileSync(input, 'utf8'));
mkdirSync(outDir, { recursive: true });
const sdk = readFileSync(job.sdk, 'utf8');
const css = job.css.map((p) => readFileSync(p, 'utf8')).join('\n');

const browser = await chromium.launch({ executablePath: job.chromium, args: ['--no-sandbox'] });
const report = [];
try {
  for (const width of job.widths) {
    const page = await browser.newPage({ viewport: { width: width + 40, height: 800 } });
    await page.setContent(`<html><head><style>${css}
      body { margin: 0; font-family: "Segoe UI", "DejaVu Sans", sans-serif; }
      #frame { width: ${width}px; padding: 12px; box-sizing: border-box; }
    </style></head><body><div id="frame"></div></body></html>`);
    await page.addScriptTag({ content: sdk });
    for (const [theme, spec] of Object.entries(job.themes)) {
      for (const { name, card } of job.cards) {
        const result = await page.evaluate(({ card, spec }) => {
          const AC = window.AdaptiveCards;
          const events = [];
          const frame = document.getElementById('frame');
          frame.innerHTML = '';
          frame.style.background = spec.page;
          const adaptive = new AC.AdaptiveCard();
          adaptive.hostConfig = new AC.HostConfig(spec.hostConfig);
          const context = new AC.SerializationContext();
          adaptive.parse(card, context);
          for (let i = 0; i < context.eventCount; i++) {
            const e = context.getEventAt(i);
            events.push(`parse: ${e.message}`);
          }
          for (const e of adaptive.validateProperties().validationEvents) {
            events.push(`validate: ${e.message}`);
          }
          const element = adaptive.render();
          if (!element) {
            events.push('render: nothing rendered');
            return { events, cut: [], height: 0 };
          }
          frame.appendChild(element);
          // Reveal folded detail too, so the screenshot and the fit check cover it.
          const cut = [];
          for (const node of frame.querySelectorAll('button, .ac-textBlock, .ac-richTextBlock')) {
            if (node.offsetParent === null) continue;
            const text = node.innerText.trim();
            if (node.scrollWidth > node.clientWidth + 1) cut.push(text);
            for (const child of node.querySelectorAll('*')) {
              if (child.scrollWidth > child.clientWidth + 1 &&
                  getComputedStyle(child).textOverflow === 'ellipsis') cut.push(text);
            }
          }
          return { events, cut: [...new Set(cut)], height: frame.offsetHeight };
        }, { card, spec });
        const shot = join(outDir, `${name}-${theme}-${width}.png`);
        await page.locator('#frame').screenshot({ path: shot });
        report.push({ name, theme, width, ...result, screenshot: shot });
      }
    }
    await page.close();
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
