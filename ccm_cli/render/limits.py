"""The sandbox's time and size guards: checks that run before an operation allocates.

The sandboxed environment (:mod:`.sandbox`) calls these: every call,
attribute lookup, filter, operator and loop step checks the deadline of the render in progress
(:func:`tick`), and every operation whose result size an argument controls is refused *before*
it runs when the result could exceed the ``output_chars`` budget. The checks are estimates
from above, computed in C-speed steps (``len``, ``str.count``) or in one walk over a value
that stops as soon as the budget is exceeded, so a legitimate template pays a few comparisons
per operation.

The whole class, by operation:

==============================  ============================================================
operation                       result size controlled by
==============================  ============================================================
``x * n``                       ``n`` (str, list, tuple, bytes); integer bits for ``int * int``
``a ** b``                      ``b`` (integer bits)
``fmt % args``, ``|format``     widths/precisions (literal or ``*``), fields repeated by
                                ``%(name)s``: the sum over every conversion
``str.format``/``format_map``   the same, counted field by field as the text is built
``str.center/ljust/rjust/zfill`` the width
``str.expandtabs``              tab size × number of tabs
``str.translate``               the longest replacement × the text's length
``str.join``/``|join``/``|sum`` the items (a generator is materialised once, bounded)
``str.replace``/``|replace``    number of matches × replacement (``''`` matches everywhere)
``|indent``                     indentation (a width or a string) × number of lines
``|wordwrap``                   the wrap string × number of lines
``|urlize``                     ``target``/``rel`` × number of links
``|tojson(indent)``/``|pprint`` indentation × nesting depth × items
``|center/truncate/slice/batch`` their size argument
``range()``, ``lipsum()``       their arguments
``str.encode``, bytes methods   never: bytes do not enter a template
==============================  ============================================================
"""

from __future__ import annotations

import contextvars
import re
import time
from typing import Any

from jinja2.runtime import Namespace
from jinja2.sandbox import SandboxedFormatter

from .budget import DEFAULTS, Limits, explain
from .provenance import Issued

DEFAULT_OUTPUT_CHARS = int(DEFAULTS["output_chars"])
MAX_INT_BITS = 100_000
_BYTES = (bytes, bytearray, memoryview)
_MEASURED = (list, tuple, dict, set, frozenset, range, *_BYTES)  # measured before they become text
_REPEATABLE = (str, list, tuple, *_BYTES)  # what '*' repeats
_monotonic = time.monotonic

# the budget of the render in progress in this thread/task (see RenderState)
budget_var: contextvars.ContextVar["RenderState | None"] = contextvars.ContextVar("ccm_budget", default=None)
_current = budget_var.get


class ResourceLimitExceeded(Exception):
    """A template ran past its deadline or would build text longer than ``output_chars``."""


class RenderState:
    """The render in progress: its deadline (and which limit set it), the output limit, the
    number of characters expressions have produced so far (a macro or ``{% set %}`` block
    buffers its output where the streamed output cannot see it), and the provenance tokens it
    issued. Nested renders (a clause inside a field) share it."""

    __slots__ = ("deadline", "reason", "limits", "output_chars", "produced", "issued")

    def __init__(self, limits: Limits, deadline: float | None = None, reason: str = "render") -> None:
        self.deadline = time.monotonic() + limits.render_seconds if deadline is None else deadline
        self.reason = reason
        self.limits = limits
        self.output_chars = limits.output_chars
        self.produced = 0
        self.issued = Issued()


def tick() -> None:
    """Raise when the render in progress is past its deadline."""
    state = _current()
    if state is not None and _monotonic() > state.deadline:
        raise ResourceLimitExceeded(explain(state.reason, state.limits))


def output_limit() -> int:
    state = _current()
    return state.output_chars if state else DEFAULT_OUTPUT_CHARS


def refuse_size(size: int, what: str) -> None:
    limit = output_limit()
    if size > limit:
        raise ResourceLimitExceeded(f"{what} would be {size:,} characters; the output_chars limit is {limit:,}")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# ---------------------------------------------------------------- measuring values
def deep_size(value: Any, budget: int) -> int:
    """Characters plus items of ``value`` (strings, numbers, nested containers), counted
    until ``budget`` is exceeded; a container that repeats one big item counts every copy.
    Bytes count four characters each (their text form may be ``\\xNN``)."""
    total = 0
    stack = [value]
    while stack and total <= budget:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += 1 + len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 1 + len(item)
            stack.extend(item)
        elif isinstance(item, range):
            total += len(item)
        elif isinstance(item, _BYTES):
            total += 4 * len(item)
        else:
            total += 1
    return total


def layout_size(value: Any, per_level: int, budget: int) -> int:
    """:func:`deep_size` plus the indentation a pretty printer gives every item
    (``per_level`` characters per level of nesting), counted until ``budget`` is exceeded."""
    total = 0
    stack = [(value, 0)]
    while stack and total <= budget:
        item, depth = stack.pop()
        total += depth * per_level + 2
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, dict):
            total += len(item)
            stack.extend((key, depth + 1) for key in item.keys())
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += len(item)
            stack.extend((child, depth + 1) for child in item)
        elif isinstance(item, range):
            total += len(item) * (depth * per_level + 8)
        elif isinstance(item, _BYTES):
            total += 4 * len(item)
    return total


def check_value(value: Any, what: str = "a value") -> Any:
    """Refuse a value whose text form would exceed the output budget (before ``str()`` runs)."""
    if isinstance(value, str):
        refuse_size(len(value), what)
    elif isinstance(value, _MEASURED):
        refuse_size(deep_size(value, output_limit()), what)
    elif _is_int(value) and value.bit_length() > MAX_INT_BITS:
        raise ResourceLimitExceeded(f"{what} is an integer of more than {MAX_INT_BITS:,} bits")
    return value


def guard_iter(iterable: Any):
    """The iterable of every ``{% for %}``: checks the deadline before each item."""
    tick()
    for item in iterable:
        tick()
        yield item


def concat_operands(*parts: Any) -> str:
    """``a ~ b``: every part bounded before it is turned into text, and the result too."""
    for part in parts:
        check_value(part, "'~' operand")
    tick()
    return check_value("".join(str(p) for p in parts), "'~' result")


# ---------------------------------------------------------------- operators
def check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse ``left <operator> right`` when its result could exceed the budget."""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, _REPEATABLE) and _is_int(times):
                refuse_size(deep_size(seq, output_limit()) * max(times, 0), f"'*' on a {type(seq).__name__}")
        if _is_int(left) and _is_int(right) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise ResourceLimitExceeded(f"'*' would build an integer of more than {MAX_INT_BITS:,} bits")
    elif operator == "**":
        if _is_int(left) and _is_int(right) and right > 0 and abs(left) > 1:
            if abs(left).bit_length() * right > MAX_INT_BITS:
                raise ResourceLimitExceeded(f"'**' would build an integer of more than {MAX_INT_BITS:,} bits")
    elif operator == "%" and isinstance(left, (str, *_BYTES)):
        check_value(right, "a '%' argument")
        refuse_size(percent_size(left, right), "the '%' result")
    elif operator == "+":
        check_value(left, "a '+' operand")
        check_value(right, "a '+' operand")


# %-style conversions: mapping key, flags, width (or *), precision (or *), length, type
_PERCENT_SPEC = re.compile(r"%(\([^)]*\))?[-+ #0]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?(.?)", re.DOTALL)


def _number(text: str) -> int:
    if len(text) > 9:
        raise ResourceLimitExceeded(f"a format width of {text} exceeds the output_chars limit")
    return int(text)


def _text_size(value: Any, conversion: str, precision: int | None) -> int:
    """An upper bound of the length of one ``%`` conversion of ``value`` (before its width)."""
    if (conversion and conversion in "eEfFgG") or isinstance(value, float):
        return (6 if precision is None else precision) + 330  # digits of the largest float
    if conversion and conversion in "diouxXc" and _is_int(value):
        return value.bit_length() // 3 + 3
    factor = 10 if conversion and conversion in "ra" else 4  # repr()/ascii() may escape a character as \\U0010ffff
    if isinstance(value, str) and conversion == "s":
        factor = 1
    return factor * deep_size(value, output_limit()) + 2


def percent_size(fmt: Any, args: Any) -> int:
    """An upper bound of ``len(fmt % args)``, from the conversions in ``fmt`` and the
    arguments they consume, without formatting anything."""
    if isinstance(fmt, _BYTES):
        fmt = bytes(fmt).decode("latin-1")
    if "%" not in fmt:
        return len(fmt)
    values = args if isinstance(args, tuple) else (args,)
    mapping = args if not isinstance(args, (tuple, str)) and hasattr(args, "__getitem__") else None
    total, index = len(fmt), 0
    for key, width, precision, conversion in _PERCENT_SPEC.findall(fmt):
        if conversion == "%":
            continue
        widths = []
        for part in (width, precision):
            if part == "*":
                value = values[index] if index < len(values) else 0
                index += 1
                widths.append(abs(value) if _is_int(value) else 0)
            else:
                widths.append(_number(part) if part else None)
        if key and mapping is not None:
            try:
                value = mapping[key[1:-1]]
            except Exception:
                value = ""  # Python raises the KeyError itself
        else:
            value = values[index] if index < len(values) else ""
            index += 1
        total += max(widths[0] or 0, _text_size(value, conversion, widths[1]))
    return total


class LimitedFormatter(SandboxedFormatter):
    """``str.format``/``format_map`` in the sandbox: each field's width and precision is
    refused when too large (the spec is checked after nested fields such as ``{:{}}`` are
    filled in), and the text built so far is counted field by field, so ``'{0}' * 60000``
    formatted with a long value stops at the budget instead of after building it."""

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        self.built = 0

    def vformat(self, format_string, args, kwargs):
        self.built = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def format_field(self, value: Any, format_spec: str) -> Any:
        tick()
        limit = output_limit()
        for number in re.findall(r"\d+", format_spec):
            if len(number) > 9 or int(number) > limit:
                raise ResourceLimitExceeded(f"a format width of {number} exceeds the output_chars limit")
        check_value(value, "a formatted value")
        result = super().format_field(value, format_spec)
        self.built += len(result)
        refuse_size(self.built, "str.format's result")
        return result


# ---------------------------------------------------------------- methods of str
_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill"})


def check_str_method(owner: str, name: str, args: tuple, kwargs: dict) -> tuple:
    """Refuse ``owner.name(*args, **kwargs)`` when its result could exceed the budget;
    returns the arguments to call with (a generator given to ``join`` is materialised)."""
    limit = output_limit()
    if name in _WIDTH_METHODS:
        for arg in (*args, *kwargs.values()):
            if _is_int(arg) and abs(arg) > limit:
                raise ResourceLimitExceeded(f"str.{name}({arg:,}) exceeds the output_chars limit")
    elif name == "expandtabs":
        size = (args[0] if args else kwargs.get("tabsize", 8))
        if _is_int(size) and size > 0:
            refuse_size(len(owner) + owner.count("\t") * size, "str.expandtabs's result")
    elif name == "translate" and args:
        refuse_size(translate_size(owner, args[0]), "str.translate's result")
    elif name == "join" and args:
        if isinstance(args[0], str):  # joins its characters
            refuse_size(len(args[0]) + len(owner) * len(args[0]), "str.join's result")
        else:
            items = list(guard_iter(args[0]))
            refuse_size(deep_size(items, limit) + len(owner) * len(items), "str.join's result")
            args = (items, *args[1:])
    elif name == "replace" and len(args) >= 2:
        refuse_size(replace_size(owner, args[0], args[1], args[2] if len(args) > 2 else -1), "str.replace's result")
    return args


def translate_size(text: str, table: Any) -> int:
    """An upper bound of ``len(text.translate(table))``."""
    if isinstance(table, dict):
        values = table.values()
    elif isinstance(table, (list, tuple)):
        values = table
    else:
        return len(text)  # a str table maps to single characters; anything else raises
    longest = max((len(v) for v in values if isinstance(v, str)), default=1)
    bound = len(text) * max(longest, 1)
    if bound <= output_limit() or not isinstance(table, dict):
        return bound
    long_keys = [(k, v) for k, v in table.items() if isinstance(v, str) and len(v) > 1]
    if len(long_keys) > 64:
        return bound
    exact = len(text)  # the characters each long replacement adds, where its key occurs
    for key, value in long_keys:
        char = chr(key) if _is_int(key) and 0 <= key < 0x110000 else None
        if char is not None:
            exact += text.count(char) * (len(value) - 1)
    return exact


def replace_size(text: Any, old: Any, new: Any, count: Any = -1) -> int:
    """An upper bound of ``len(text.replace(old, new, count))``."""
    if not isinstance(text, str) or not isinstance(new, str) or not isinstance(old, str):
        return 0
    found = len(text) + 1 if old == "" else text.count(old)
    if _is_int(count) and count >= 0:
        found = min(found, count)
    return len(text) + found * len(new)


# ---------------------------------------------------------------- filters
SIZE_FILTERS = frozenset({"center", "indent", "slice", "batch", "truncate", "wordwrap"})


def check_filter(name: str, value: Any, extra: tuple, kwargs: dict) -> Any:
    """Refuse ``value|name(*extra, **kwargs)`` when its result could exceed the budget;
    returns the value to filter (a generator given to ``join``/``sum`` is materialised)."""
    limit = output_limit()
    if name in SIZE_FILTERS:
        for arg in (*extra, *kwargs.values()):
            if _is_int(arg) and abs(arg) > limit:
                raise ResourceLimitExceeded(f"|{name}({arg:,}) exceeds the output_chars limit")
    if name == "format" and isinstance(value, str):
        refuse_size(percent_size(value, kwargs or extra), "|format's result")
    elif name == "replace" and len(extra) >= 2:
        refuse_size(replace_size(str(value), extra[0], extra[1], extra[2] if len(extra) > 2 else kwargs.get("count", -1)), "|replace's result")
    elif name == "join" and isinstance(value, str):  # joins its characters
        refuse_size(len(value) + _sep_size(extra, kwargs, len(value)), "|join's result")
    elif name in ("join", "sum") and not isinstance(value, str):
        items = list(guard_iter(value))  # a generator from |map: materialise it once (a dict: its keys)
        refuse_size(deep_size(items, limit) + _sep_size(extra, kwargs, len(items)), f"|{name}'s result")
        return items
    elif name == "indent" and isinstance(value, str):
        width = extra[0] if extra else kwargs.get("width", 4)
        step = len(width) if isinstance(width, str) else (width if _is_int(width) and width > 0 else 0)
        refuse_size(_lines_size(value, step), "|indent's result")
    elif name == "wordwrap" and isinstance(value, str):
        refuse_size(_wordwrap_size(value, extra, kwargs), "|wordwrap's result")
    elif name == "urlize" and isinstance(value, str):
        added = sum(len(v) for v in (*extra[2:4], kwargs.get("target"), kwargs.get("rel")) if isinstance(v, str))
        refuse_size(len(value) + (len(value) // 2 + 1) * added, "|urlize's result")
    elif name == "tojson":
        indent = extra[0] if extra else kwargs.get("indent")
        step = len(indent) if isinstance(indent, str) else (indent if _is_int(indent) and indent > 0 else 0)
        if _is_int(indent) and indent > limit:
            raise ResourceLimitExceeded(f"|tojson({indent:,}) exceeds the output_chars limit")
        if step:
            refuse_size(layout_size(value, step, limit), "|tojson's result")
    elif name == "pprint":
        refuse_size(layout_size(value, 1, limit), "|pprint's result")
    return value


def _lines_size(text: str, per_line: int) -> int:
    """An upper bound of ``text`` with ``per_line`` characters added to every line."""
    if per_line <= 0:
        return len(text)
    lines = len(text) + 2  # at most a line per character: counting them costs a split
    if lines * per_line > output_limit():
        lines = len(text.splitlines()) + 2
    return len(text) + lines * per_line


def _wordwrap_size(text: str, extra: tuple, kwargs: dict) -> int:
    """An upper bound of ``text|wordwrap(...)``: a paragraph wraps into at most
    2 × its length / width + 1 lines (two neighbouring lines hold more than ``width``
    characters together), each joined by the wrap string."""
    width = extra[0] if extra else kwargs.get("width", 79)
    wrap = extra[2] if len(extra) > 2 else kwargs.get("wrapstring")
    join = len(wrap) if isinstance(wrap, str) else 1
    lines = len(text) + 2
    if lines * join > output_limit() and _is_int(width) and width > 0:
        lines = 2 * len(text) // width + len(text.splitlines()) + 2
    return len(text) + lines * join


def _sep_size(extra: tuple, kwargs: dict, count: int) -> int:
    sep = extra[0] if extra else kwargs.get("d", "")
    return len(sep) * count if isinstance(sep, str) else 0


# ---------------------------------------------------------------- globals
def limited_lipsum(lipsum):
    def guarded(n=5, html=True, min=20, max=100):
        if not all(_is_int(v) for v in (n, min, max)):
            raise TypeError("lipsum() takes integers")
        refuse_size(abs(n) * abs(max) * 12, "lipsum()'s text")
        return lipsum(n, html, min, max)

    guarded.__doc__ = lipsum.__doc__
    return guarded


def limited_range(*args):
    """``range()`` that refuses more items than the output budget allows."""
    rng = range(*args)
    limit = min(output_limit(), 100_000)
    if len(rng) > limit:
        raise ResourceLimitExceeded(f"range() of {len(rng):,} items; at most {limit:,} are allowed")
    return rng


class LimitedNamespace(Namespace):
    """``namespace()`` whose attributes cannot grow past the output budget."""

    def __setitem__(self, name: str, value: Any) -> None:
        tick()
        check_value(value, f"namespace attribute '{name}'")
        super().__setitem__(name, value)


__all__ = [
    "LimitedFormatter", "LimitedNamespace", "RenderState", "ResourceLimitExceeded", "budget_var", "check_binop",
    "check_filter", "check_str_method", "check_value", "concat_operands", "deep_size", "guard_iter", "layout_size",
    "limited_lipsum", "limited_range", "output_limit", "percent_size", "refuse_size", "tick",
]
