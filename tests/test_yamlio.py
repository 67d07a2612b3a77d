"""The positioned YAML loader: values, positions, duplicates, bombs and YAML 1.1 surprises."""

import pytest

from ccm_cli.errors import CcmError
from ccm_cli.yamlio import parse

DOC = """\
id: a.b
body: |
  Hi there,

  second paragraph here
plain: hello world
quoted: "say hi"
folded: >
  one two
  three
"""


def test_values_and_positions():
    doc = parse(DOC, "x.yaml")
    assert doc.data["body"] == "Hi there,\n\nsecond paragraph here\n"
    assert doc.position(("id",)) == (1, 5)
    assert doc.key_position(("plain",)) == (6, 1)


@pytest.mark.parametrize(
    "path, offset, expected",
    [
        (("body",), 0, (3, 3)),  # literal block: first content line
        (("body",), len("Hi there,\n\n"), (5, 3)),  # a later line inside the block
        (("body",), len("Hi there,\n\nsecond "), (5, 10)),
        (("plain",), 6, (6, 14)),
        (("quoted",), 4, (7, 14)),  # after the opening quote
        (("folded",), len("one two "), (10, 3)),  # folded line 2
    ],
)
def test_locate_inside_scalars(path, offset, expected):
    assert parse(DOC, "x.yaml").locate(path, offset) == expected


def test_duplicate_key_keeps_first_and_reports_second():
    doc = parse("a: 1\nb: 2\na: 3\n", "x.yaml")
    assert doc.data == {"a": 1, "b": 2}
    assert [(d.key, d.line, d.column) for d in doc.duplicates] == [("a", 3, 1)]


def test_yaml_12_surprises_are_handled_deliberately():
    doc = parse("a: no\nb: on\nc: 0755\nd: 0x1F\ne: 2026-01-01\nf: 12\ng: 1.5\nh: true\ni: ~\n", "x.yaml")
    assert doc.data == {"a": "no", "b": "on", "c": "0755", "d": 31, "e": "2026-01-01", "f": 12, "g": 1.5, "h": True, "i": None}


def test_alias_bomb_is_rejected_before_any_walk():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(CcmError, match="alias bomb"):
        parse("\n".join(lines) + "\n", "bomb.yaml")


def test_small_aliases_and_merge_keys_work():
    doc = parse("base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n", "x.yaml")
    assert doc.data["other"] == {"x": 1, "y": 2}


def test_invalid_yaml_has_line_and_column():
    with pytest.raises(CcmError) as info:
        parse("a: [1, 2\nb: 3\n", "bad.yaml")
    assert info.value.file == "bad.yaml" and info.value.line and info.value.column
    assert "invalid YAML" in info.value.one_line()


def test_empty_document_is_none():
    assert parse("# only a comment\n", "x.yaml").data is None


def test_restored_documents_give_the_same_positions_without_parsing():
    from pathlib import Path

    from ccm_cli.yamlio import YamlDoc

    root = Path(__file__).resolve().parent.parent
    for path in sorted((root / "comms").rglob("*.yaml")):
        text = path.read_text("utf-8")
        parsed = parse(text, "x.yaml")
        restored = YamlDoc.restored("x.yaml", text, parsed.data, False)
        for key in parsed.data:
            assert restored.position((key,)) == parsed.position((key,)), (path.name, key)


def test_the_documented_yaml_decisions():
    """docs/yaml.md's table, row by row."""
    doc = parse("a: no\nb: yes\nc: off\nd: 0755\ne: 0x1F\nf: 0o17\ng: 1_000\nh: 1:30\ni: 2026-01-01\nj: TRUE\nk: ~\nl: !!str 12\nm: -.inf\n", "x.yaml")
    assert doc.data == {"a": "no", "b": "yes", "c": "off", "d": "0755", "e": 31, "f": "0o17", "g": "1_000", "h": "1:30",
                        "i": "2026-01-01", "j": True, "k": None, "l": "12", "m": float("-inf")}


LAZY_CASES = [
    "a: 1\nb: [x, 'y', 0755, no, 1:30, 2026-01-01, 1e3, .5, ~, 0o17, 0x1F, +.inf]\n",
    "base: &b {x: 1, y: 2}\nderived:\n  <<: *b\n  y: 3\n",
    "a: 1\na: 2\nb: {c: 1, c: 2}\n",
    "- &a [1, 2]\n- *a\n- !!str 12\n- '=': 1\n  '<<': 2\n",
    "text: |\n  line one\n  line two\nfolded: >\n  a\n  b\n",
    "",
    "# only a comment\n",
]


@pytest.mark.parametrize("text", LAZY_CASES)
def test_lazy_parse_gives_the_data_and_duplicates_of_the_full_parse(text):
    from ccm_cli.yamlio import parse_lazy

    full, lazy = parse(text, "x.yaml"), parse_lazy(text, "x.yaml")
    assert repr(lazy.data) == repr(full.data)
    assert lazy.duplicates == full.duplicates  # computed on demand for the lazy one
    assert lazy.values == full.values and lazy.keys == full.keys


def test_lazy_parse_raises_what_the_full_parse_raises():
    from ccm_cli.yamlio import parse_lazy

    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdef", "bcdefg"))
    for text in ("a: [1, 2\n", "a: b: c\n", bomb):
        with pytest.raises(CcmError) as full:
            parse(text, "x.yaml")
        with pytest.raises(CcmError) as lazy:
            parse_lazy(text, "x.yaml")
        assert lazy.value.one_line() == full.value.one_line()


def test_parse_many_in_processes_equals_one_by_one(monkeypatch):
    """A cold load of many comms parses them in one process per CPU: same documents, same
    errors, same order as parsing them one by one."""
    from ccm_cli.scale import parsing as yamlio  # many files at once (and in processes): the stores' parsing

    monkeypatch.setattr(yamlio, "PARALLEL_FROM", 5)
    monkeypatch.setattr(__import__("os"), "cpu_count", lambda: 2)
    items = [(f"comms/c{i}.yaml", f"id: c{i}\nn: {i}\nlist: [a, {i}, 0755]\n" + ("id: again\n" if i % 7 == 0 else "")) for i in range(40)]
    items[13] = ("comms/bad.yaml", "a: [1, 2\n")
    calls = []
    real = yamlio._parsed_in_processes
    monkeypatch.setattr(yamlio, "_parsed_in_processes", lambda todo, jobs: calls.append(jobs) or real(todo, jobs))
    many = yamlio.parse_many(items)
    assert calls == [2]
    for (rel, text), got in zip(items, many):
        try:
            expected = yamlio.parse_lazy(text, rel)
        except CcmError as error:
            assert isinstance(got, CcmError) and got.one_line() == error.one_line()
            continue
        assert got.rel == rel and got.data == expected.data and got.duplicates == expected.duplicates
