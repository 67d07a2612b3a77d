const runs = (global.__RUNS__ = global.__RUNS__ || []);
class TextLintTester {
  run(name, rule, cases) {
    const config = (rule && typeof rule === "object" && (rule.rules || rule.plugins)) ? rule : null;
    const plugins = config && config.plugins ? config.plugins.map((p) => p.pluginId || "?") : [];
    runs.push({ name, plugins, valid: cases.valid || [], invalid: cases.invalid || [] });
  }
}
module.exports = TextLintTester;
module.exports.default = TextLintTester;
module.exports.TextLintTester = TextLintTester;
process.on("exit", () => { require("fs").writeFileSync(process.env.REC_OUT, JSON.stringify(runs)); });
