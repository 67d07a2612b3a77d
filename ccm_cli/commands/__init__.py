"""The CLI commands, one module per command; :mod:`ccm_cli.cli` registers them and runs them.

Each module holds a command's typer function: its arguments and options, their checks, the
calls into the library and the exit code. At module level it imports only typer and the
standard library (the rest inside the command), so that ``ccm --help`` stays fast.

* :mod:`.lint` — ``ccm lint``: a content repository, or loose prose files (which comms a run
  lints is :mod:`ccm_cli.selection`'s decision)
* :mod:`.merge_results` — ``ccm merge-results``: the reports of every shard, as one
* :mod:`.rules` — ``ccm rules`` and ``ccm explain``: the rule catalogue
* :mod:`.schema` — ``ccm schema``: the JSON Schemas and their editor modelines
* :mod:`.preview` — ``ccm preview``: in the terminal, as a static site or served
* :mod:`.publish` — ``ccm publish`` and ``ccm releases``: releases on a publish target
* :mod:`.init` — ``ccm init``: a new content repository (:mod:`.ccm_source`: the ccm its CI installs)
* :mod:`.diff` — ``ccm diff``: what customers will read differently
* :mod:`.report_options` — what the commands that print a report share: ``--format``
  checking, ``--fail-on`` parsing, writing to standard output or ``--output``
"""
