"""Preview: every variant as the customer will see it.

* :mod:`.collect` loads, renders and lints a project once and answers "which variants and
  which findings belong to this comm / locale / channel";
* :mod:`.layout` is the channel arithmetic both views share (lock-screen truncation, SMS
  parts, letter address blocks);
* :mod:`.email_html` turns an email variant into the HTML email and its plain-text part;
* :mod:`.terminal` draws rich frames in the terminal; :mod:`.cards` draws the same frames
  as HTML; :mod:`.site` builds the static site; :mod:`.diff` pairs variants with a base ref;
  :mod:`.serve` serves the site and rebuilds it when files change.
"""
