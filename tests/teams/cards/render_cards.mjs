// Render Adaptive Cards with Microsoft's JS SDK (npm `adaptivecards`) in headless Chromium.
//
// node render_cards.mjs INPUT.json OUTDIR
// INPUT: {"chromium": path, "sdk": path to adaptivecards.js, "css": [paths],
//         "themes": {name: {"hostConfig": {...}, "page": "#rrggbb"}},
//         "widths": [800, 360], "cards": [{"name": ..., "card": {...}}]}
// Writes OUTDIR/{name}-{theme}-{width}.png and prints one JSON report on stdout:
// [{"name", "theme", "width", "events": [parse and validation messages], "cut": [texts of
//   buttons or text whose content does not fit], "height", "lowerClean": true when the card
//   would also parse without a message at the version below the one it declares (null at 1.0)}].
// Each card is parsed at the version it declares, so a feature newer than that is an event.
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
          const versions = AC.Versions.getAllDeclaredVersions().map((v) => v.toString());
          const declared = versions.indexOf(card.version);
          if (declared < 0) events.push(`version: ${card.version} is not a known version`);
          const context = new AC.SerializationContext(AC.Versions.getAllDeclaredVersions()[declared]);
          adaptive.parse(card, context);
          let lowerClean = null;
          if (declared > 0) {
            const lower = new AC.SerializationContext(AC.Versions.getAllDeclaredVersions()[declared - 1]);
            new AC.AdaptiveCard().parse(card, lower);
            lowerClean = lower.eventCount === 0;
          }
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
            return { events, cut: [], height: 0, lowerClean };
          }
          frame.appendChild(element);
          // Folded detail is hidden here; golden_cards() passes each such card again unfolded.
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
          return { events, cut: [...new Set(cut)], height: frame.offsetHeight, lowerClean };
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
