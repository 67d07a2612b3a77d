"""Templates for ``ccm init``: a working content repository per region.

``_common/`` holds the tooling every repository gets (CI workflows, pre-commit, editor
settings); ``<region>/`` holds the content (ccm.yaml, brand/, policies/, comms/, CODEOWNERS).
Every template file ends in ``.tmpl`` (stripped when written); a path segment ``dot-x``
is written as ``.x`` (hidden folders would be skipped by the package-data globs).
Placeholders: ``__PROJECT__``, ``__ORG__``, ``__CCM_VERSION__``, ``__REGION__``.
"""
