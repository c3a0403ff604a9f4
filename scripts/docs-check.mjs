// `make docs-check`: read the built site (site/) as a reader would, in headless Chromium.
// Opens the home page and the reference, runs one search, saves screenshots in site-check/,
// and fails on any console error, failed request or HTTP error status of a page or asset.
import { createServer } from "node:http";
import { readFile, mkdir, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";
import { chromium } from "playwright-core";

const root = normalize(join(process.cwd(), "site"));
const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
  ".woff2": "font/woff2", ".xml": "application/xml", ".inv": "application/octet-stream" };

const server = createServer(async (req, res) => {
  let path = normalize(join(root, decodeURIComponent(new URL(req.url, "http://x").pathname)));
  if (!path.startsWith(root)) { res.writeHead(403).end(); return; }
  try {
    if ((await stat(path)).isDirectory()) path = join(path, "index.html");
    res.writeHead(200, { "Content-Type": types[extname(path)] ?? "application/octet-stream" });
    res.end(await readFile(path));
  } catch { res.writeHead(404).end("not found"); }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}`;

const problems = [];
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
page.on("console", (m) => {
  if (m.type() === "error") problems.push(`console: ${m.text()} (${m.location().url})`);
});
page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
page.on("requestfailed", (r) => {
  if (r.url().startsWith(base)) problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
});
page.on("response", (r) => {
  if (r.url().startsWith(base) && r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
});
await mkdir("site-check", { recursive: true });

for (const [name, path, expect] of [
  ["home", "/", "A first call"],
  ["reference", "/reference/", "ProfilesSync"],
  ["desired-state", "/desired-state/", "Secrets: hidden at every depth"],
]) {
  await page.goto(base + path, { waitUntil: "networkidle" });
  if (!(await page.content()).includes(expect)) problems.push(`${path}: "${expect}" not shown`);
  await page.screenshot({ path: `site-check/${name}.png`, fullPage: false });
}

await page.goto(base + "/", { waitUntil: "networkidle" });
await page.keyboard.press("/");  // Material's search shortcut
await page.keyboard.type("pacing");
await page.waitForSelector(".md-search-result__item", { timeout: 10000 })
  .catch(() => problems.push("search: no result for 'pacing'"));
const results = await page.locator(".md-search-result__item").count();
await page.screenshot({ path: "site-check/search.png" });

await browser.close();
server.close();
if (problems.length) {
  console.error(`docs-check: ${problems.length} problem(s):\n  ` + problems.join("\n  "));
  process.exit(1);
}
console.log(`docs-check: home, reference and desired-state pages clean; search found ${results} results; screenshots in site-check/`);
