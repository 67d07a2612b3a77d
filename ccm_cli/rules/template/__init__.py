"""Template rules: Jinja syntax, the data contract, clauses, snippets, facts, the sandbox.

This package's registry: its rule modules, in catalogue order."""

MODULES = (
    "syntax_error",
    "undeclared_variable",
    "unused_variable",
    "unknown_clause",
    "unknown_snippet",
    "unknown_fact",
    "sandbox_violation",
    "render_error",
    "resource_limit",
    "loosened_limit",
    "reserved_character",
    "bad_file",
    "uncovered_branch",
    "unhandled_enum_value",
    "uncovered_snippet_branch",
    "placeholder",
)
