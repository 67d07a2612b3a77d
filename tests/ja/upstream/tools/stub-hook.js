// Resolve textlint-tester to the recorder; any module that cannot be found to a universal stub.
const Module = require("module");
const path = require("path");
const REC = path.join(__dirname, "recorder.js");
const origResolve = Module._resolveFilename;
const origLoad = Module._load;
function stub() {
  const f = function () { return p; };
  const p = new Proxy(f, {
    get(t, k) { if (k === "__esModule") return true; if (k === Symbol.toPrimitive) return () => ""; if (k === "then") return undefined; return p; },
    apply() { return p; }, construct() { return p; },
  });
  return p;
}
Module._load = function (request, parent, isMain) {
  if (request === "textlint-tester" || request === "@textlint/tester" || request.endsWith("textlint-tester")) return require(REC);
  try { return origLoad.apply(this, arguments); } catch (e) { if (e.code === "MODULE_NOT_FOUND" || /Unexpected|Cannot use import/.test(String(e))) return stub(); throw e; }
};
