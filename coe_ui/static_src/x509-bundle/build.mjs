// make vendor-x509: bundles entry.mjs once with esbuild into the static file
// coe-ui ships, and writes beside it the licence of every package inside it.
// The versions are package-lock.json's (npm ci installs exactly those).
import { build } from "esbuild";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";

const version = JSON.parse(readFileSync("node_modules/@peculiar/x509/package.json")).version;
const out = `../../static/coe_ui/js/vendor/peculiar-x509-${version}`;
const result = await build({
  entryPoints: ["entry.mjs"], bundle: true, format: "esm", target: "es2020",
  minify: true, legalComments: "eof", metafile: true, outfile: `${out}.mjs`,
});
const packages = [...new Set(Object.keys(result.metafile.inputs)
  .map((path) => path.match(/^node_modules\/((?:@[^/]+\/)?[^/]+)/))
  .filter(Boolean).map((match) => match[1]))].sort();
const sections = packages.map((name) => {
  const folder = `node_modules/${name}`;
  const manifest = JSON.parse(readFileSync(`${folder}/package.json`));
  const file = readdirSync(folder).find((entry) => /^licen[cs]e/i.test(entry));
  return `${name} ${manifest.version} (${manifest.license})\n${"=".repeat(60)}\n` +
    readFileSync(`${folder}/${file}`, "utf8").trim() + "\n";
});
writeFileSync(`${out}.LICENSE.txt`,
  `peculiar-x509-${version}.mjs bundles these packages from the npm registry:\n\n` +
  sections.join("\n"));
console.log(`${out}.mjs: ${packages.length} packages`);
