"""Generate a synthetic, realistic content repository of N comms for benchmarks.

    python bench/generate.py OUT_DIR --comms 10000 --seed 1 --defect-rate 0.05

Every generated comm is derived from one comm of the example repository (the *base*), so its
copy, variables, samples and clauses stay coherent across channels and locales:

* channels: 2–3 of the base's channels, picked with realistic weights (email and sms most
  common; a few bases only have one channel: letters and web banners);
* copy: the base's templates, varied per comm: a paragraph dropped, a paragraph from the shared
  vocabulary (paragraphs of every example comm) added, 0–3 of 20 shared snippets
  (``comms/_snippets/gen-NN.{en,ja}.j2``, each used by ~5% of comms) included;
* samples: 1–4 per comm (the base's personas plus variants with other names and amounts);
* marketing comms are one-day campaigns 8 days apart so the contact policy's frequency caps hold;
* ``brand/``, ``policies/``, ``CODEOWNERS`` and ``ccm.yaml`` are copied from the example.

``--distinct-copy`` opens every template text with the comm's own reference, so no two comms
share one (as in a real repository; by default comms of one base share most of their texts).

``--defect-rate R`` makes that fraction of comms carry one deliberate defect (banned phrase,
terminology, SMS too long, undeclared variable, ja である in a ですます text, missing clause)
so lint has real findings; ``.bench/defects.json`` lists them. At rate 0 the copy is clean.
The output is deterministic for a seed and is committed as one git commit (fixed dates).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent
SNIPPETS = 20
SNIPPET_USE = 0.05  # each snippet is included by about this fraction of comms
CHANNEL_WEIGHT = {"email": 10, "sms": 8, "push": 4, "line": 3, "chat": 2, "letter": 1, "web": 1}
# how often each example comm serves as a base (email + sms bases dominate, like real programmes)
BASE_WEIGHT = {
    "billing.payment-reminder": 14, "accounts.password-reset": 12, "billing.invoice-ready": 12,
    "field-service.appointment-reminder": 10, "operations.outage-update": 8, "onboarding.welcome": 8,
    "store.first-purchase-thanks": 8, "billing.payment-holiday-offer": 5, "marketing.win-back": 6,
    "marketing.new-plan-launch": 5, "marketing.referral-request": 4, "billing.disconnection-notice": 3,
    "web.home-banner": 2,
}
BODY_FIELDS = {"email": "body", "letter": "body", "line": "body"}
FIRST_NAMES = ["Ana", "Jordan", "Sam", "Priya", "Luis", "Mei", "Noah", "Olivia", "Kenji", "Fatima",
               "Diego", "Grace", "Hiro", "Leah", "Omar", "Chloe", "Yuki", "Ben", "Sofia", "Ravi"]
LAST_NAMES = ["山田", "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "中村", "小林", "加藤",
              "吉田", "山本", "松本", "井上", "木村", "林", "清水", "森", "池田", "橋本"]
DEFECTS = ("banned-phrase", "terminology", "sms-too-long", "undeclared-variable", "ja-mixed-style", "missing-clause")
FIXED_DATE = "2026-01-01T00:00:00+0000"


# ---------------------------------------------------------------- the example's vocabulary

def _load_yaml(path: Path):
    from ruamel.yaml import YAML

    return YAML(typ="safe", pure=True).load(path.read_text("utf-8"))


def load_bases(example: Path) -> list[dict]:
    """The example comms, with ``<field>_file`` templates inlined."""
    bases = []
    for path in sorted((example / "comms").rglob("*.yaml")):
        if "_snippets" in path.parts:
            continue
        doc = _load_yaml(path)
        for locale, channels in doc.get("content", {}).items():
            for channel, fields in channels.items():
                for key in list(fields):
                    if key.endswith("_file"):
                        fields[key[:-5]] = (path.parent / fields.pop(key)).read_text("utf-8")
        doc["_folder"] = path.parent.relative_to(example / "comms").as_posix()
        doc["_slug"] = path.stem
        bases.append(doc)
    return bases


def paragraphs(body: str) -> list[str]:
    return [p for p in re.split(r"\n[ \t]*\n", body.strip("\n")) if p.strip()]


_FACT_ONLY = re.compile(r"\{\{\s*facts\.[a-z0-9_.]+\s*\}\}")
_ENDS = re.compile(r"[.。!?！？)）]$")


def is_neutral(par: str) -> bool:
    """A paragraph any comm can carry: sentences only, no variables, clauses or blocks."""
    if "{%" in par or "clause(" in par or len(par) < 20:
        return False
    if "{{" in _FACT_ONLY.sub("", par):
        return False
    lines = [ln.strip() for ln in par.splitlines() if ln.strip()]
    return all(_ENDS.search(ln) and not ln.startswith(("#", "[", "|")) for ln in lines) and not lines[0].startswith("-")


def vocabulary(bases: list[dict]) -> dict[str, list[str]]:
    """Neutral paragraphs per language, from every body of every example comm but the marketing ones."""
    pool: dict[str, list[str]] = {"en": [], "ja": []}
    for base in bases:
        if base.get("category") == "marketing":
            continue  # campaign copy is not neutral: an offer or a referral ask in a bill is a contact finding
        for locale, channels in base["content"].items():
            lang = locale[:2]
            for channel, fields in channels.items():
                if channel not in ("email", "letter"):
                    continue
                for par in paragraphs(fields.get("body", "")):
                    par = par.strip()
                    if is_neutral(par) and par not in pool[lang]:
                        pool[lang].append(par)
    return pool


# ---------------------------------------------------------------- YAML out (fast, block style)

def _scalar(value) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return json.dumps(str(value), ensure_ascii=False)


def _block(text: str, indent: str) -> str:
    chomp = "-" if not text.endswith("\n") else ("+" if text.endswith("\n\n") else "")
    body = text[:-1] if text.endswith("\n") and chomp == "" else text
    if chomp == "+":
        body = text[:-1]
    head = "|" + ("2" if text[:1] in " \t" else "") + chomp
    lines = body.split("\n")
    return head + "\n" + "\n".join((indent + ln) if ln.strip() else "" for ln in lines)


def emit(obj, indent: str = "") -> str:
    out = []
    if isinstance(obj, dict):
        for key, value in obj.items():
            if isinstance(value, dict) and value:
                if all(not isinstance(v, (dict, list)) and not (isinstance(v, str) and "\n" in v) for v in value.values()) and len(value) <= 4:
                    out.append(f"{indent}{key}: {{{', '.join(f'{k}: {_scalar(v)}' for k, v in value.items())}}}")
                else:
                    out.append(f"{indent}{key}:\n{emit(value, indent + '  ')}")
            elif isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
                out.append(f"{indent}{key}:\n{emit(value, indent + '  ')}")
            elif isinstance(value, list):
                out.append(f"{indent}{key}: [{', '.join(_scalar(v) for v in value)}]")
            elif isinstance(value, dict):
                out.append(f"{indent}{key}: {{}}")
            elif isinstance(value, str) and "\n" in value:
                out.append(f"{indent}{key}: {_block(value, indent + '  ')}")
            else:
                out.append(f"{indent}{key}: {_scalar(value)}")
    elif isinstance(obj, list):
        for item in obj:
            text = emit(item, indent + "  ") if isinstance(item, (dict, list)) else indent + "  " + _scalar(item)
            out.append(indent + "- " + text[len(indent) + 2:])
    return "\n".join(out)


# ---------------------------------------------------------------- one comm

def _depth_boundaries(pars: list[str]) -> list[int]:
    """Indexes i where inserting before pars[i] is outside every {% if %}/{% for %} block."""
    depth = 0
    ok = []
    for i, par in enumerate(pars):
        if depth == 0:
            ok.append(i)
        depth += len(re.findall(r"{%-?\s*(?:if|for)\b", par)) - len(re.findall(r"{%-?\s*end(?:if|for)\b", par))
    ok.append(len(pars))
    return ok


def _insert_point(pars: list[str]) -> int:
    """Before the clause / include / sign-off tail of a body, outside any block."""
    ok = _depth_boundaries(pars)
    tail = len(pars)
    for i in range(len(pars) - 1, 0, -1):
        p = pars[i]
        if "clause(" in p or "{% include" in p or not _ENDS.search(p.strip()) or i == len(pars) - 1:
            tail = i
        else:
            break
    candidates = [i for i in ok if 1 <= i <= tail]
    return candidates[-1] if candidates else len(pars)


def _vary_body(body: str, rng: random.Random, extra: str | None, includes: list[str]) -> str:
    pars = paragraphs(body)
    ok = set(_depth_boundaries(pars))
    droppable = [i for i in range(1, len(pars) - 1) if i in ok and i + 1 in ok and is_neutral(pars[i])]
    if droppable and rng.random() < 0.3:
        del pars[rng.choice(droppable)]
    at = _insert_point(pars)
    new = ([extra] if extra else []) + includes
    pars[at:at] = new
    return "\n\n".join(pars) + "\n"


def _sample_variant(sample: dict, k: int, rng: random.Random) -> dict:
    out = copy.deepcopy(sample)
    out["name"] = f"{sample['name']}-{k}"

    def walk(node):
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value)
            elif key == "first_name" and isinstance(value, str):
                node[key] = rng.choice(FIRST_NAMES)
            elif key == "last_name" and isinstance(value, str):
                node[key] = rng.choice(LAST_NAMES)
            elif key in ("amount", "total") and isinstance(value, (int, float)) and not isinstance(value, bool):
                node[key] = int(round(value * rng.uniform(1.0, 1.9)))  # whole amounts: yen has no cents

    walk(out.get("data", {}))
    return out


def _choose_channels(base: dict, rng: random.Random) -> list[str]:
    available = list(next(iter(base["content"].values())).keys())
    want = min(len(available), rng.choice((2, 2, 2, 3)))
    chosen: list[str] = []
    pool = list(available)
    while len(chosen) < want:
        pick = rng.choices(pool, weights=[CHANNEL_WEIGHT[c] for c in pool])[0]
        chosen.append(pick)
        pool.remove(pick)
    return [c for c in available if c in chosen]


def _first_body(content: dict, locale: str, prefer=("email", "line", "letter", "chat", "sms", "push", "web")):
    channels = content.get(locale, {})
    for channel in prefer:
        if channel in channels and "body" in channels[channel]:
            return channel
    return None


def _append(text: str, sentence: str, markdown: bool) -> str:
    if markdown:
        pars = paragraphs(text)
        at = _insert_point(pars)
        pars[at:at] = [sentence]
        return "\n\n".join(pars) + "\n"
    return text.rstrip() + (" " if not sentence.startswith(("。", "、")) else "") + sentence


def inject(kind: str, doc: dict, rng: random.Random) -> str | None:
    """Put one defect of ``kind`` into ``doc``; returns the kind actually used (or None)."""
    content = doc["content"]
    if kind == "missing-clause":
        for locale, channels in content.items():
            for channel, fields in channels.items():
                for name, text in fields.items():
                    if "clause(" in text:
                        fields[name] = re.sub(r"\n*\{\{\s*clause\([^)]*\)\s*\}\}", "", text)
                        if fields[name].strip():
                            return kind
        kind = "banned-phrase"
    if kind == "sms-too-long":
        for locale in content:
            if "sms" in content[locale]:
                filler = ("料金プランの詳しい内容は、アプリのお知らせ画面でいつでもご確認いただけます。" * 4 if locale.startswith("ja")
                          else " You can see every detail of your plan, your usage and your bills at any time in the app." * 6)
                content[locale]["sms"]["body"] = content[locale]["sms"]["body"].rstrip() + filler
                return kind
        kind = "undeclared-variable"
    if kind == "ja-mixed-style":
        channel = _first_body(content, "ja-JP", ("email", "line", "letter", "chat", "sms"))
        if channel:
            fields = content["ja-JP"][channel]
            fields["body"] = _append(fields["body"], "この変更は、ご契約の内容に影響しないものである。", channel in BODY_FIELDS)
            return kind
        kind = "banned-phrase"
    channel = _first_body(content, "en-US", ("email", "line", "letter", "chat", "sms", "push"))
    if channel is None:
        return None
    fields = content["en-US"][channel]
    markdown = channel in BODY_FIELDS
    if kind == "banned-phrase":
        fields["body"] = _append(fields["body"], rng.choice(["Our cheap plans are here.", "Act now to keep your discount."]), markdown)
    elif kind == "terminology":
        fields["body"] = _append(fields["body"], "You can log in to the app to see your bill.", markdown)
    elif kind == "undeclared-variable":
        fields["body"] = _append(fields["body"], "Your member code is {{ customer.member_code }}.", markdown)
    return kind


def make_comm(i: int, base: dict, rng: random.Random, pool: dict, marketing_slot: int | None, defect: str | None, clauses: dict[str, str]):
    doc = {k: copy.deepcopy(v) for k, v in base.items() if not k.startswith("_")}
    doc["id"] = f"{base['id']}-{i:05d}"
    doc["name"] = f"{base['name']} #{i}"
    channels = _choose_channels(base, rng)
    snippet_ids = [n for n in range(SNIPPETS) if rng.random() < SNIPPET_USE]
    extra_index = rng.randrange(1 << 30) if rng.random() < 0.3 else None
    content = {}
    for locale, fields_by_channel in base["content"].items():
        lang = locale[:2]
        content[locale] = {}
        snippet_target = next((c for c in ("email", "letter", "line") if c in channels), None)
        for channel in channels:
            fields = dict(fields_by_channel[channel])
            if channel == snippet_target and "body" in fields:
                includes = [f'{{% include "_snippets/gen-{n:02d}.{lang}.j2" %}}' for n in snippet_ids]
                extra = None
                if extra_index is not None and channel == "email":
                    extra = pool[lang][extra_index % len(pool[lang])]
                    if extra in fields["body"]:
                        extra = None
                fields["body"] = _vary_body(fields["body"], random.Random(f"{i}:{channel}"), extra, includes)
            content[locale][channel] = fields
    doc["content"] = content
    n_samples = rng.randint(1, 4)
    samples = list(doc.get("samples", []))[:n_samples]
    k = 0
    while len(samples) < n_samples and doc.get("samples"):
        k += 1
        samples.append(_sample_variant(doc["samples"][k % len(doc["samples"])], k, rng))
    if samples:
        doc["samples"] = samples
    if marketing_slot is not None:
        start = dt.date(2027, 1, 4) + dt.timedelta(days=8 * marketing_slot)  # one-day campaigns, 8 days apart
        schedule = doc.setdefault("schedule", {})
        schedule["start"] = start
        schedule["end"] = start
        schedule["max_per_customer"] = {"count": 1, "per": "7d"}
        doc.pop("retired", None)  # a new campaign: the example's retired launch is its model, not its state
    prune_variables(doc, clauses)
    used = inject(defect, doc, rng) if defect else None
    return doc, snippet_ids, used


def prune_variables(doc: dict, clauses: dict[str, str]) -> None:
    """Drop declared variables (and their sample data) that the chosen channels no longer use."""
    texts = [t for channels in doc["content"].values() for fields in channels.values() for t in fields.values()]
    for text in list(texts):
        texts.extend(clauses.get(c, "") for c in re.findall(r"clause\(\s*[\"']([^\"']+)", text))
    blob = "\n".join(texts)
    variables = doc.get("variables") or {}
    for name in list(variables):
        if not re.search(r"(?<![\w.])" + re.escape(name) + r"(?![\w])", blob):
            del variables[name]
            for sample in doc.get("samples", []):
                _drop_path(sample.get("data", {}), name.split("."))
    if not variables and "variables" in doc:
        del doc["variables"]
        doc.pop("samples", None)


def _drop_path(data: dict, parts: list[str]) -> None:
    if not isinstance(data, dict) or parts[0] not in data:
        return
    if len(parts) == 1:
        del data[parts[0]]
    else:
        _drop_path(data[parts[0]], parts[1:])
        if data[parts[0]] == {}:
            del data[parts[0]]


# ---------------------------------------------------------------- the repository

def _snippet_text(pool: list[str], rng: random.Random) -> str:
    return "\n\n".join(rng.sample(pool, k=min(len(pool), rng.choice((1, 1, 2))))) + "\n"


def make_distinct(doc: dict, i: int) -> None:
    """Open every template text of the comm with its own reference (``Ref 00042.``), so no two
    comms share a text: the copy of a real repository, where the caches keyed by text (compiled
    templates, judged texts) find little to share."""
    for fields in (channels for locale in doc["content"].values() for channels in locale.values()):
        for name, text in fields.items():
            if isinstance(text, str) and not name.endswith("_file"):
                fields[name] = f"Ref {i:05d}.\n\n{text}" if name == "body" and "\n" in text else f"Ref {i:05d}. {text}"


def generate(out: Path, comms: int, seed: int = 1, defect_rate: float = 0.05, example: Path = EXAMPLE, git: bool = True,
             distinct: bool = False) -> dict:
    """Write the repository; returns the manifest (also in ``.bench/defects.json``). With
    ``distinct``, no two comms share a template text (:func:`make_distinct`)."""
    if out.exists():
        shutil.rmtree(out)
    (out / "comms" / "_snippets").mkdir(parents=True)
    shutil.copy2(example / "ccm.yaml", out / "ccm.yaml")
    shutil.copytree(example / "brand", out / "brand")
    shutil.copytree(example / "policies", out / "policies")
    shutil.copy2(example / "CODEOWNERS", out / "CODEOWNERS")
    for snippet in (example / "comms" / "_snippets").glob("*.j2"):
        shutil.copy2(snippet, out / "comms" / "_snippets" / snippet.name)

    bases = load_bases(example)
    pool = vocabulary(bases)
    clauses = {}
    for path in sorted((example / "policies" / "clauses").glob("*.yaml")):
        clause = _load_yaml(path)
        clauses[clause["id"]] = "\n".join(str(t) for t in (clause.get("text") or {}).values())
    rng = random.Random(seed)
    for n in range(SNIPPETS):
        for lang in ("en", "ja"):
            (out / "comms" / "_snippets" / f"gen-{n:02d}.{lang}.j2").write_text(_snippet_text(pool[lang], rng), "utf-8")

    weights = [BASE_WEIGHT.get(b["id"], 1) for b in bases]
    manifest = {"seed": seed, "comms": comms, "defect_rate": defect_rate, "distinct": distinct, "defects": {}, "snippets": {}, "files": {}}
    marketing = 0
    folders: set[Path] = set()
    for i in range(comms):
        crng = random.Random(f"{seed}:{i}")
        base = crng.choices(bases, weights=weights)[0]
        slot = None
        if base.get("category") == "marketing":
            slot, marketing = marketing, marketing + 1
        defect = crng.choice(DEFECTS) if crng.random() < defect_rate else None
        doc, snippet_ids, used = make_comm(i, base, crng, pool, slot, defect, clauses)
        if distinct:
            make_distinct(doc, i)
        rel = f"comms/{base['_folder']}/{base['_slug']}/{base['_slug']}-{i:05d}.yaml"
        folder = out / rel.rsplit("/", 1)[0]
        if folder not in folders:
            folder.mkdir(parents=True, exist_ok=True)
            folders.add(folder)
        (out / rel).write_text(f"# generated by bench/generate.py (seed {seed}), based on {base['id']}\n" + emit(doc) + "\n", "utf-8")
        manifest["files"][doc["id"]] = rel
        if used:
            manifest["defects"][doc["id"]] = used
        for n in snippet_ids:
            manifest["snippets"].setdefault(f"gen-{n:02d}", []).append(doc["id"])
    (out / ".bench").mkdir()
    (out / ".bench" / "defects.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    if git:
        commit_all(out, "Generated content repository")
    return manifest


def git_env() -> dict:
    return {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid",
            "GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid",
            "GIT_AUTHOR_DATE": FIXED_DATE, "GIT_COMMITTER_DATE": FIXED_DATE}


def commit_all(repo: Path, message: str) -> None:
    env = git_env()
    if not (repo / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "add", "-A"], check=True, env=env)
    subprocess.run(["git", "-C", str(repo), "-c", "commit.gpgsign=false", "commit", "-q", "-m", message], check=True, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output folder (replaced if it exists)")
    parser.add_argument("--comms", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defect-rate", type=float, default=0.05)
    parser.add_argument("--example", type=Path, default=EXAMPLE, help="example repository to draw from")
    parser.add_argument("--no-git", action="store_true", help="do not make a git repository")
    parser.add_argument("--distinct-copy", action="store_true", help="no two comms share a template text (each opens with its own reference)")
    args = parser.parse_args(argv)
    import time

    t0 = time.perf_counter()
    manifest = generate(args.out, args.comms, args.seed, args.defect_rate, args.example, git=not args.no_git, distinct=args.distinct_copy)
    print(f"{args.out}: {args.comms} comms, {len(manifest['defects'])} with a defect, "
          f"{len(manifest['snippets'])} snippets in use, {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
