// Compile contracts/*.sol with solc-js (offline) and print {Name: {abi, bytecode, methods}} as JSON.
const fs = require("fs");
const path = require("path");
const solc = require("solc");
const dir = path.join(__dirname, "contracts");
const sources = {};
for (const f of fs.readdirSync(dir).filter((f) => f.endsWith(".sol"))) {
  sources[f] = { content: fs.readFileSync(path.join(dir, f), "utf8") };
}
const input = {
  language: "Solidity",
  sources,
  settings: { optimizer: { enabled: true, runs: 200 }, evmVersion: "paris",
              outputSelection: { "*": { "*": ["abi", "evm.bytecode.object", "evm.methodIdentifiers"] } } },
};
const out = JSON.parse(solc.compile(JSON.stringify(input), { import: (p) => ({ contents: fs.readFileSync(path.join(dir, path.basename(p)), "utf8") }) }));
const errors = (out.errors || []).filter((e) => e.severity === "error");
if (errors.length) { console.error(errors.map((e) => e.formattedMessage).join("\n")); process.exit(1); }
const result = {};
for (const file of Object.keys(out.contracts)) {
  for (const [name, c] of Object.entries(out.contracts[file])) {
    result[name] = { abi: c.abi, bytecode: c.evm.bytecode.object, methods: c.evm.methodIdentifiers };
  }
}
process.stdout.write(JSON.stringify(result));
